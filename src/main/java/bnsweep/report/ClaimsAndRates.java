package bnsweep.report;

import bnsweep.config.TrainKeys;
import bnsweep.run.RunTables;
import bnsweep.sweep.ClaimsTable;
import bnsweep.sweep.SummaryTable;
import bnsweep.sweep.TunedTable;
import bnsweep.util.Csv;
import bnsweep.util.fs.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's parts for claims (claims.csv: the section "Claims" that opens a report of a sweep
 * that tests some) and for learning rates (tuned.csv: accuracy against learning rate, one chart per
 * batch size, a line per BN mode or arm; each one's best and largest stable learning rate). Empty
 * when the sweep wrote neither table.
 */
record ClaimsAndRates(List<Map<String, String>> claims, List<Map<String, String>> tuned) {
    static ClaimsAndRates read(Location out) {
        Location c = out.resolve(ClaimsTable.CSV.file()), r = out.resolve(TunedTable.CSV.file());
        return new ClaimsAndRates(c.isFile() ? Csv.readTable(c) : List.of(), r.isFile() ? Csv.readTable(r) : List.of());
    }

    private static String pts(String v) {
        return v == null || v.isEmpty() ? "" : String.format(Locale.ROOT, "%+.2f", 100 * Double.parseDouble(v));
    }

    /** A learning rate as written in a config: 0.01, not 0.0100000. */
    private static String rate(String v) {
        return v == null || v.isEmpty() ? "none" : TunedTable.rate(Double.parseDouble(v));
    }

    private static String p(String v) {
        return v == null || v.isEmpty() ? "" : String.format(Locale.ROOT, "%.3g", Double.parseDouble(v));
    }

    /** One sentence per claim: statement, measured effect with its interval, verdict and where it holds. */
    List<String> claimSentences() {
        List<String> out = new ArrayList<>();
        for (Map<String, String> r : claims) {
            out.add(r.get(ClaimsTable.STATEMENT.name()) + " Measured: " + r.get(ClaimsTable.EFFECT.name()) + " = "
                    + pts(r.get(ClaimsTable.EFFECT_MEAN.name())) + " points (95% CI " + pts(r.get(ClaimsTable.CI_LOW.name())) + " to "
                    + pts(r.get(ClaimsTable.CI_HIGH.name())) + ", " + r.get(ClaimsTable.SEEDS.name()) + " seeds, p = "
                    + p(r.get(ClaimsTable.P_VALUE.name())) + ", after Holm over the " + claims.size() + " claim(s) of this report p = "
                    + p(r.get(ClaimsTable.P_HOLM.name())) + "). Verdict: " + r.get(ClaimsTable.VERDICT.name()).toUpperCase(Locale.ROOT)
                    + ", for " + r.get(ClaimsTable.MEASURED.name()) + " only.");
        }
        return out;
    }

    /** One sentence per row of tuned.csv. */
    List<String> rateSentences() {
        List<String> out = new ArrayList<>();
        for (Map<String, String> r : tuned) {
            String series = SweepTables.series(r);
            String s = series + " at batch " + r.get(RunTables.BATCH_SIZE.name()) + ": best learning rate " + rate(r.get(TunedTable.BEST_LEARNING_RATE.name()))
                    + " of " + r.get(TunedTable.LEARNING_RATES.name()) + " (on validation), test accuracy there "
                    + String.format(Locale.ROOT, "%.2f%%", 100 * Double.parseDouble(r.get(TunedTable.TEST_ACC_MEAN.name())))
                    + "; largest stable learning rate " + rate(r.get(TunedTable.LARGEST_STABLE.name()))
                    + "; " + r.get(TunedTable.DIVERGED.name()) + " of " + r.get(TunedTable.RUNS.name()) + " runs diverged.";
            if (!r.get(TunedTable.DIFF.name()).isEmpty()) {
                s += " Each at its own best rate, minus the reference (best rate " + rate(r.get(TunedTable.NONE_BEST_LEARNING_RATE.name())) + "): "
                        + pts(r.get(TunedTable.DIFF.name())) + " points (95% CI " + pts(r.get(SummaryTable.DIFF_CI_LOW.name())) + " to "
                        + pts(r.get(SummaryTable.DIFF_CI_HIGH.name())) + ", p after Holm = " + p(r.get(TunedTable.P_HOLM.name())) + ").";
            }
            out.add(s);
        }
        return out;
    }

    /** Test accuracy against log10 of the learning rate, one chart per batch size, a line per series, from summary.csv. */
    List<String> charts(SweepTables t, Charts charts) {
        if (tuned.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (int b : t.batchSizes()) {
            Map<String, TreeMap<Double, Double>> lines = new LinkedHashMap<>();
            for (Map<String, String> r : t.summary()) {
                if (Integer.parseInt(r.get(RunTables.BATCH_SIZE.name())) != b) continue;
                String variant = withoutRate(r.get(RunTables.VARIANT.name()));
                String series = r.get(RunTables.BN.name()) + (variant.isEmpty() ? "" : " [" + variant + "]");
                lines.computeIfAbsent(series, k -> new TreeMap<>()).put(Math.log10(SweepTables.num(r, RunTables.LEARNING_RATE.name())),
                        SweepTables.num(r, SummaryTable.TEST_ACC_MEAN.name()));
            }
            out.add(charts.lines("Test accuracy against learning rate, batch " + b, "log10(learning rate)", "test accuracy", lines, false,
                    SummaryTable.TEST_ACC_MEAN.name()));
        }
        return out;
    }

    /** A summary row's variant column ("key=value, …" as the sweep wrote it) without its learning-rate part: the chart's x axis. */
    private static String withoutRate(String variant) {
        String part = TrainKeys.LEARNING_RATE.key() + "=";
        return java.util.Arrays.stream(variant.split(", ")).filter(p -> !p.isEmpty() && !p.startsWith(part))
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
