package bnsweep.sweep;

import static bnsweep.run.Column.number;
import static bnsweep.run.Column.text;

import bnsweep.run.Column;
import bnsweep.run.RunTables;
import bnsweep.run.Table;
import java.util.List;

/** summary.csv: one row per (dataset, bn, batch_size, variant) over seeds, each column declared once. */
public final class SummaryTable {
    private SummaryTable() {}

    private static Column mean(String of, String what) {
        return number(of + "_mean", "%.6f", "mean over seeds of " + what);
    }

    private static Column std(String of) {
        return number(of + "_std", "%.6f", "sample standard deviation (n − 1) over seeds of the same; empty for fewer than 2 values");
    }

    public static final Column SEEDS = text("seeds", "seeds (repetitions) of the setting");
    public static final Column TEST_ACC_MEAN = mean("test_acc", "`test_acc`"), TEST_ACC_STD = std("test_acc");
    public static final Column BEST_VAL_ACC_MEAN = mean("best_val_acc", "`best_val_acc`"), BEST_VAL_ACC_STD = std("best_val_acc");
    public static final Column FINAL_TRAIN_LOSS_MEAN = mean("final_train_loss", "the last epoch's `train_loss`"),
            FINAL_TRAIN_LOSS_STD = std("final_train_loss");
    public static final Column TARGET_VAL_ACC = number("target_val_acc", "%.6f", "`sweep.target-val-acc`; empty when none is set");
    public static final Column TARGET_REACHED = text("target_reached", "seeds whose `val_acc` reached the target");
    public static final Column EPOCHS_TO_TARGET_MEAN = mean("epochs_to_target", "the first epoch that reached the target, over the seeds"
            + " that did (empty when none did)"), EPOCHS_TO_TARGET_STD = std("epochs_to_target");
    public static final Column SECONDS_TO_TARGET_MEAN = mean("seconds_to_target", "the summed `epoch_seconds` up to that epoch, over"
            + " the seeds that reached the target"), SECONDS_TO_TARGET_STD = std("seconds_to_target");
    public static final Column EPOCH_SECONDS_MEAN = mean("epoch_seconds", "the run's mean `epoch_seconds`");
    public static final Column EXAMPLES_PER_SECOND_MEAN = mean("examples_per_second", "the run's mean `examples_per_second`");
    public static final Column DIVERGED = text("diverged", "seeds whose run diverged (`diverged` in results.csv); their accuracies count"
            + " in every mean and comparison as measured");
    public static final Column TEST_ACC_DIFF_VS_NONE = number("test_acc_diff_vs_none", "%.6f", "BN rows: mean of BN − none in `test_acc`,"
            + " against the no-BN twin group (same batch size and variant) paired by seed; in a sweep with `sweep.arms`, every arm"
            + " but the first against the first arm (which has bn = none) at the same point of the other dimensions");
    public static final Column P_VALUE_VS_NONE = number("p_value_vs_none", "%.6g",
            "two-sided paired t-test of that difference (commons-math3); empty with fewer than 2 pairs");
    public static final Column NONE_VARIANT = text("none_variant", "the twin group's `variant`");
    public static final Column PAIRS = text("pairs", "seeds paired");
    public static final Column DIFF_CI_LOW = number("diff_ci_low", "%.6f", "lower end of the 95% confidence interval of the mean"
            + " difference (t distribution)"), DIFF_CI_HIGH = number("diff_ci_high", "%.6f", "its upper end");
    public static final Column P_WILCOXON = number("p_wilcoxon", "%.6g", "two-sided exact Wilcoxon signed-rank test, from 6 pairs"
            + " (zero differences dropped, tied absolute differences given their mean rank; `Statistics.signedRank`)");
    public static final Column P_HOLM = number("p_holm", "%.6g",
            "`p_value_vs_none` adjusted by Holm–Bonferroni over all the sweep's rows with a comparison");

    public static final Table CSV = new Table("summary.csv", List.of(RunTables.DATASET, RunTables.BN, RunTables.BATCH_SIZE, SEEDS,
            TEST_ACC_MEAN, TEST_ACC_STD, BEST_VAL_ACC_MEAN, BEST_VAL_ACC_STD, FINAL_TRAIN_LOSS_MEAN, FINAL_TRAIN_LOSS_STD, TARGET_VAL_ACC,
            TARGET_REACHED, EPOCHS_TO_TARGET_MEAN, EPOCHS_TO_TARGET_STD, SECONDS_TO_TARGET_MEAN, SECONDS_TO_TARGET_STD,
            EPOCH_SECONDS_MEAN, EXAMPLES_PER_SECOND_MEAN, TEST_ACC_DIFF_VS_NONE, P_VALUE_VS_NONE, RunTables.VARIANT, NONE_VARIANT, PAIRS,
            DIFF_CI_LOW, DIFF_CI_HIGH, P_WILCOXON, P_HOLM, RunTables.WORKERS, RunTables.GLOBAL_BATCH, RunTables.BN_BATCH, RunTables.LEARNING_RATE, DIVERGED));
}
