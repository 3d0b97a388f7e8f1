package bnsweep.train;

import java.io.Serializable;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the driver broadcasts to the workers at each averaging round: the network's configuration,
 * its flattened parameters (weights and, in DL4J, BN running statistics), the updater state
 * (e.g. Adam's moments) and the iteration/epoch counters that schedules and Adam's bias correction use.
 */
public record ModelState(String configJson, float[] params, float[] updater, int iteration, int epoch)
        implements Serializable {

    public static ModelState of(MultiLayerNetwork net) {
        INDArray u = updaterView(net);
        return new ModelState(net.getLayerWiseConfigurations().toJson(), net.params().toFloatVector(),
                u == null ? new float[0] : u.toFloatVector(),
                net.getLayerWiseConfigurations().getIterationCount(), net.getLayerWiseConfigurations().getEpochCount());
    }

    /** Loads this state into a network of the same configuration. */
    public void loadInto(MultiLayerNetwork net) {
        net.setParams(Nd4j.createFromArray(params));
        INDArray u = updaterView(net);
        if (u != null && updater.length > 0) u.assign(Nd4j.createFromArray(updater));
        net.getLayerWiseConfigurations().setIterationCount(iteration);
        net.getLayerWiseConfigurations().setEpochCount(epoch);
    }

    public ModelState with(float[] newParams, float[] newUpdater, int newIteration) {
        return new ModelState(configJson, newParams, newUpdater, newIteration, epoch);
    }

    public ModelState withEpoch(int newEpoch) {
        return new ModelState(configJson, params, updater, iteration, newEpoch);
    }

    private static INDArray updaterView(MultiLayerNetwork net) {
        Updater u = net.getUpdater(true);
        INDArray view = u == null ? null : u.getStateViewArray();
        return view == null || view.length() == 0 ? null : view;
    }
}
