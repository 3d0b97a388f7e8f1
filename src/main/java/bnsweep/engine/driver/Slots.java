package bnsweep.engine.driver;

import org.apache.spark.SparkContext;

/**
 * An epoch's barrier stage needs one task slot per worker, all at once. Spark would otherwise
 * re-check for minutes before failing the job; this says so before the stage is submitted.
 */
public final class Slots {
    private Slots() {}

    /** Task slots the application has now (executor cores / spark.task.cpus, summed). */
    public static int available(SparkContext sc) {
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    }

    /**
     * Returns when {@code workers} slots exist. In local mode they exist or never will; on a cluster
     * executors may still be registering (or replacing a lost one), so it waits up to {@code waitMillis}.
     */
    static void await(SparkContext sc, int workers, long waitMillis) {
        if (sc.conf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw new IllegalStateException("training runs every epoch as a gang-scheduled (barrier) stage, which Spark does not allow"
                    + " with dynamic allocation: set spark.dynamicAllocation.enabled=false");
        }
        long deadline = System.nanoTime() + (sc.isLocal() ? 0 : waitMillis * 1_000_000);
        int slots;
        while ((slots = available(sc)) < workers) {
            if (System.nanoTime() >= deadline) {
                String hint = sc.isLocal() ? "use --master local[" + workers + "] or fewer workers"
                        : "waited " + waitMillis / 1000 + " s; give the application more executor cores or use fewer workers";
                throw new IllegalStateException("workers = " + workers + " needs " + workers + " task slots at once (an epoch runs all"
                        + " workers together), but " + sc.master() + " offers " + slots + ": " + hint);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for task slots", e);
            }
        }
    }
}
