package bnsweep.config;

import bnsweep.util.Ids;

/** What computes a worker's training step (config key {@code step}). */
public enum TrainingStep implements Ids.Named {
    /** bnsweep's own step for the dense networks it builds (engine.worker.DenseStep); DL4J's fit for a network it does not cover. */
    BNSWEEP,
    /** DL4J's MultiLayerNetwork.fit with bnsweep's BN layer: the reference bnsweep's step is tested against. */
    DL4J;

    public static TrainingStep fromId(String id) {
        return Ids.byId("training step", id, values());
    }
}
