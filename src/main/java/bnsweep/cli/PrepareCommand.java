package bnsweep.cli;

import bnsweep.config.ConfigLoader;
import bnsweep.config.TrainKeys;
import bnsweep.config.TrainSettings;
import bnsweep.data.DatasetKind;
import bnsweep.data.DatasetPreparer;
import bnsweep.data.TablePreparer;
import bnsweep.data.ValidationSplit;
import bnsweep.engine.SparkSessions;
import bnsweep.util.fs.Location;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Obtain a dataset's official files (copy from --from, else download), verify their published"
                + " checksums, and convert them to Parquet splits train/val/test with a manifest.json under DATA_DIR/<dataset>/prepared."
                + " For `table`: read and check the table the table.* settings describe (--config FILE and/or table.path=... on the"
                + " command line) and prepare it under DATA_DIR/table/.")
final class PrepareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATASET", description = "mnist, fashion-mnist, cifar10 or table")
    String dataset;

    @Parameters(index = "1..*", paramLabel = "key=value", arity = "0..*",
            description = "table only: its settings, e.g. table.path=churn.parquet table.label=churned")
    List<String> overrides;

    @Option(names = "--config", paramLabel = "FILE", description = "table only: a HOCON file with the table.* settings")
    Path config;

    @ParentCommand
    Main main;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", converter = LocationConverter.class,
            description = "where datasets are kept: a path, or a Hadoop filesystem URI (hdfs://namenode:8020/data)")
    Location dataDir;

    @Option(names = "--from", paramLabel = "SOURCE_DIR",
            description = "local folder with the official files (e.g. ../shared/data/mnist, /usr/share/datasets/fashion-mnist)")
    Path from;

    @Option(names = "--val-size", defaultValue = "" + DatasetPreparer.DEFAULT_VAL_SIZE,
            description = "training images held out for validation (default ${DEFAULT-VALUE})")
    int valSize;

    @Option(names = "--val-split", defaultValue = "stratified", paramLabel = "stratified|first",
            description = "which training images are held out: a stratified seeded sample (default, DATA_DIR/<dataset>/prepared) or the"
                    + " first --val-size of the official file (DATA_DIR/<dataset>/prepared-first; config: validation-split = first)")
    String valSplit;

    @Option(names = "--split-seed", defaultValue = "" + DatasetPreparer.DEFAULT_SPLIT_SEED,
            description = "seed of the validation split (default ${DEFAULT-VALUE})")
    long splitSeed;

    @Option(names = "--skip-verify", description = "use files with no published checksum (recorded as unverified)")
    boolean skipVerify;

    @Override
    public Integer call() {
        DatasetKind kind = DatasetKind.fromId(dataset);
        if (kind.isTable()) return prepareTable();
        if (config != null || (overrides != null && !overrides.isEmpty())) {
            throw new IllegalArgumentException("--config and key=value are for prepare table; " + kind.id() + " takes --from, --val-size,"
                    + " --val-split and --split-seed");
        }
        ValidationSplit split = ValidationSplit.fromId(valSplit);
        try (SparkSessions.Handle spark = SparkSessions.open(main.master, "local[2]", "bnsweep prepare " + dataset)) {
            new DatasetPreparer(kind, dataDir, valSize, splitSeed, skipVerify, System.out).validationSplit(split)
                    .prepare(from, spark.session());
            return 0;
        }
    }

    private Integer prepareTable() {
        TrainSettings s = TrainSettings.from(ConfigLoader.load(config, overrides).withValue(TrainKeys.DATASET.key(),
                ConfigValueFactory.fromAnyRef(DatasetKind.TABLE.id())));
        String sha256 = s.table().contentSha256();
        try (SparkSessions.Handle spark = SparkSessions.open(main.master, "local[2]", "bnsweep prepare table")) {
            new TablePreparer(spark.session(), s.table(), System.out).prepare(dataDir, sha256);
            return 0;
        }
    }
}
