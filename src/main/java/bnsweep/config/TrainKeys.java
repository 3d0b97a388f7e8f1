package bnsweep.config;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.config.Setting.Scope;
import bnsweep.data.DatasetKind;
import bnsweep.data.InputScaling;
import bnsweep.data.TableFormat;
import bnsweep.data.TableSource;
import bnsweep.data.ValidationSplit;
import bnsweep.model.Activation;
import bnsweep.model.BiasInit;
import bnsweep.model.BnPlacement;
import bnsweep.model.LrScaling;
import bnsweep.model.UpdaterSpec;
import bnsweep.model.WeightInit;
import bnsweep.shard.Partitioning;
import java.util.List;

/**
 * Every training setting, declared once: key, default, meaning, validation. bnsweep's defaults,
 * the settings table of docs/reference.md ({@code DocsTest} checks it) and manifests derive from this list.
 */
public final class TrainKeys {
    private TrainKeys() {}

    public static final Setting<DatasetKind> DATASET = Setting.choice("dataset", "mnist", DatasetKind::fromId, DatasetKind::id,
            "`mnist`, `fashion-mnist`, `cifar10`, or `table`: your own table, as the `table.*` settings describe it"
                    + " ([your own data](your-data.md))").in(Scope.DATA);
    public static final Setting<String> TABLE_PATH = Setting.text(TableSource.PATH_KEY, "\"\"", "`dataset = table`: the training"
            + " table, a file or a directory of part files, a path or a Hadoop filesystem URI").in(Scope.DATA);
    public static final Setting<TableFormat> TABLE_FORMAT = Setting.choice(TableSource.FORMAT_KEY, "auto", TableFormat::fromId,
            TableFormat::id, "`parquet`, `csv` (with a header line) or `libsvm`; `auto`: from the file names (`.parquet`, `.csv`, `.libsvm`,"
                    + " `.svm`)").in(Scope.DATA);
    public static final Setting<String> TABLE_LABEL = Setting.name(TableSource.LABEL_KEY, "label", "the label column: whole numbers"
            + " 0..K−1 (K = the largest + 1), or strings (booleans), indexed in alphabetical order as Spark ML's `StringIndexer` with"
            + " `alphabetAsc` does, the order recorded in the manifest").in(Scope.DATA);
    public static final Setting<List<String>> TABLE_FEATURES = Setting.names(TableSource.FEATURES_KEY, "[]", "the feature columns,"
            + " numeric or Spark ML vectors (dense or sparse); `[]`: a vector column named `features` if there is one, else every"
            + " other numeric column").in(Scope.DATA);
    public static final Setting<String> TABLE_VALIDATION_PATH = Setting.text(TableSource.VALIDATION_PATH_KEY, "\"\"", "a validation"
            + " table with the training table's columns; empty: held out of the training table (`table.validation-fraction`)").in(Scope.DATA);
    public static final Setting<String> TABLE_TEST_PATH = Setting.text(TableSource.TEST_PATH_KEY, "\"\"", "a test table with the"
            + " training table's columns; empty: held out of the training table (`table.test-fraction`)").in(Scope.DATA);
    public static final Setting<Double> TABLE_VALIDATION_FRACTION = Setting.number(TableSource.VALIDATION_FRACTION_KEY, "0.1",
            v -> v > 0 && v < 1, "more than 0 and less than 1", "without `table.validation-path`: the share of the training table's rows"
                    + " held out for validation (stratified by label, seeded, after the test rows)").in(Scope.DATA);
    public static final Setting<Double> TABLE_TEST_FRACTION = Setting.number(TableSource.TEST_FRACTION_KEY, "0.2", v -> v > 0 && v < 1,
            "more than 0 and less than 1", "without `table.test-path`: the share of the training table's rows held out for testing"
                    + " (stratified by label, seeded)").in(Scope.DATA);
    public static final Setting<ValidationSplit> VALIDATION_SPLIT = Setting.choice("validation-split", "stratified",
            ValidationSplit::fromId, ValidationSplit::id, "which training images are the validation split (data-prep's `--val-size`,"
                    + " 5,000 by default): `stratified` (a seeded random sample with every class's share) or `first` (the first ones of"
                    + " the official training file, as `x_train[:5000]` in a notebook)");
    public static final Setting<InputScaling> INPUT_SCALING = Setting.choice("input-scaling", "standardize", InputScaling::fromId,
            InputScaling::id, "how pixel bytes b become inputs: `standardize` (b/255 − mean) / std per channel, fitted on the"
                    + " training split; `unit` b/255; `centered` (b/255 − 0.5)/0.5; `raw` b as it is. A table's inputs: `standardize`"
                    + " (per feature, fitted on the training split) or `raw`").sweptAs("input-scaling", "[]").in(Scope.INPUT);
    public static final Setting<int[]> HIDDEN = Setting.positiveInts("hidden", "[300, 100]",
            "hidden layer sizes; on the command line `hidden=512,256`");
    public static final Setting<Activation> ACTIVATION = Setting.choice("activation", "relu", Activation::fromId, Activation::id,
            "`relu`, `tanh`, `sigmoid`, `leakyrelu`, `elu`");
    public static final Setting<Double> LEAKYRELU_ALPHA = Setting.number("leakyrelu-alpha", "0.01", v -> v > 0 && v < 1, "more than 0 and less than 1",
            "`activation = leakyrelu`: the slope for negative inputs").sweptAs("leakyrelu-alpha", "[]");
    public static final Setting<Double> DROPOUT = Setting.number("dropout", "0", v -> v >= 0 && v < 1, "at least 0 and less than 1",
            "rate of dropout after every hidden activation, in training only (inverted dropout); 0 = none").sweptAs("dropout", "[]");
    public static final Setting<BnMode> BN = Setting.choice("bn", "sync", BnMode::fromId, BnMode::id,
            "`none`, `local`, `sync`, `ghost`: see [BN modes](design.md#bn-modes)").sweptAs("bn", "[none, sync]");
    public static final Setting<BnPlacement> BN_PLACEMENT = Setting.choice("bn-placement", "before-activation", BnPlacement::fromId,
            BnPlacement::id, "`before-activation` (Dense without bias → BN → activation) or `after-activation` (Dense → activation"
                    + " → BN)").sweptAs("bn-placement", "[]");
    public static final Setting<Boolean> INPUT_BN = Setting.bool("input-bn", false,
            "with BN: one more BN layer (same mode) on the flattened input, before the first Dense").sweptAs("input-bn", "[]");
    public static final Setting<Double> BN_EPSILON = Setting.number("bn-epsilon", BatchNorm.DEFAULT_EPSILON, v -> v > 0 && v < 1, "more than 0 and less"
            + " than 1", "ε of every BN layer: x̂ = (x − μ) / √(σ² + ε), in training and inference. PyTorch's default is 1e-5,"
            + " Keras's 1e-3").sweptAs("bn-epsilons", "[]");
    public static final Setting<Double> BN_RUNNING_RATE = Setting.number("bn-running-rate", BatchNorm.DEFAULT_RUNNING_RATE, v -> v > 0 && v <= 1, "more than 0"
            + " and at most 1", "the weight r of a step's batch in the BN layers' running statistics: running ← (1 − r)·running +"
            + " r·batch, for the mean and the (biased) variance. PyTorch's `momentum` is r (default 0.1); Keras's `momentum` is 1 − r"
            + " (its default 0.99 is r = 0.01); DL4J's `decay` is 1 − r").sweptAs("bn-running-rates", "[]");
    public static final Setting<Integer> GHOST_BATCH = Setting.integer("ghost-batch", 0, 0,
            "`bn = ghost`: examples per ghost batch; must divide `batch-size`");
    public static final Setting<WeightInit> WEIGHT_INIT = Setting.choice("weight-init", "he-normal", WeightInit::fromId, WeightInit::id,
            "initial weights of the hidden Dense layers: " + schemes()).sweptAs("weight-inits", "[]");
    public static final Setting<String> OUTPUT_WEIGHT_INIT = Setting.choice("output-weight-init", "same", v -> v.equals("same") ? v
            : WeightInit.fromId(v).id(), v -> v, "initial weights of the output layer: `same` (as `weight-init`) or one of its schemes"
                    + " (a Keras `Dense(10)` without an initialiser is `glorot-uniform`)");
    public static final Setting<Double> WEIGHT_SCALE = Setting.number("weight-scale", "1", v -> v > 0, "more than 0",
            "every initial Dense weight (the output layer's too) is multiplied by this").sweptAs("weight-scales", "[]");
    public static final Setting<BiasInit> BIAS_INIT = Setting.choice("bias-init", "zeros", BiasInit::fromId, BiasInit::id,
            "initial Dense biases: `zeros` (Keras, DL4J) or `torch-default` (U(−1/√fan_in, 1/√fan_in), PyTorch's `nn.Linear`)")
            .sweptAs("bias-inits", "[]");
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch-size", 64, 1, "minibatch per worker")
            .sweptAs("batch-sizes", "[32, 64, 128, 256]");
    public static final Setting<Integer> WORKERS = Setting.integer("workers", 2, 1,
            "data-parallel workers = RDD partitions of the training data").sweptAs("workers", "[]");
    public static final Setting<SyncAlgorithm> SYNC = Setting.choice("sync", "average", SyncAlgorithm::fromId, SyncAlgorithm::id,
            "`average` or `gradients`: see [Training engine](design.md#training-engine)");
    public static final Setting<TrainingStep> STEP = Setting.choice("step", "bnsweep", TrainingStep::fromId, TrainingStep::id,
            "what computes a worker's training step: `bnsweep`, bnsweep's own for the dense networks it builds (fused passes on buffers"
                    + " allocated once, OpenBLAS's matrix products, DL4J's optimizer arithmetic: the same step as DL4J's, to float rounding;"
                    + " dropout masks of its own random numbers), or `dl4j`, DL4J's `MultiLayerNetwork.fit`, the reference");
    public static final Setting<Integer> AVERAGING_FREQUENCY = Setting.integer("averaging-frequency", 5, 1,
            "steps per synchronisation round. A round's end is where the workers' models meet: their parameters are"
                    + " averaged (`sync = average`; with `sync = gradients` gradients meet every step and only the BN running"
                    + " statistics are averaged here), and the merged BN statistics take in the round's moments. One setting, not"
                    + " three: the merged statistics are compared with the averaged ones at the same moments (`bn_drift.csv`)");
    public static final Setting<Integer> EPOCHS = Setting.integer("epochs", 5, 1, "passes over the training split");
    public static final Setting<Long> SEED = Setting.longInteger("seed", 1,
            "weights, the dealing of examples to workers, and each epoch's order").sweptAs("seeds", "[1, 2, 3]");
    public static final Setting<String> UPDATER = Setting.oneOf("updater", "adam", List.of("adam", "sgd"),
            "`adam` (β 0.9/0.999) or `sgd` (Nesterov momentum when `momentum` > 0)");
    public static final Setting<Double> ADAM_EPSILON = Setting.number("adam-epsilon", UpdaterSpec.DEFAULT_ADAM_EPSILON, v -> v > 0 && v < 1, "more than 0 and"
            + " less than 1", "`adam` only: ε of the update lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m / (√v + ε), where Keras and DL4J put it. Keras's default is"
                    + " 1e-7, DL4J's 1e-8; PyTorch's 1e-8 is added to √v̂ instead, a difference of a factor √(1 − β₂ᵗ) on ε");
    public static final Setting<Double> LEARNING_RATE = Setting.number("learning-rate", "0.001", v -> v > 0, "more than 0",
            "step size of the updater").sweptAs("learning-rates", "[]");
    public static final Setting<LrScaling> LR_SCALING = Setting.choice("lr-scaling", "none", LrScaling::fromId, LrScaling::id,
            "`none`, `linear` or `sqrt`: the learning rate used is `learning-rate` × 1, × B/B₀ or × √(B/B₀), B = `workers` ×"
                    + " `batch-size` the global batch, B₀ = `reference-batch`").sweptAs("lr-scaling", "[]");
    public static final Setting<Integer> REFERENCE_BATCH = Setting.integer("reference-batch", 64, 1,
            "B₀ of `lr-scaling`: the global batch at which `learning-rate` is used as given");
    public static final Setting<Double> MOMENTUM = Setting.number("momentum", "0.9", v -> v >= 0 && v < 1, "at least 0 and less than 1",
            "`sgd` only");
    public static final Setting<Partitioning> PARTITIONING = Setting.choice("partitioning", "iid", Partitioning::fromId, Partitioning::id,
            "`iid` (seeded random dealing) or `label-sorted` (workers see different classes)");
    public static final Setting<Integer> PRECISE_BN_EXAMPLES = Setting.integer("precise-bn-examples", 0, 0,
            "training examples (a seeded random sample) for the `precise` BN statistics (0 = all)");
    public static final Setting<Double> COLLECTIVE_TIMEOUT = Setting.number("collective-timeout", "120", v -> v > 0 && v <= 86_400,
            "seconds, more than 0 and at most 86400", "seconds a worker waits for the others at a synchronisation; then the"
                    + " epoch's stage fails, naming the workers that did not arrive").in(Scope.OPERATIONAL);
    public static final Setting<CollectiveAlgorithm> COLLECTIVE = Setting.choice("collective", "ring", CollectiveAlgorithm::fromId,
            CollectiveAlgorithm::id, "how the workers exchange: `ring`, between the executors (all-reduces of parameters and gradients as a"
                    + " ring: reduce-scatter, then all-gather, each worker sending about 2·(W−1)/W of the payload whatever W is; BN's"
                    + " moments and backward sums by recursive doubling); the driver only introduces the workers to each other. `hub`:"
                    + " every exchange through the driver, which sends and receives 2·W payloads per round. Sums are added in a fixed"
                    + " order either way, so every worker ends bit-identical; the two orders differ in the last bits");
    public static final Setting<PortRange> COLLECTIVE_PORTS = Setting.choice("collective-ports", "0", PortRange::parse, PortRange::toString,
            "the ports the collective listens on: the driver's hub and each executor's collective server take the first free port of"
                    + " this range (`47100-47199`, or one port); `0`: any free port. Open them in a firewall").in(Scope.OPERATIONAL);
    public static final Setting<String> COLLECTIVE_BIND_ADDRESS = Setting.text("collective-bind-address", "\"\"", "the address the"
            + " collective listens on in the driver and in each executor, as `spark.driver.bindAddress` for Spark's own ports;"
            + " `0.0.0.0` listens on every interface (containers, Kubernetes). Empty: the address Spark advertises for that process"
            + " (`spark.driver.bindAddress` or `spark.driver.host` in the driver, the executor's host in an executor)").in(Scope.OPERATIONAL);
    public static final Setting<String> COLLECTIVE_DRIVER_ADDRESS = Setting.text("collective-driver-address", "\"\"", "the address"
            + " executors reach the driver's collective at, as `spark.driver.host` for Spark's own ports. Empty: `spark.driver.host`")
            .in(Scope.OPERATIONAL);
    public static final Setting<Integer> MAX_EPOCH_ATTEMPTS = Setting.integer("max-epoch-attempts", 3, 1,
            "an epoch whose stage fails (lost executor, time-out) runs again from its start state, at most this often in all")
            .in(Scope.OPERATIONAL);
    public static final Setting<Double> PROGRESS_INTERVAL = Setting.number("progress-interval", "10", v -> v > 0 && v <= 86_400,
            "seconds, more than 0 and at most 86400", "seconds between progress lines within an epoch").in(Scope.OPERATIONAL);

