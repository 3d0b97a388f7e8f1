package bnsweep.bn;

import bnsweep.util.NdArrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * bnsweep's BN layer in DL4J: DL4J's BatchNormalization with the training forward and backward pass
 * of {@link BatchNormKernel} (Dense inputs, float), over what its configuration's mode says
 * ({@link BatchNorm#groupRows}, {@link BatchNorm#exchange}). Inference, the parameters and the running
 * statistics' update rule are DL4J's: the gradient entries of {@code mean} and {@code log10stdev}
 * carry the update {@link BatchNormKernel#runningUpdate}, which DL4J's updater applies without
 * scaling (Dl4jBatchNormSemanticsTest). The batch moments are the worker's own (local), all
 * workers' ({@code sync}) or the whole minibatch's (ghost batches). The engine only offers an
 * exchange ({@link #attach}); the layer decides whether to use it. bnsweep's own training step
 * ({@code engine.worker.DenseStep}) runs the same kernel on the same parameters without DL4J's layers.
 */
public class BatchNormLayer extends BatchNormalization {
    private transient BnContext context;
    private transient BatchNormKernel.Saved saved;

    public BatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Offers the exchange and moments log of the steps to come (null: this worker alone, nothing recorded). */
    public void attach(BnContext context) {
        this.context = context;
    }

    private BatchNorm config() {
        return (BatchNorm) layerConf();
    }

    @Override
    public INDArray preOutput(INDArray x, TrainingMode training, LayerWorkspaceMgr workspaceMgr) {
        if (training != TrainingMode.TRAIN || x.rank() != 2) return super.preOutput(x, training, workspaceMgr);
        int rows = (int) x.size(0), f = (int) x.size(1);
        INDArray in = contiguous(x);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, rows, f);
        saved = BatchNormKernel.forward(config(), context, NdArrays.memory(in), rows, f, NdArrays.memory(getParam(BatchNormalizationParamInitializer.GAMMA)),
                NdArrays.memory(getParam(BatchNormalizationParamInitializer.BETA)), NdArrays.memory(out), null);
        if (context != null) context.record(index, saved.batch);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (saved == null || epsilon.rank() != 2) return super.backpropGradient(epsilon, workspaceMgr);
        int rows = (int) epsilon.size(0), f = (int) epsilon.size(1);
        INDArray next = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, rows, f);
        BatchNormKernel.backward(NdArrays.memory(contiguous(epsilon)), saved, NdArrays.memory(getParam(BatchNormalizationParamInitializer.GAMMA)),
                NdArrays.memory(next), view(BatchNormalizationParamInitializer.GAMMA), view(BatchNormalizationParamInitializer.BETA));
        String stat = config().isUseLogStd() ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD : BatchNormalizationParamInitializer.GLOBAL_VAR;
        BatchNormKernel.runningUpdate(config(), saved.batch, NdArrays.memory(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)),
                NdArrays.memory(getParam(stat)), view(BatchNormalizationParamInitializer.GLOBAL_MEAN), view(stat));
        Gradient g = new DefaultGradient();
        for (String key : new String[] {BatchNormalizationParamInitializer.GAMMA, BatchNormalizationParamInitializer.BETA,
                BatchNormalizationParamInitializer.GLOBAL_MEAN, stat}) {
            g.setGradientFor(key, gradientViews.get(key));
        }
        saved = null;
        return new Pair<>(g, next);
    }

    private java.nio.FloatBuffer view(String key) {
        return NdArrays.memory(gradientViews.get(key));
    }

    private static INDArray contiguous(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1 ? a : a.dup('c').castTo(DataType.FLOAT);
    }
}
