package bnsweep.config;

import java.io.Serializable;

/**
 * What the training engine needs of a run's settings.
 *
 * @param averagingFrequency steps per synchronisation round ({@link TrainKeys#AVERAGING_FREQUENCY})
 * @param shuffle            visit each shard in a new seeded order every epoch (false: stored order, for tests)
 * @param preciseBnExamples  training examples precise BN may use, 0 for all
 * @param collective         how the workers exchange, and where the collective listens
 * @param maxEpochAttempts   how often an epoch is run at most when its Spark stage fails
 * @param progressIntervalMillis how often a running epoch reports its progress
 * @param step               what computes a worker's training step ({@link TrainKeys#STEP})
 */
public record EngineSettings(int batchSize, int averagingFrequency, SyncAlgorithm sync, long seed, boolean shuffle,
                             int preciseBnExamples, CollectiveSettings collective, int maxEpochAttempts,
                             long progressIntervalMillis, TrainingStep step) implements Serializable {
    public EngineSettings {
        if (batchSize < 1 || averagingFrequency < 1) throw new IllegalArgumentException("batch size and averaging frequency must be >= 1");
        if (maxEpochAttempts < 1 || progressIntervalMillis < 1) throw new IllegalArgumentException("attempts and progress interval must be >= 1");
    }

    public EngineSettings withSync(SyncAlgorithm newSync) {
        return new EngineSettings(batchSize, averagingFrequency, newSync, seed, shuffle, preciseBnExamples,
                collective, maxEpochAttempts, progressIntervalMillis, step);
    }

    public EngineSettings with(CollectiveAlgorithm algorithm) {
        return new EngineSettings(batchSize, averagingFrequency, sync, seed, shuffle, preciseBnExamples,
                collective.with(algorithm), maxEpochAttempts, progressIntervalMillis, step);
    }

    /** Longest wait of a worker for the others at a collective call. */
    public long collectiveTimeoutMillis() {
        return collective.timeoutMillis();
    }

    public EngineSettings withStep(TrainingStep newStep) {
        return new EngineSettings(batchSize, averagingFrequency, sync, seed, shuffle, preciseBnExamples,
                collective, maxEpochAttempts, progressIntervalMillis, newStep);
    }
}
