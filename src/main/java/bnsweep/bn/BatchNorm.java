package bnsweep.bn;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of bnsweep's BN layer ({@link BatchNormLayer}): DL4J's BatchNormalization (same
 * parameters gamma, beta, mean, log10stdev; same inference) with the layer's {@link BnMode}. The
 * mode alone decides what a training step normalises over, in {@link #groupRows} and
 * {@link #exchange}, as PyTorch's SyncBatchNorm decides in its forward: {@code local} the worker's
 * own minibatch, {@code sync} all workers' minibatches (through the exchange the engine offers),
 * {@code ghost} ghost batches of {@code ghostBatch} rows. Serialises to JSON like any DL4J layer
 * configuration (the class name is in the JSON).
 */
public class BatchNorm extends BatchNormalization {
    private BnMode mode = BnMode.LOCAL;
    private int ghostBatch;

    public BatchNorm() {
        super();
    }

    /** ε and the running-average rate r of a BN layer unless a configuration says otherwise (PyTorch's and DL4J's), as configs write them. */
    public static final String DEFAULT_EPSILON = "1e-5", DEFAULT_RUNNING_RATE = "0.1";

    /** A layer of {@code features} in the given BN mode with the default ε and running-average rate. */
    public static BatchNorm of(int features, BnMode mode, int ghostBatch) {
        return of(features, mode, ghostBatch, Double.parseDouble(DEFAULT_EPSILON), Double.parseDouble(DEFAULT_RUNNING_RATE));
    }

    /**
     * A layer of {@code features} in the given BN mode (not {@code none}); {@code ghostBatch} is used by {@code ghost} only.
     * {@code eps} is the ε of x̂ = (x − μ)/√(σ² + ε); {@code runningRate} r the batch's weight in the running statistics,
     * running ← (1 − r)·running + r·batch (DL4J's decay is 1 − r).
     */
    public static BatchNorm of(int features, BnMode mode, int ghostBatch, double eps, double runningRate) {
        if (!mode.batchNorm()) throw new IllegalArgumentException("no BN layer for bn=none");
        if (!(eps > 0) || !(runningRate > 0 && runningRate <= 1)) {
            throw new IllegalArgumentException("BN needs eps > 0 and a running-average rate in (0, 1], not " + eps + ", " + runningRate);
        }
        BatchNorm l = new BatchNorm();
        l.setEps(eps);
        l.setDecay(1 - runningRate);
        l.setNIn(features);
        l.setNOut(features);
        l.setMode(mode);
        l.setGhostBatch(mode == BnMode.GHOST ? ghostBatch : 0);
        return l;
    }

    public BnMode getMode() {
        return mode;
    }

    public void setMode(BnMode mode) {
        this.mode = mode;
    }

    /** Rows per ghost batch ({@code ghost}); 0 otherwise. */
    public int getGhostBatch() {
        return ghostBatch;
    }

    public void setGhostBatch(int ghostBatch) {
        this.ghostBatch = ghostBatch;
    }

    /** Rows normalised together in a training step of {@code rows}: a ghost batch, or the whole minibatch. */
    int groupRows(int rows) {
        int group = mode == BnMode.GHOST ? ghostBatch : rows;
        if (group < 1 || rows % group != 0) {
            throw new IllegalArgumentException("ghost batch " + group + " does not divide the minibatch of " + rows + " examples");
        }
        return group;
    }

    /** The exchange with the other workers this mode normalises through: the offered one for {@code sync}, else none. */
    BatchNormKernel.Exchange exchange(BnContext offered) {
        return mode == BnMode.SYNC && offered != null ? offered.exchange() : null;
    }

    /** Whether training leaves this layer's running statistics equal on every worker (so nothing averages them). */
    public boolean runningStatisticsShared() {
        return mode == BnMode.SYNC;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        LayerValidation.assertNOutSet("BatchNorm", getLayerName(), layerIndex, getNOut());
        BatchNormLayer layer = new BatchNormLayer(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> table = initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof BatchNorm s && s.mode == mode && s.ghostBatch == ghostBatch;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * super.hashCode() + mode.hashCode()) + ghostBatch;
    }
}
