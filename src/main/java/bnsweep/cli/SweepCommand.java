package bnsweep.cli;

import bnsweep.data.PreparedDataset;
import bnsweep.sweep.SweepRunner;
import bnsweep.sweep.SweepSettings;
import bnsweep.util.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Train every configuration of a sweep (BN modes x batch sizes x seeds) into OUT/configs/,"
                + " then write epochs/results/summary tables (CSV and Parquet) into OUT. Re-running the same command"
                + " skips finished configurations and resumes an unfinished one from its last epoch.")
final class SweepCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "HOCON sweep file, e.g. conf/mnist-sweep.conf")
    Path config;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "where datasets are kept")
    Path dataDir;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "output directory of the sweep")
    Path out;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[<workers>])")
    String master;

    @Option(names = "--from", paramLabel = "SOURCE_DIR",
            description = "local copy of the official files, used if the dataset is not prepared yet (else it is downloaded)")
    Path from;

    @Parameters(paramLabel = "key=value", arity = "0..*",
            description = "overrides, e.g. epochs=3 workers=4 sweep.seeds=1,2 sweep.batch-sizes=64,128 sweep.bn=none,exact")
    List<String> overrides;

    @Override
    public Integer call() {
        SweepSettings sweep = SweepSettings.from(ConfigLoader.load(config, overrides));
        SweepRunner.claim(out, sweep); // refuse a changed configuration before starting Spark
        try (SparkSessions.Handle spark = SparkSessions.open(master, "local[" + sweep.base().workers() + "]",
                "bnsweep sweep " + sweep.name())) {
            PreparedDataset data = TrainCommand.ensurePrepared(sweep.base().dataset(), dataDir, from, spark.session());
            new SweepRunner(spark.session(), data, sweep, out, System.out).run();
            return 0;
        }
    }
}