    /** All of them, in the order of the settings table (docs/reference.md) and of manifests. */
    public static final List<Setting<?>> ALL = List.of(DATASET, TABLE_PATH, TABLE_FORMAT, TABLE_LABEL, TABLE_FEATURES,
            TABLE_VALIDATION_PATH, TABLE_TEST_PATH, TABLE_VALIDATION_FRACTION, TABLE_TEST_FRACTION, VALIDATION_SPLIT, INPUT_SCALING, HIDDEN, ACTIVATION, LEAKYRELU_ALPHA,
            DROPOUT, BN, BN_PLACEMENT, INPUT_BN, BN_EPSILON, BN_RUNNING_RATE, GHOST_BATCH, WEIGHT_INIT, OUTPUT_WEIGHT_INIT, WEIGHT_SCALE,
            BIAS_INIT, BATCH_SIZE, WORKERS, SYNC, STEP, AVERAGING_FREQUENCY, EPOCHS, SEED, UPDATER, ADAM_EPSILON, LEARNING_RATE,
            LR_SCALING, REFERENCE_BATCH, MOMENTUM, PARTITIONING, PRECISE_BN_EXAMPLES, COLLECTIVE, COLLECTIVE_TIMEOUT, COLLECTIVE_PORTS, COLLECTIVE_BIND_ADDRESS,
            COLLECTIVE_DRIVER_ADDRESS, MAX_EPOCH_ATTEMPTS, PROGRESS_INTERVAL);

    /** Keys that change how a run is carried out, not what it computes (left out of fingerprints). */
    public static final List<String> OPERATIONAL = ALL.stream().filter(Setting::operational).map(Setting::key).toList();

    private static String schemes() {
        StringBuilder b = new StringBuilder();
        for (WeightInit w : WeightInit.values()) b.append(b.isEmpty() ? "" : "; ").append('`').append(w.id()).append("` ").append(w.formula());
        return b.toString();
    }

    public static Setting<?> byKey(String key) {
        for (Setting<?> s : ALL) if (s.key().equals(key)) return s;
        throw new IllegalArgumentException("unknown key '" + key + "'");
    }
}
