package bnsweep.cli;

import bnsweep.config.ConfigLoader;
import bnsweep.config.SweepSettings;
import bnsweep.data.PreparedDataset;
import bnsweep.engine.SparkSessions;
import bnsweep.report.ReportWriter;
import bnsweep.sweep.SweepRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Train every configuration of a sweep (BN modes x batch sizes x seeds) into OUT/configs/,"
                + " then write epochs/results/summary tables (CSV and Parquet) into OUT. Re-running the same command"
                + " skips finished configurations and resumes an unfinished one from its last epoch.")
final class SweepCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        SweepSettings sweep = SweepSettings.from(ConfigLoader.load(job.config, job.overrides));
        job.checkRuntime(main.master);
        String table = JobOptions.tableSha256(sweep.base());
        SweepRunner.claim(job.out, sweep, table); // refuse a changed configuration (or table) before starting Spark
        try (SparkSessions.Handle spark = SparkSessions.open(main.master, "local[" + maxWorkers(sweep) + "]",
                "bnsweep sweep " + sweep.name())) {
            PreparedDataset data = job.prepared(sweep.base(), table, spark.session());
            new SweepRunner(spark.session(), data, sweep, job.out, System.out, ReportWriter::write).run();
            return 0;
        }
    }

    /** The most workers any configuration has: the default local master offers that many task slots. */
    static int maxWorkers(SweepSettings sweep) {
        return sweep.configurations().stream().mapToInt(c -> c.workers()).max().orElse(1);
    }
}
