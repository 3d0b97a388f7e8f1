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
 * the averaged BN running variance (max and mean over rounds; 0 without BN). {@code steps}: the minibatch steps each
 * worker made; {@code collectiveSeconds}: the seconds a worker spent in the collective's calls during the stage
 * (waiting for the others included), mean over the workers.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc,
                           double epochSeconds, double examplesPerSecond, double bnDriftMax, double bnDriftMean,
                           double[] valAccByVariant, double preciseSeconds, boolean diverged, int steps,
                           double collectiveSeconds) implements Serializable {
    /**
     * Training loss above which a run counts as diverged: twice that of a network that gives every
     * one of its K classes the same probability (2·ln K; 4.61 for 10 classes). A network that learns
     * nothing stays near ln K; one whose loss is twice that has been thrown off by its updates.
     */
    public static double divergedLoss(int classes) {
        return 2 * Math.log(classes);
    }

    /** Whether training diverged in an epoch of this training loss: NaN, infinite or above {@link #divergedLoss}. */
    public static boolean diverged(double trainLoss, int classes) {
        return !Double.isFinite(trainLoss) || trainLoss > divergedLoss(classes);
    }
}
