package bnsweep.engine;

/**
 * One epoch's numbers. Train and validation loss/accuracy come from inference-mode passes over
 * the whole split after the epoch; {@code epochSeconds} is the wall time of the epoch's training
 * rounds (evaluation excluded) and {@code examplesPerSecond} the training examples per second of it.
 * {@code bnDriftMax}/{@code bnDriftMean}: over the epoch's averaging rounds, the largest relative
 * difference between the exactly merged BN running variance and the naively averaged one (max and
 * mean over rounds; 0 without BN).
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc,
                           double epochSeconds, double examplesPerSecond, double bnDriftMax, double bnDriftMean)
        implements java.io.Serializable {}
