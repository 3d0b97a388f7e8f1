package bnsweep.cli;

import bnsweep.data.DatasetPreparer;
import bnsweep.data.PreparedDataset;
import bnsweep.train.RunOutput;
import bnsweep.train.TrainSettings;
import bnsweep.train.TrainingJob;
import bnsweep.util.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one configuration by parameter averaging on Spark and write manifest.json, epochs.csv"
                + " and results.csv into --out. The dataset is prepared first if --data-dir does not hold it yet.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "HOCON file, e.g. conf/mnist.conf")
    Path config;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "where datasets are kept")
    Path dataDir;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "output directory of this run")
    Path out;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[<workers>])")
    String master;

    @Option(names = "--from", paramLabel = "SOURCE_DIR",
            description = "local copy of the official files, used if the dataset is not prepared yet (else it is downloaded)")
    Path from;

    @Parameters(paramLabel = "key=value", arity = "0..*",
            description = "overrides, e.g. epochs=3 batch-size=128 workers=4 seed=2 bn=none hidden=512,256")
    List<String> overrides;

    @Override
    public Integer call() {
        TrainSettings s = TrainSettings.from(ConfigLoader.load(config, overrides));
        if (RunOutput.isComplete(out)) {
            throw new IllegalArgumentException(out + " already holds a complete run (manifest.json status complete); choose another --out");
        }
        try (SparkSessions.Handle spark = SparkSessions.open(master, "local[" + s.workers() + "]",
                "bnsweep train " + s.configId())) {
            PreparedDataset data = ensurePrepared(s.dataset(), dataDir, from, spark.session());
            new TrainingJob(spark.session(), data, System.out).run(s, out);
            System.out.println("wrote " + out.resolve("manifest.json") + ", epochs.csv, results.csv");
            return 0;
        }
    }

    /** The prepared dataset in dataDir; prepared first (from a local copy, else downloaded) when missing. */
    static PreparedDataset ensurePrepared(bnsweep.data.DatasetKind kind, Path dataDir, Path from, SparkSession spark) {
        Path location = PreparedDataset.location(dataDir, kind);
        if (PreparedDataset.isComplete(location)) return PreparedDataset.open(location);
        System.out.println(kind.id() + " is not prepared in " + dataDir + "; preparing it "
                + (from != null ? "from " + from : "by downloading the official files"));
        return new DatasetPreparer(kind, dataDir, DatasetPreparer.DEFAULT_VAL_SIZE,
                DatasetPreparer.DEFAULT_SPLIT_SEED, false, System.out).prepare(from, spark);
    }
}
