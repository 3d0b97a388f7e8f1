package bnsweep.cli;

import bnsweep.config.TrainSettings;
import bnsweep.data.DatasetKind;
import bnsweep.data.DatasetPreparer;
import bnsweep.data.PreparedDataset;
import bnsweep.data.TablePreparer;
import bnsweep.data.ValidationSplit;
import bnsweep.util.MasterUrl;
import bnsweep.util.NativeBuild;
import bnsweep.util.fs.Location;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options that train and sweep share (a picocli mixin). */
final class JobOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "HOCON file, e.g. conf/mnist.conf (train) or conf/mnist-sweep.conf (sweep)")
    Path config;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", converter = LocationConverter.class,
            description = "where datasets are kept: a path, or a Hadoop filesystem URI (hdfs://namenode:8020/data)")
    Location dataDir;

    @Option(names = "--out", required = true, paramLabel = "OUT", converter = LocationConverter.class,
            description = "output directory: a path, or a Hadoop filesystem URI (hdfs://namenode:8020/runs/x)")
    Location out;

    @Option(names = "--from", paramLabel = "SOURCE_DIR",
            description = "local copy of the official files, used if the dataset is not prepared yet (else it is downloaded)")
    Path from;

    @Parameters(paramLabel = "key=value", arity = "0..*",
            description = "overrides, e.g. epochs=3 batch-size=128 workers=4 seed=2 bn=none hidden=512,256 sweep.seeds=1,2")
    List<String> overrides;

    /**
     * Before a command writes anything: refuses a --master that cannot work (Spark checks the master
     * it is finally given again) and loads ND4J's native build for this CPU, so that a JVM that
     * cannot run it stops with one line ({@link NativeBuild#load}).
     */
    void checkRuntime(String master) {
        if (master != null) MasterUrl.check(master);
        NativeBuild.load();
    }

    /**
     * For {@code dataset = table}, the SHA-256 of the table's content (read before Spark starts, so that
     * a resumed run on a changed table is refused at once); null for the image sets.
     */
    static String tableSha256(TrainSettings s) {
        return s.dataset().isTable() ? s.table().contentSha256() : null;
    }

    /**
     * The prepared dataset of {@code s} in --data-dir: an image set with its validation split, prepared
     * first (from --from, else downloaded) when missing; a table prepared from its content
     * ({@code tableSha256}) unless it was prepared from the same content with the same settings.
     */
    PreparedDataset prepared(TrainSettings s, String tableSha256, SparkSession spark) {
        if (s.dataset().isTable()) return new TablePreparer(spark, s.table(), System.out).prepare(dataDir, tableSha256);
        return prepared(s.dataset(), s.validationSplit(), spark);
    }

    /** Where preparing {@code kind} takes the official files from, in words: --from, the files already in the raw folder, or the publisher. */
    private String source(DatasetKind kind) {
        if (from != null) return "from " + from;
        java.nio.file.Path raw = DatasetPreparer.rawDir(dataDir, kind);
        try (var files = java.nio.file.Files.list(raw)) {
            if (files.anyMatch(f -> !f.getFileName().toString().endsWith(".part"))) {
                return "from the files in " + raw + " (verified again against their published checksums; any missing downloaded)";
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // no raw folder yet
        }
        return "by downloading the official files";
    }

    private PreparedDataset prepared(DatasetKind kind, ValidationSplit split, SparkSession spark) {
        Location location = PreparedDataset.location(dataDir, kind, split);
        if (PreparedDataset.isComplete(location)) return PreparedDataset.open(location);
        System.out.println(kind.id() + " is not prepared in " + dataDir + "; preparing it " + source(kind));
        return new DatasetPreparer(kind, dataDir, DatasetPreparer.DEFAULT_VAL_SIZE, DatasetPreparer.DEFAULT_SPLIT_SEED, false,
                System.out).validationSplit(split).prepare(from, spark);
    }
}
