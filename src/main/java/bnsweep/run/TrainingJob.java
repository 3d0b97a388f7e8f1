package bnsweep.run;

import bnsweep.config.TrainSettings;
import bnsweep.data.PreparedDataset;
import bnsweep.engine.EpochMetrics;
import bnsweep.engine.EvalResult;
import bnsweep.engine.ModelState;
import bnsweep.util.fs.Location;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * One training configuration end to end: deal the Parquet splits to the workers, train a fresh
 * network data-parallel (by parameter averaging or gradient all-reduce, as {@code sync} says),
 * evaluate every epoch, test at the end, write the output contract ({@link TrainingRun} does the
 * steps).
 */
public final class TrainingJob {
    private final SparkSession spark;
    private final PreparedDataset data;
    private final PrintStream out;
    private final SweepProgress sweepProgress;

    /** Told about every finished epoch, and asked for a prefix of the progress lines (a sweep's "k/n, ETA"). */
    public interface SweepProgress {
        String label();

        void epochDone();
    }

    public TrainingJob(SparkSession spark, PreparedDataset data, PrintStream out) {
        this(spark, data, out, null);
    }

    public TrainingJob(SparkSession spark, PreparedDataset data, PrintStream out, SweepProgress sweepProgress) {
        this.spark = spark;
        this.data = data;
        this.out = out;
        this.sweepProgress = sweepProgress;
    }

    /**
     * Trains configuration {@code s} into {@code outDir}. After every epoch a checkpoint is written
     * there; if one exists when this starts, training continues after its last completed epoch and
     * ends with the metrics an uninterrupted run would have had (times aside).
     */
    public TrainingOutcome run(TrainSettings s, Location outDir) {
        if (data.kind() != s.dataset()) {
            throw new IllegalArgumentException("prepared data is " + data.kind().id() + ", config wants " + s.dataset().id());
        }
        MemoryEstimate.check(s, data.shape(), spark.sparkContext().isLocal(), Runtime.getRuntime().maxMemory());
        Log log = new Log(out, sweepProgress == null ? "[" + s.configId() + "]" : null, sweepProgress, s.configId());
        return new TrainingRun(spark, data, s, outDir, log).run();
    }

    /** A warning when a local master runs far more workers than the machine has cores (more than twice), else null. */
    static String oversubscription(int workers, int cores) {
        if (workers <= 2 * cores) return null;
        return String.format(Locale.ROOT, "workers = %d on %d cores: each core runs about %d workers in turn, so an epoch takes"
                + " about that many times longer than with %d workers", workers, cores, (workers + cores - 1) / cores, cores);
    }

    /** A run's progress lines: each prefixed with its tag and printed with a single write, so that log lines on the other stream cannot split it. */
    record Log(PrintStream out, String fixedTag, SweepProgress sweep, String configId) {
        String tag() {
            return fixedTag != null ? fixedTag : "[" + sweep.label() + " " + configId + "]";
        }

        void line(String format, Object... args) {
            out.print(tag() + " " + String.format(Locale.ROOT, format, args));
            out.flush();
        }

        void epochDone() {
            if (sweep != null) sweep.epochDone();
        }
    }

    public record TrainingOutcome(List<EpochMetrics> epochs, EvalResult test, double bestValAcc, double totalSeconds,
                                  ModelState finalState) {}
}
