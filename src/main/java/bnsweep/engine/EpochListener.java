package bnsweep.engine;

/** Called by the trainer as work progresses (on the driver). */
public interface EpochListener {
    /** Within an epoch, at most every few seconds: steps the slowest worker has done and their mean minibatch loss. */
    default void progress(int epoch, int step, int steps, double meanMinibatchLoss) {}

    /** An epoch's stage failed and the epoch runs again from its start state. */
    default void retry(int epoch, int failedAttempt, int maxAttempts, String cause) {}

    /** After each epoch's evaluation. */
    void epochDone(EpochMetrics metrics);
}
