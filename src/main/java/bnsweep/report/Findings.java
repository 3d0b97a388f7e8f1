package bnsweep.report;

import bnsweep.run.RunTables;
import bnsweep.sweep.Statistics;
import bnsweep.sweep.SummaryTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * Findings computed from a sweep's tables: for every BN mode against no BN, at every batch size,
 * convergence speed, final accuracy, generalisation gap, stability and runtime; then how the
 * accuracy difference changes with batch size. BN and no-BN twins share seeds (initial weights,
 * data order), so every comparison is paired by seed ({@link Statistics#paired}). Only the final
 * test accuracy comparisons are a corrected family: they say "significant after correction" when
 * the Holm–Bonferroni adjusted p (over all of the sweep's BN-vs-none comparisons, summary.csv
 * {@code p_holm}) is below 0.05; the other findings give their uncorrected paired p and never call
 * themselves significant.
 */
public final class Findings {
    public static final double ALPHA = 0.05;

    /**
     * One finding: the group it belongs to (a batch size, or "across batch sizes"), its topic, its
     * sentence, and the p-value it rests on (null when it makes no test).
     */
    public record Finding(String group, String topic, String text, Double p) {
        public boolean significant() {
            return p != null && p < ALPHA;
        }
    }

    private Findings() {}

    public static List<Finding> of(SweepTables t, double target) {
        List<Finding> out = new ArrayList<>();
        for (String bn : t.bnModes()) {
            if (bn.startsWith("none")) continue;
            for (int batch : t.batchSizes()) {
                String none = twin(t, bn, batch);
                if (none == null) continue;
                Map<String, List<Map<String, String>>> withBn = t.epochsBySeed(bn, batch), without = t.epochsBySeed(none, batch);
                String where = "At batch " + batch + " per worker, BN (" + bn + ")";
                String group = "Batch " + batch + " per worker, BN (" + bn + ") vs no BN";
                if (target > 0) out.add(convergence(group, where, target, withBn, without));
                out.add(finalAccuracy(group, where, t.summaryRow(bn, batch), t.testAccuracies(bn, batch), t.testAccuracies(none, batch)));
                out.add(compare(group, "generalisation gap", where + " ended with a train-minus-validation accuracy gap of",
                        "without BN", lastMinus(withBn, RunTables.TRAIN_ACC.name(), RunTables.VAL_ACC.name()), lastMinus(without, RunTables.TRAIN_ACC.name(), RunTables.VAL_ACC.name()), true, " points"));
                out.add(stability(group, where, withBn, without));
                out.add(compare(group, "runtime", where + " took", "without BN per epoch (training time)",
                        meanOver(withBn, RunTables.EPOCH_SECONDS.name()), meanOver(without, RunTables.EPOCH_SECONDS.name()), false, " s"));
            }
            out.addAll(trend(t, bn));
        }
        return out;
    }

    /**
     * The report's opening answer, a sentence or two per BN series: how BN minus no BN in final test
     * accuracy changes across batch sizes (with corrected significance), or, with one batch size,
     * the final-accuracy finding itself.
     */
    public static List<Finding> headlines(List<Finding> all) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : all) if (f.topic().equals("batch-size dependence")) out.add(f);
        Set<String> covered = new HashSet<>();
        for (Finding f : out) covered.add(f.group().replace("Across batch sizes, ", ""));
        for (Finding f : all) {
            String series = f.group().replaceFirst("^Batch \\d+ per worker, ", "");
            if (f.topic().equals("final accuracy") && !covered.contains(series)) out.add(f);
        }
        return out;
    }

    /** The series of the BN-free twin that series {@code bn} at {@code batch} is compared with, when the sweep has it. */
    private static String twin(SweepTables t, String bn, int batch) {
        Map<String, String> row = t.summaryRow(bn, batch);
        String none = row == null ? null : SweepTables.noneSeries(row);
        return none != null && t.summaryRow(none, batch) != null ? none : null;
    }

    private static Finding convergence(String group, String where, double target, Map<String, List<Map<String, String>>> withBn,
                                       Map<String, List<Map<String, String>>> without) {
        double[] a = epochsToTarget(withBn, target), b = epochsToTarget(without, target);
        String pct = fmt("%.1f%%", 100 * target);
        if (a.length < withBn.size() || b.length < without.size()) {
            return new Finding(group, "convergence speed", where + " reached " + pct + " validation accuracy in " + reached(a, withBn.size())
                    + ", without BN in " + reached(b, without.size()) + "; with seeds that never reached it, no test is made.", null);
        }
        return new Finding(group, "convergence speed", where + " reached " + pct + " validation accuracy in " + meanStd(a, "")
                + " epochs vs " + meanStd(b, "") + " without BN" + verdict(a, b), null);
    }

    private static String reached(double[] epochs, int seeds) {
        return epochs.length + " of " + seeds + " seeds" + (epochs.length == 0 ? "" : " (after " + meanStd(epochs, "") + " epochs)");
    }

    private static Finding stability(String group, String where, Map<String, List<Map<String, String>>> withBn,
                                     Map<String, List<Map<String, String>>> without) {
        double[] a = last(withBn, RunTables.TRAIN_LOSS.name()), b = last(without, RunTables.TRAIN_LOSS.name());
        if (a.length < 2 || b.length < 2) {
            return new Finding(group, "stability", where + ": a single seed on a side, so no spread across seeds to compare.", null);
        }
        String sa = fmt("%.4f", new DescriptiveStatistics(a).getStandardDeviation());
        String sb = fmt("%.4f", new DescriptiveStatistics(b).getStandardDeviation());
        return new Finding(group, "stability", where + ": the final training loss varied across seeds with a standard deviation of "
                + sa + " vs " + sb + " without BN (" + a.length + " and " + b.length + " seeds; a spread, not a test).", null);
    }

    /** How BN's test-accuracy difference varies over batch sizes. */
    private static List<Finding> trend(SweepTables t, String bn) {
        List<Integer> batches = t.batchSizes().stream().filter(b -> twin(t, bn, b) != null).toList();
        if (batches.size() < 2) return List.of();
        StringBuilder s = new StringBuilder("BN (" + bn + ") minus no BN in mean test accuracy, by batch size per worker:");
        int significant = 0;
        for (int b : batches) {
            Map<String, String> row = t.summaryRow(bn, b);
            double diff = SweepTables.num(row, SummaryTable.TEST_ACC_DIFF_VS_NONE.name());
            double p = SweepTables.num(row, SummaryTable.P_HOLM.name());
            s.append(fmt(" %d: %+.2f points", b, 100 * diff)).append(Double.isNaN(p) ? " (no test)" : fmt(" (adjusted p = %.3g)", p))
                    .append(b == batches.get(batches.size() - 1) ? "." : ";");
            if (!Double.isNaN(p) && p < ALPHA) significant++;
        }
        s.append(" Significant after Holm–Bonferroni correction at ").append(significant).append(" of ").append(batches.size())
                .append(" batch sizes.");
        return List.of(new Finding("Across batch sizes, BN (" + bn + ") vs no BN", "batch-size dependence", s.toString(), null));
    }

    static Finding compare(String group, String topic, String lead, String versus, double[] a, double[] b, boolean percent, String unit) {
        double scale = percent ? 100 : 1;
        String ua = meanStd(scaled(a, scale), unit), ub = meanStd(scaled(b, scale), unit);
        return new Finding(group, topic, lead + " " + ua + " vs " + ub + " " + versus + verdict(a, b), null);
    }

    /** The uncorrected paired t-test of a finding outside the corrected family (seed-aligned values). */
    static String verdict(double[] a, double[] b) {
        double p = a.length == b.length ? Statistics.paired(a, b).pT() : Double.NaN;
        return Double.isNaN(p) ? " (no paired test: too few seeds, or no variance)." : fmt(" (paired t p = %.3g, uncorrected).", p);
    }

    /** Final test accuracy, BN minus no BN: the corrected family (paired t-test, Holm–Bonferroni over the sweep). */
    static Finding finalAccuracy(String group, String where, Map<String, String> row, double[] withBn, double[] without) {
        String lead = where + " reached a test accuracy of " + meanStd(scaled(withBn, 100), "%") + " vs " + meanStd(scaled(without, 100), "%")
                + " without BN";
        double diff = SweepTables.num(row, SummaryTable.TEST_ACC_DIFF_VS_NONE.name()), lo = SweepTables.num(row, SummaryTable.DIFF_CI_LOW.name()),
                hi = SweepTables.num(row, SummaryTable.DIFF_CI_HIGH.name()), pT = SweepTables.num(row, SummaryTable.P_VALUE_VS_NONE.name()), holm = SweepTables.num(row, SummaryTable.P_HOLM.name());
        if (Double.isNaN(pT) || Double.isNaN(holm)) {
            return new Finding(group, "final accuracy", lead + fmt("; paired difference %+.2f points", 100 * diff)
                    + " (no paired test: too few seeds, or no variance).", null);
        }
        String ci = Double.isNaN(lo) ? "" : fmt(", 95%% CI %+.2f to %+.2f", 100 * lo, 100 * hi);
        String verdict = holm < ALPHA ? "significant after Holm–Bonferroni correction" : "not significant after Holm–Bonferroni correction";
        return new Finding(group, "final accuracy", lead + fmt("; paired difference %+.2f points%s; paired t p = %.3g, adjusted p = %.3g: ",
                100 * diff, ci, pT, holm) + verdict + ".", holm);
    }

    static double[] epochsToTarget(Map<String, List<Map<String, String>>> bySeed, double target) {
        List<Double> v = new ArrayList<>();
        for (List<Map<String, String>> rows : bySeed.values()) {
            for (Map<String, String> r : rows) {
                if (SweepTables.num(r, RunTables.VAL_ACC.name()) >= target) {
                    v.add(SweepTables.num(r, RunTables.EPOCH.name()));
                    break;
                }
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[] last(Map<String, List<Map<String, String>>> bySeed, String column) {
        return bySeed.values().stream().mapToDouble(rows -> SweepTables.num(rows.get(rows.size() - 1), column)).toArray();
    }

    static double[] lastMinus(Map<String, List<Map<String, String>>> bySeed, String a, String b) {
        return bySeed.values().stream().mapToDouble(rows -> {
            Map<String, String> r = rows.get(rows.size() - 1);
            return SweepTables.num(r, a) - SweepTables.num(r, b);
        }).toArray();
    }

    static double[] meanOver(Map<String, List<Map<String, String>>> bySeed, String column) {
        return bySeed.values().stream().mapToDouble(rows -> rows.stream().mapToDouble(r -> SweepTables.num(r, column)).average().orElse(Double.NaN)).toArray();
    }

    static double[] scaled(double[] a, double s) {
        double[] o = a.clone();
        for (int i = 0; i < o.length; i++) o[i] *= s;
        return o;
    }

    static String meanStd(double[] v, String unit) {
        if (v.length == 0) return "n/a";
        DescriptiveStatistics d = new DescriptiveStatistics(v);
        String u = unit.equals("%") ? "%" : unit;
        return v.length < 2 ? fmt("%.2f", d.getMean()) + u : fmt("%.2f ± %.2f", d.getMean(), d.getStandardDeviation()) + u;
    }

    static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
