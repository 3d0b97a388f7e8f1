package bnsweep.sweep;

import static bnsweep.run.Column.number;
import static bnsweep.run.Column.text;

import bnsweep.config.SweepPoint;
import bnsweep.config.SweepSettings;
import bnsweep.config.TrainKeys;
import bnsweep.config.TrainSettings;
import bnsweep.run.Column;
import bnsweep.run.RunTables;
import bnsweep.run.Table;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * tuned.csv, for a sweep over {@code sweep.learning-rates}: every BN mode (or arm) at every batch
 * size and variant at its own best learning rate, chosen on the mean over seeds of
 * {@code best_val_acc} (validation only; ties go to the smaller rate), with that choice's test
 * accuracy, and compared with its reference at the reference's own best learning rate, paired by
 * seed. Diverged runs count with the accuracy they reached; a learning rate at which any seed
 * diverged is not stable.
 */
public final class TunedTable {
    private TunedTable() {}

    public static final Column LEARNING_RATES = text("learning_rates", "the learning rates tried (`sweep.learning-rates`), space-separated");
    public static final Column BEST_LEARNING_RATE = number("best_learning_rate", "%.6g", "the one with the highest mean `best_val_acc` over seeds");
    public static final Column BEST_VAL_ACC_MEAN = number("best_val_acc_mean", "%.6f", "that mean, at the best learning rate");
    public static final Column TEST_ACC_MEAN = number("test_acc_mean", "%.6f", "mean `test_acc` over seeds at the best learning rate");
    public static final Column TEST_ACC_STD = number("test_acc_std", "%.6f", "its sample standard deviation (n − 1)");
    public static final Column LARGEST_STABLE = number("largest_stable_learning_rate", "%.6g",
            "the largest learning rate at which no seed diverged; empty when every rate diverged somewhere");
    public static final Column DIVERGED = text("diverged", "runs that diverged, over all learning rates");
    public static final Column RUNS = text("runs", "runs over all learning rates");
    public static final Column NONE_VARIANT = text("none_variant", "the reference's variant (the no-BN twin, or the first arm)");
    public static final Column NONE_BEST_LEARNING_RATE = number("none_best_learning_rate", "%.6g", "the reference's own best learning rate");
    public static final Column DIFF = number("test_acc_diff_vs_none", "%.6f",
            "mean over seeds of this row's `test_acc` at its best learning rate − the reference's at its own, paired by seed");
    public static final Column P_VALUE = number("p_value_vs_none", "%.6g", "two-sided paired t-test of that difference");
    public static final Column P_HOLM = number("p_holm", "%.6g", "that p adjusted by Holm–Bonferroni over the rows of tuned.csv");

    public static final Table CSV = new Table("tuned.csv", List.of(RunTables.DATASET, RunTables.BN, RunTables.BATCH_SIZE, RunTables.VARIANT,
            LEARNING_RATES, BEST_LEARNING_RATE, BEST_VAL_ACC_MEAN, TEST_ACC_MEAN, TEST_ACC_STD, LARGEST_STABLE, DIVERGED, RUNS, NONE_VARIANT,
            NONE_BEST_LEARNING_RATE, DIFF, SummaryTable.DIFF_CI_LOW, SummaryTable.DIFF_CI_HIGH, P_VALUE, P_HOLM, SummaryTable.PAIRS));

    public static boolean applies(SweepSettings sweep) {
        return sweep.swept().contains(TrainKeys.LEARNING_RATE);
    }

    /** A learning rate as a config writes it: 0.01, not 0.0100000. */
    public static String rate(double learningRate) {
        return BigDecimal.valueOf(learningRate).stripTrailingZeros().toPlainString();
    }

    /** What identifies a group but for its learning rate. */
    static SweepPoint.Key tunedKey(TrainSettings c) {
        return SweepAggregator.group(c).without(TrainKeys.LEARNING_RATE);
    }

    /** The variant column of c without its learning rate (the tuned table gives that a column of its own). */
    static String variantButRate(TrainSettings c) {
        return c.point().text(c, Set.of(TrainKeys.LEARNING_RATE));
    }

