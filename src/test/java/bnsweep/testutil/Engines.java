package bnsweep.testutil;

import bnsweep.config.CollectiveSettings;
import bnsweep.config.EngineSettings;
import bnsweep.config.SyncAlgorithm;
import bnsweep.config.TrainKeys;

/** Tests and benchmarks: engine settings from the declared defaults. */
public final class Engines {
    private Engines() {}

    /**
     * Parameter averaging with the declared defaults of the remaining settings ({@link TrainKeys}), but one attempt
     * per epoch: tests and benchmarks see a failure at once instead of its retry.
     */
    public static EngineSettings averaging(int batchSize, int averagingFrequency, long seed, boolean shuffle) {
        return new EngineSettings(batchSize, averagingFrequency, SyncAlgorithm.AVERAGE, seed, shuffle,
                TrainKeys.PRECISE_BN_EXAMPLES.parsedDefault(),
                CollectiveSettings.of(TrainKeys.COLLECTIVE.parsedDefault(), Math.round(TrainKeys.COLLECTIVE_TIMEOUT.parsedDefault() * 1000)), 1,
                Math.round(TrainKeys.PROGRESS_INTERVAL.parsedDefault() * 1000), TrainKeys.STEP.parsedDefault());
    }
}
