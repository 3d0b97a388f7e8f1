package bnsweep.util;

import java.io.OutputStream;
import java.io.PrintStream;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * SIGTERM / Ctrl-C while a command runs. Two shutdown hooks:
 * <ol>
 *   <li>one in Hadoop's ordered hook manager, at a priority above Spark's (which is
 *       {@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30} = 40), so it runs before Spark stops its context: it marks
 *       the termination as requested and silences Spark's, Hadoop's and the collective's loggers and {@code System.err}, where
 *       shutdown races (tasks launched on a stopped executor, cancelled jobs, Scala future callbacks refused by
 *       a stopped pool) would otherwise print stack traces after the user asked to stop (the command's own
 *       "interrupted" line goes to the writer {@code Main} made on the original stream);</li>
 *   <li>a plain JVM hook that gives the command up to {@value #GRACE_SECONDS} s to record the interruption
 *       (the manifest says "interrupted", checkpoints stay) before the JVM ends.</li>
 * </ol>
 * Spark's own hook stops the SparkContext meanwhile, which makes the running job fail; the command then
 * sees {@link #requested()} and reports an interruption instead of a failure.
 */
public final class Termination {
    static final int GRACE_SECONDS = 20;
    /** Above Spark's SparkContext hook (40 in Hadoop's manager): runs first. */
    static final int BEFORE_SPARK_PRIORITY = 100;
    private static volatile boolean requested;
    private static final CountDownLatch FINISHED = new CountDownLatch(1);

    private Termination() {}

    /** Installs the hooks (once per JVM: by the command-line entry point); {@code alsoSilenced}: more loggers to silence on shutdown. */
    public static void install(String... alsoSilenced) {
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(() -> {
            requested = true;
            for (String noisy : new String[] {"org.apache.spark", "org.sparkproject", "org.apache.hadoop"}) {
                Configurator.setAllLevels(noisy, Level.OFF); // with the loggers configured on their own (Utils)
            }
            for (String noisy : alsoSilenced) Configurator.setAllLevels(noisy, Level.OFF);
            // Scala futures report a callback refused by a stopped pool with printStackTrace on System.err;
            // the command's own last line goes to the writer it holds on the original stream
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        }, BEFORE_SPARK_PRIORITY);
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
