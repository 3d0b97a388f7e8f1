package bnsweep.sweep;

import bnsweep.config.TrainSettings;
import bnsweep.data.PreparedDataset;
import bnsweep.run.Checkpoint;
import bnsweep.run.RunOutput;
import bnsweep.run.TrainingJob;
import bnsweep.util.fs.Location;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a sweep's unfinished configurations, {@code parallel} at a time: one driver thread per
 * running configuration, each submitting its Spark jobs to a scheduler pool named after the
 * configuration (with {@code spark.scheduler.mode = FAIR}, which bnsweep sets unless the user set
 * another mode, the running configurations share the task slots fairly). A configuration's
 * results do not depend on what runs beside it: its network, data order and collective session
 * are its own. After a failure no further configuration starts; those running finish, then the
 * first failure is thrown.
 */
final class ConfigQueue {
    private final SparkSession spark;
    private final PreparedDataset data;
    private final Location out;
    private final PrintStream log;

    ConfigQueue(SparkSession spark, PreparedDataset data, Location out, PrintStream log) {
        this.spark = spark;
        this.data = data;
        this.out = out;
        this.log = log;
    }

    void run(List<TrainSettings> configs, int parallel) {
        List<Integer> todo = new ArrayList<>();
        int epochsLeft = 0;
        for (int k = 0; k < configs.size(); k++) {
            TrainSettings c = configs.get(k);
            Location dir = SweepRunner.configDir(out, c);
            if (RunOutput.isComplete(dir)) {
                log.printf("config %d/%d %s: complete in an earlier run, skipped%n", k + 1, configs.size(), c.configId());
                continue;
            }
            todo.add(k);
            Checkpoint cp = Checkpoint.load(dir, c, data);
            epochsLeft += c.epochs() - (cp == null ? 0 : cp.completedEpochs());
        }
        int threads = Math.min(parallel, todo.size());
        if (threads == 0) return;
        if (threads > 1) log.printf("training %d configurations, %d at a time%n", todo.size(), threads);
        Progress progress = new Progress(configs.size(), epochsLeft);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            SparkContext sc = spark.sparkContext();
            for (int i; failure.get() == null && (i = next.getAndIncrement()) < todo.size(); ) {
                int k = todo.get(i);
                TrainSettings c = configs.get(k);
                sc.setLocalProperty("spark.scheduler.pool", c.configId());
                try {
                    log.printf("config %d/%d %s%n", k + 1, configs.size(), c.configId());
                    new TrainingJob(spark, data, log, progress.of(k)).run(c, SweepRunner.configDir(out, c));
                } catch (Throwable e) { // checked exceptions from Scala code included
                    failure.compareAndSet(null, e);
                } finally {
                    sc.setLocalProperty("spark.scheduler.pool", null);
                }
            }
        };
        if (threads == 1) {
            worker.run();
        } else {
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(worker, "bnsweep-config-" + t);
                th.start();
                running.add(th);
            }
            for (Thread th : running) join(th);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) throw r;
        if (e instanceof Error err) throw err;
        if (e != null) throw new IllegalStateException(e.getMessage(), e);
    }

    private static void join(Thread t) {
        while (true) {
            try {
                t.join();
                return;
            } catch (InterruptedException e) {
                // keep waiting: the configuration threads end on their own (a shutdown stops their Spark jobs)
            }
        }
    }

    /** "k/n, ETA" for every running configuration: the ETA extrapolates this session's epochs per second over all of them. */
    private static final class Progress {
        private final int total;
        private final long start = System.nanoTime();
        private int epochsLeft;
        private int epochsDone;

        Progress(int total, int epochsLeft) {
            this.total = total;
            this.epochsLeft = epochsLeft;
        }

        TrainingJob.SweepProgress of(int k) {
            return new TrainingJob.SweepProgress() {
                @Override
                public String label() {
                    return (k + 1) + "/" + total + ", " + eta();
                }

                @Override
                public void epochDone() {
                    synchronized (Progress.this) {
                        epochsDone++;
                        epochsLeft--;
                    }
                }
            };
        }

        private synchronized String eta() {
            return epochsDone == 0 ? "ETA after the first epoch"
                    : "ETA " + duration((System.nanoTime() - start) / 1e9 / epochsDone * Math.max(0, epochsLeft));
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
