package bnsweep.cli;

import bnsweep.config.ConfigLoader;
import bnsweep.config.TrainSettings;
import bnsweep.data.PreparedDataset;
import bnsweep.engine.SparkSessions;
import bnsweep.run.OutDir;
import bnsweep.run.RunOutput;
import bnsweep.run.TrainingJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one configuration data-parallel on Spark (sync = average or gradients) and write manifest.json, epochs.csv"
                + " and results.csv into --out. The dataset is prepared first if --data-dir does not hold it yet.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        TrainSettings s = TrainSettings.from(ConfigLoader.load(job.config, job.overrides));
        job.checkRuntime(main.master);
        String table = JobOptions.tableSha256(s);
        try (OutDir lock = OutDir.lock(job.out, OutDir.Command.TRAIN)) {
            if (RunOutput.isComplete(job.out)) {
                throw new IllegalArgumentException(job.out + " already holds a complete run (manifest.json status complete); choose another --out");
            }
            return train(s, table);
        }
    }

    private Integer train(TrainSettings s, String table) {
        try (SparkSessions.Handle spark = SparkSessions.open(main.master, "local[" + s.workers() + "]", "bnsweep train " + s.configId())) {
            PreparedDataset data = job.prepared(s, table, spark.session());
            new TrainingJob(spark.session(), data, System.out).run(s, job.out);
            System.out.println("wrote " + job.out.resolve("manifest.json") + ", epochs.csv, results.csv");
            return 0;
        }
    }
}
