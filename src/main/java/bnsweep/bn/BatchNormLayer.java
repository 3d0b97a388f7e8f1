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
 * bnsweep's BN layer: DL4J's BatchNormalization with the training forward and backward pass of
 * {@link BatchNormFunction} (Dense inputs, float), over what its configuration's mode says
 * ({@link BatchNorm#groupRows}, {@link BatchNorm#exchange}). Inference, the parameters and the running
 * statistics' update rule are DL4J's: the gradient entries of {@code mean} and {@code log10stdev}
 * carry the update (mean - batch_mean)(1 - decay) and log10(sqrt(v / v')), v' = decay v + (1 - decay) batch_var,
 * which DL4J's updater applies without scaling (Dl4jBatchNormSemanticsTest). The batch moments are
 * the worker's own (local), all workers' ({@code sync}) or the whole minibatch's (ghost batches).
 * The engine only offers an exchange ({@link #attach}); the layer decides whether to use it.
 */
public class BatchNormLayer extends BatchNormalization {
    private transient BnContext context;
    private transient BatchNormFunction.Saved saved;
    private transient BatchNormFunction.Exchange savedExchange;

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
        BatchNorm c = config();
        int group = c.groupRows(rows);
        savedExchange = c.exchange(context);
        double[] y = new double[rows * f];
        saved = BatchNormFunction.forward(doubles(x), rows, f, doubles(getParam(BatchNormalizationParamInitializer.GAMMA)),
                doubles(getParam(BatchNormalizationParamInitializer.BETA)), c.getEps(), group, savedExchange, y);
        if (context != null) context.record(index, saved.batch);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, rows, f);
        NdArrays.write(floats(y), out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (saved == null || epsilon.rank() != 2) return super.backpropGradient(epsilon, workspaceMgr);
        int rows = (int) epsilon.size(0), f = (int) epsilon.size(1);
        double[] dx = new double[rows * f], dGamma = new double[f], dBeta = new double[f];
        BatchNormFunction.backward(doubles(epsilon), saved, doubles(getParam(BatchNormalizationParamInitializer.GAMMA)),
                savedExchange, dx, dGamma, dBeta);
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, writeView(BatchNormalizationParamInitializer.GAMMA, floats(dGamma)));
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, writeView(BatchNormalizationParamInitializer.BETA, floats(dBeta)));
        runningStatisticsUpdate(g, saved.batch);
        INDArray next = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, rows, f);
        NdArrays.write(floats(dx), next);
        saved = null;
        savedExchange = null;
        return new Pair<>(g, next);
    }

    /** DL4J's running-statistics update, as gradient entries the updater subtracts unscaled. */
    private void runningStatisticsUpdate(Gradient g, BnMoments batch) {
        double d = config().getDecay();
        double[] mean = batch.mean(), var = batch.variance();
        float[] gm = param(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        float[] dMean = new float[gm.length];
        for (int j = 0; j < gm.length; j++) dMean[j] = (float) ((gm[j] - mean[j]) * (1 - d));
        g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, writeView(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMean));
        if (config().isUseLogStd()) {
            float[] log10s = param(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            float[] dLog = new float[log10s.length];
            for (int j = 0; j < dLog.length; j++) {
                double v = Math.pow(10, 2.0 * log10s[j]), next = d * v + (1 - d) * var[j];
                dLog[j] = (float) (Math.log(v / next) * ONE_ON_2LOGE_10);
            }
            g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, writeView(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, dLog));
        } else {
            float[] gv = param(BatchNormalizationParamInitializer.GLOBAL_VAR);
            float[] dVar = new float[gv.length];
            for (int j = 0; j < gv.length; j++) dVar[j] = (float) ((gv[j] - var[j]) * (1 - d));
            g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR, writeView(BatchNormalizationParamInitializer.GLOBAL_VAR, dVar));
        }
    }

    private float[] param(String key) {
        return NdArrays.read(getParam(key));
    }

    private static double[] doubles(INDArray a) {
        float[] f = NdArrays.read(a.castTo(DataType.FLOAT));
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private INDArray writeView(String key, float[] values) {
        INDArray view = gradientViews.get(key);
        NdArrays.write(values, view);
        return view;
    }
}
