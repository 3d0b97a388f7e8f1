package bnsweep.engine;

import java.io.Serializable;

/**
 * One epoch's numbers. Train and validation loss/accuracy come from inference-mode passes over
 * the whole split after the epoch, with BN statistics of the default inference variant;
 * {@code valAccByVariant} holds validation accuracy per {@code BnInference} (by ordinal; NaN
 * without BN). {@code epochSeconds} is the wall time of the epoch's training stage plus the
 * precise-BN recomputation ({@code preciseSeconds}; evaluation excluded), {@code examplesPerSecond}
 * the training examples per second of the training stage alone. {@code bnDriftMax}/{@code bnDriftMean}:
 * over the epoch's synchronisation rounds, the largest relative difference between the merged and
 * the averaged BN running variance (max and mean over rounds; 0 without BN).
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc,
                           double epochSeconds, double examplesPerSecond, double bnDriftMax, double bnDriftMean,
                           double[] valAccByVariant, double preciseSeconds) implements Serializable {}
