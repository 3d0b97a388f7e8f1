package bnsweep.train;

/**
 * One epoch's numbers. Train and validation loss/accuracy come from inference-mode passes over
 * the whole split after the epoch; {@code epochSeconds} is the wall time of the epoch's training
 * rounds (evaluation excluded) and {@code examplesPerSecond} the training examples per second of it.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc,
                           double epochSeconds, double examplesPerSecond) {}
