package bnsweep.util;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM / Ctrl-C while a command runs: a shutdown hook marks the termination as requested and
 * gives the command up to {@value #GRACE_SECONDS} s to record it (the manifest says "interrupted",
 * checkpoints stay) before the JVM ends. Spark's own hook stops the SparkContext meanwhile, which
 * makes the running job fail; the command then sees {@link #requested()} and reports an interruption
 * instead of a failure.
 */
public final class Termination {
    static final int GRACE_SECONDS = 20;
    private static volatile boolean requested;
    private static final CountDownLatch FINISHED = new CountDownLatch(1);

    private Termination() {}

    /** Installs the hook (once per JVM: by the command-line entry point). */
    public static void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            requested = true;
            try {
                FINISHED.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bnsweep-termination"));
    }

    public static boolean requested() {
        return requested;
    }

    /** The command has written what it had to: the JVM may end. */
    public static void finished() {
        FINISHED.countDown();
    }
}
