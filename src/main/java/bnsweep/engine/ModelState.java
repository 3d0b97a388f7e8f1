package bnsweep.engine;

import bnsweep.bn.BnParamLayout;
import bnsweep.util.FloatArrayIO;
import bnsweep.util.NdArrays;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The model between epochs, as the driver broadcasts it to the workers and checkpoints it: the
 * network's configuration, its flattened parameters (weights and, in DL4J, the BN running
 * statistics: the "averaged" inference statistics), the updater state (e.g. Adam's moments), the
 * iteration/epoch counters that schedules and Adam's bias correction use, and the "merged" BN
 * running statistics (per BN layer its mean, then its variance; empty without BN). Immutable.
 */
public final class ModelState implements Serializable {
    private final String configJson;
    private transient float[] params;
    private transient float[] updater;
    private transient float[] merged;
    private final int iteration;
    private final int epoch;

    public ModelState(String configJson, float[] params, float[] updater, float[] merged, int iteration, int epoch) {
        this.configJson = configJson;
        this.params = params;
        this.updater = updater;
        this.merged = merged;
        this.iteration = iteration;
        this.epoch = epoch;
    }

    public static ModelState of(MultiLayerNetwork net) {
        INDArray u = updaterView(net);
        float[] params = NdArrays.read(net.params());
        return new ModelState(net.getLayerWiseConfigurations().toJson(), params,
                u == null ? new float[0] : NdArrays.read(u), BnParamLayout.of(net).statistics(params),
                net.getLayerWiseConfigurations().getIterationCount(), net.getLayerWiseConfigurations().getEpochCount());
    }

    /** Loads this state into a network of the same configuration. */
    public void loadInto(MultiLayerNetwork net) {
        NdArrays.write(params, net.params());
        INDArray u = updaterView(net);
        if (u != null && updater.length > 0) NdArrays.write(updater, u);
        net.getLayerWiseConfigurations().setIterationCount(iteration);
        net.getLayerWiseConfigurations().setEpochCount(epoch);
    }

    public ModelState with(float[] newParams, float[] newUpdater, float[] newMerged, int newIteration) {
        return new ModelState(configJson, newParams, newUpdater, newMerged, newIteration, epoch);
    }

    public ModelState withEpoch(int newEpoch) {
        return new ModelState(configJson, params, updater, merged, iteration, newEpoch);
    }

    /** This state with its parameters' BN running statistics replaced by {@code statistics} (layout of {@link #merged}). */
    public ModelState withBnStatistics(BnParamLayout layout, float[] statistics) {
        float[] p = params.clone();
        layout.writeStatistics(p, statistics);
        return new ModelState(configJson, p, updater, merged, iteration, epoch);
    }

    public String configJson() {
        return configJson;
    }

    /** The flattened parameters (not a copy: do not modify). */
    public float[] params() {
        return params;
    }

    /** The flattened updater state (not a copy: do not modify). */
    public float[] updater() {
        return updater;
    }

    /** The merged BN running statistics: per BN layer its mean, then its variance (not a copy: do not modify). */
    public float[] merged() {
        return merged;
    }

    public int iteration() {
        return iteration;
    }

    public int epoch() {
        return epoch;
    }

    public static INDArray updaterView(MultiLayerNetwork net) {
        Updater u = net.getUpdater(true);
        INDArray view = u == null ? null : u.getStateViewArray();
        return view == null || view.length() == 0 ? null : view;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        FloatArrayIO.write(out, params);
        FloatArrayIO.write(out, updater);
        FloatArrayIO.write(out, merged);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        params = FloatArrayIO.read(in);
        updater = FloatArrayIO.read(in);
        merged = FloatArrayIO.read(in);
    }
}
