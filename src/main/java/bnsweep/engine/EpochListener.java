package bnsweep.engine;

/** Called by the trainer as work progresses (on the driver). */
public interface EpochListener {
    /** Within an epoch, at most every few seconds. */
    default void progress(int epoch, int round, int rounds, double meanMinibatchLoss) {}

    /** After each epoch's evaluation. */
    void epochDone(EpochMetrics metrics);
}
