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
 * Configuration of bnsweep's BN layer: DL4J's BatchNormalization (same parameters: gamma, beta,
 * mean, log10stdev; same inference) whose training forward and backward pass are
 * {@link BatchNormFunction}, in one of three forms: the worker's own minibatch (BN mode
 * {@code local}), all workers' minibatches together ({@code sync}, through the exchange the engine
 * attaches) or ghost batches of {@code ghostBatch} rows ({@code ghost}). Serialises to JSON like
 * any DL4J layer configuration (the class name is in the JSON).
 */
public class SyncBatchNormalization extends BatchNormalization {
    private boolean acrossWorkers;
    private int ghostBatch;

    public SyncBatchNormalization() {
        super();
    }

    /** A layer of {@code features} in the given BN mode (not {@code none}). */
    public static SyncBatchNormalization of(int features, BnMode mode, int ghostBatch) {
        if (!mode.batchNorm()) throw new IllegalArgumentException("no BN layer for bn=none");
        SyncBatchNormalization l = new SyncBatchNormalization();
        l.setNIn(features);
        l.setNOut(features);
        l.setAcrossWorkers(mode == BnMode.SYNC);
        l.setGhostBatch(mode == BnMode.GHOST ? ghostBatch : 0);
        return l;
    }

    public boolean isAcrossWorkers() {
        return acrossWorkers;
    }

    public void setAcrossWorkers(boolean acrossWorkers) {
        this.acrossWorkers = acrossWorkers;
    }

    /** Rows per normalisation group; 0: the whole minibatch. */
    public int getGhostBatch() {
        return ghostBatch;
    }

    public void setGhostBatch(int ghostBatch) {
        this.ghostBatch = ghostBatch;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        LayerValidation.assertNOutSet("SyncBatchNormalization", getLayerName(), layerIndex, getNOut());
        SyncBatchNormalizationLayer layer = new SyncBatchNormalizationLayer(conf, dataType);
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
        return super.equals(o) && o instanceof SyncBatchNormalization s && s.acrossWorkers == acrossWorkers && s.ghostBatch == ghostBatch;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * super.hashCode() + Boolean.hashCode(acrossWorkers)) + ghostBatch;
    }
}