    /** The group with the highest mean best_val_acc among those of one tuned key (ties: the smaller learning rate). */
    static List<SweepAggregator.Row> best(List<List<SweepAggregator.Row>> byRate) {
        return byRate.stream().max(Comparator.comparingDouble((List<SweepAggregator.Row> g) -> mean(g, SweepAggregator.Row::bestValAcc))
                .thenComparing(g -> -g.get(0).c().learningRate())).orElseThrow();
    }

    static double mean(List<SweepAggregator.Row> g, java.util.function.ToDoubleFunction<SweepAggregator.Row> f) {
        return g.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    static List<String> rows(SweepSettings sweep, Map<SweepPoint.Key, List<SweepAggregator.Row>> groups) {
        Map<SweepPoint.Key, List<List<SweepAggregator.Row>>> byKey = new LinkedHashMap<>();
        for (List<SweepAggregator.Row> g : groups.values()) byKey.computeIfAbsent(tunedKey(g.get(0).c()), k -> new ArrayList<>()).add(g);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (List<List<SweepAggregator.Row>> byRate : byKey.values()) {
            List<SweepAggregator.Row> best = best(byRate);
            TrainSettings c = best.get(0).c();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(RunTables.DATASET.name(), c.dataset().id());
            row.put(RunTables.BN.name(), c.bn().id());
            row.put(RunTables.BATCH_SIZE.name(), c.batchSize());
            row.put(RunTables.VARIANT.name(), variantButRate(c));
            row.put(LEARNING_RATES.name(), byRate.stream().map(g -> rate(g.get(0).c().learningRate()))
                    .collect(Collectors.joining(" ")));
            row.put(BEST_LEARNING_RATE.name(), c.learningRate());
            row.put(BEST_VAL_ACC_MEAN.name(), mean(best, SweepAggregator.Row::bestValAcc));
            DescriptiveStatistics test = new DescriptiveStatistics(
                    best.stream().mapToDouble(SweepAggregator.Row::testAcc).toArray());
            row.put(TEST_ACC_MEAN.name(), test.getMean());
            if (test.getN() > 1) row.put(TEST_ACC_STD.name(), test.getStandardDeviation());
            byRate.stream().filter(g -> g.stream().noneMatch(SweepAggregator.Row::diverged)).mapToDouble(g -> g.get(0).c().learningRate()).max()
                    .ifPresent(lr -> row.put(LARGEST_STABLE.name(), lr));
            row.put(DIVERGED.name(), byRate.stream().flatMap(List::stream).filter(SweepAggregator.Row::diverged).count());
            row.put(RUNS.name(), byRate.stream().mapToInt(List::size).sum());
            TrainSettings ref = sweep.reference(c);
            List<List<SweepAggregator.Row>> refRates = ref == null ? null : byKey.get(tunedKey(ref));
            double pValue = Double.NaN;
            if (refRates != null) {
                List<SweepAggregator.Row> refBest = best(refRates);
                Statistics.Paired d = SweepAggregator.pairedTestAccuracy(best, refBest);
                row.put(NONE_VARIANT.name(), variantButRate(refBest.get(0).c()));
                row.put(NONE_BEST_LEARNING_RATE.name(), refBest.get(0).c().learningRate());
                row.put(DIFF.name(), d.meanDiff());
                row.put(SummaryTable.DIFF_CI_LOW.name(), d.ciLow());
                row.put(SummaryTable.DIFF_CI_HIGH.name(), d.ciHigh());
                row.put(P_VALUE.name(), d.pT());
                row.put(SummaryTable.PAIRS.name(), d.n());
                pValue = d.pT();
            }
            rows.add(row);
            p.add(pValue);
        }
        double[] holm = Statistics.holm(p.stream().mapToDouble(Double::doubleValue).toArray());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!Double.isNaN(holm[i])) rows.get(i).put(P_HOLM.name(), holm[i]);
            out.add(CSV.row(rows.get(i)));
        }
        return out;
    }
}
