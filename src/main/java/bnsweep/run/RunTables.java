package bnsweep.run;

import static bnsweep.run.Column.number;
import static bnsweep.run.Column.text;

import bnsweep.bn.BnInference;
import java.util.ArrayList;
import java.util.List;

/** The tables one training run writes (epochs.csv, results.csv, bn_drift.csv), each column declared once. */
public final class RunTables {
    private RunTables() {}

    public static final Column CONFIG_ID = text("config_id", "the configuration's id (also its directory in a sweep)");
    public static final Column DATASET = text("dataset", "`dataset`");
    public static final Column BN = text("bn", "`bn`: the BN mode");
    public static final Column BATCH_SIZE = text("batch_size", "`batch-size`, per worker");
    public static final Column WORKERS = text("workers", "`workers`");
    public static final Column SEED = text("seed", "`seed`");
    public static final Column EPOCH = text("epoch", "the epoch, from 1");
    public static final Column EPOCHS = text("epochs", "epochs trained (fewer than `epochs` when the run diverged)");
    public static final Column DIVERGED = text("diverged", "`true` when training diverged: an epoch's `train_loss` was NaN, infinite or"
            + " above 2·ln K for K classes (twice a uniform guess's; 4.61 for 10 classes); the run stopped after that epoch and its test accuracy is that of the network"
            + " it left. Else `false`");
    public static final Column TRAIN_LOSS = number("train_loss", "%.6f", "mean loss over the whole training split, in inference mode after the epoch");
    public static final Column TRAIN_ACC = number("train_acc", "%.6f", "accuracy on the whole training split, in inference mode");
    public static final Column VAL_LOSS = number("val_loss", "%.6f", "mean loss on the validation split");
    public static final Column VAL_ACC = number("val_acc", "%.6f", "accuracy on the validation split");
    public static final Column TEST_LOSS = number("test_loss", "%.6f", "mean loss on the test split after the last epoch");
    public static final Column TEST_ACC = number("test_acc", "%.6f", "accuracy on the test split after the last epoch");
    public static final Column BEST_VAL_ACC = number("best_val_acc", "%.6f", "the highest `val_acc` of the run's epochs");
    public static final Column EPOCH_SECONDS = number("epoch_seconds", "%.3f",
            "the epoch's training stage plus the precise-BN recomputation, without the evaluations");
    public static final Column EXAMPLES_PER_SECOND = number("examples_per_second", "%.1f",
            "training examples per second of the training stage alone");
    public static final Column TOTAL_SECONDS = number("total_seconds", "%.3f", "wall time of the whole run, evaluations included");
    public static final Column STEPS = text("steps", "minibatch steps each worker made in the epoch");
    public static final Column COLLECTIVE_SECONDS = number("collective_seconds", "%.3f", "seconds a worker spent in the collective's calls"
            + " during the epoch's training stage (all-reduces, all-gathers, waiting for the others included), mean over the workers;"
            + " per step: divide by `steps`");
    public static final Column BN_BATCH = text("bn_batch", "examples per normalisation: b (`local`), W·b (`sync`), g (`ghost`); empty without BN");
    public static final Column PRECISE_BN_SECONDS = number("precise_bn_seconds", "%.3f", "seconds the precise-BN recomputation took; empty without BN");
    public static final Column VARIANT = text("variant", "the values of a sweep's extra dimensions, e.g. `input-scaling=unit` (empty for `train`)");
    public static final Column GLOBAL_BATCH = text("global_batch", "W·b, examples per step over all workers");
    public static final Column LEARNING_RATE = number("learning_rate", "%.6g", "the learning rate training used (`learning-rate` after `lr-scaling`)");
    public static final Column MAX_REL_VAR_DIFF = number("max_rel_var_diff", "%.6g",
            "the largest |v_merged − v_averaged| / v_merged over all BN features after a round, max over the epoch's rounds");
    public static final Column MEAN_REL_VAR_DIFF = number("mean_rel_var_diff", "%.6g", "the same, mean over the epoch's rounds");

    /** The accuracy with inference statistics {@code v}: {@code val_acc_averaged}, {@code test_acc_precise}, ... */
    public static Column accuracyWith(String split, BnInference v) {
        return number(split + "_acc_" + v.id(), "%.6f", split + " accuracy with the `" + v.id() + "` BN statistics; empty without BN");
    }

    private static List<Column> byVariant(String split) {
        List<Column> out = new ArrayList<>();
        for (BnInference v : BnInference.values()) out.add(accuracyWith(split, v));
        return out;
    }

    private static List<Column> concat(List<Column> first, List<Column> then, List<Column> last) {
        List<Column> out = new ArrayList<>(first);
        out.addAll(then);
        out.addAll(last);
        return out;
    }

    public static final Table EPOCHS_CSV = new Table("epochs.csv", concat(List.of(CONFIG_ID, DATASET, BN, BATCH_SIZE, WORKERS, SEED, EPOCH,
            TRAIN_LOSS, TRAIN_ACC, VAL_LOSS, VAL_ACC, EPOCH_SECONDS, EXAMPLES_PER_SECOND, BN_BATCH), byVariant("val"),
            List.of(PRECISE_BN_SECONDS, VARIANT, GLOBAL_BATCH, LEARNING_RATE, STEPS, COLLECTIVE_SECONDS)));
    public static final Table RESULTS_CSV = new Table("results.csv", concat(List.of(CONFIG_ID, DATASET, BN, BATCH_SIZE, WORKERS, SEED,
            EPOCHS, TEST_LOSS, TEST_ACC, BEST_VAL_ACC, TOTAL_SECONDS, BN_BATCH), byVariant("test"), List.of(VARIANT, GLOBAL_BATCH,
            LEARNING_RATE, DIVERGED)));
    public static final Table BN_DRIFT_CSV = new Table("bn_drift.csv", List.of(CONFIG_ID, BN, EPOCH, MAX_REL_VAR_DIFF, MEAN_REL_VAR_DIFF));

    /** The tables a complete run's manifest lists with their SHA-256. */
    public static final List<Table> ALL = List.of(EPOCHS_CSV, RESULTS_CSV, BN_DRIFT_CSV);
}
