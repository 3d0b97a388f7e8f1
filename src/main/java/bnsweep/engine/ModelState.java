package bnsweep.engine;

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
 * What the driver broadcasts to the workers at each averaging round: the network's configuration,
 * its flattened parameters (weights and, in DL4J, BN running statistics), the updater state
 * (e.g. Adam's moments) and the iteration/epoch counters that schedules and Adam's bias correction use.
 * Immutable.
 */
public final class ModelState implements Serializable {
    private final String configJson;
    private transient float[] params;
    private transient float[] updater;
    private final int iteration;
    private final int epoch;

    public ModelState(String configJson, float[] params, float[] updater, int iteration, int epoch) {
        this.configJson = configJson;
        this.params = params;
        this.updater = updater;
        this.iteration = iteration;
        this.epoch = epoch;
    }

    public static ModelState of(MultiLayerNetwork net) {
        INDArray u = updaterView(net);
        return new ModelState(net.getLayerWiseConfigurations().toJson(), NdArrays.read(net.params()),
                u == null ? new float[0] : NdArrays.read(u),
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

    public ModelState with(float[] newParams, float[] newUpdater, int newIteration) {
        return new ModelState(configJson, newParams, newUpdater, newIteration, epoch);
    }

    public ModelState withEpoch(int newEpoch) {
        return new ModelState(configJson, params, updater, iteration, newEpoch);
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

    public int iteration() {
        return iteration;
    }

    public int epoch() {
        return epoch;
    }

    static INDArray updaterView(MultiLayerNetwork net) {
        Updater u = net.getUpdater(true);
        INDArray view = u == null ? null : u.getStateViewArray();
        return view == null || view.length() == 0 ? null : view;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        FloatArrayIO.write(out, params);
        FloatArrayIO.write(out, updater);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        params = FloatArrayIO.read(in);
        updater = FloatArrayIO.read(in);
    }
}
