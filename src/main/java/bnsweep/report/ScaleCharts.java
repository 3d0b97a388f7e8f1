package bnsweep.report;

import bnsweep.run.RunTables;
import bnsweep.sweep.SummaryTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * The report's charts across scale: test accuracy against the BN batch (the examples one
 * normalisation sees: b, W·b or the ghost batch g), accuracy and time against workers at a fixed
 * global batch, and the BN inference-statistics variants where they differ. Each returns null when
 * the sweep has nothing to show there.
 */
final class ScaleCharts {
    private final SweepTables t;
    private final Charts charts;

    ScaleCharts(SweepTables t, Charts charts) {
        this.t = t;
        this.charts = charts;
    }

    /** Mean test accuracy against bn_batch (log2 axis), one line per BN series; no-BN rows have no BN batch and are left out. */
    String accuracyVersusBnBatch() {
        Map<String, TreeMap<Double, Double>> lines = new LinkedHashMap<>();
        for (Map<String, String> r : t.summary()) {
            double bnBatch = SweepTables.num(r, RunTables.BN_BATCH.name());
            if (r.get(RunTables.BN.name()).equals("none") || Double.isNaN(bnBatch)) continue;
            lines.computeIfAbsent(SweepTables.series(r), k -> new TreeMap<>()).put(Charts.log2(bnBatch), SweepTables.num(r, SummaryTable.TEST_ACC_MEAN.name()));
        }
        if (lines.isEmpty()) return null;
        return charts.lines("Test accuracy against the BN batch", "examples per normalisation (log2 scale)", "test accuracy",
                lines, true, SummaryTable.TEST_ACC_MEAN.name());
    }

    /**
     * {@code column} against workers: one chart per global batch W·b the sweep trained with at least two
     * worker counts, a line per series (BN mode and variant, without its workers part); empty when there is none.
     */
    List<String> versusWorkersAtFixedGlobalBatch(String column, String title, String yTitle) {
        Map<Integer, Map<String, TreeMap<Double, Double>>> byGlobal = new TreeMap<>();
        for (Map<String, String> r : t.summary()) {
            byGlobal.computeIfAbsent(Integer.parseInt(r.get(RunTables.GLOBAL_BATCH.name())), g -> new LinkedHashMap<>())
                    .computeIfAbsent(withoutWorkers(SweepTables.series(r)), k -> new TreeMap<>())
                    .put(SweepTables.num(r, RunTables.WORKERS.name()), SweepTables.num(r, column));
        }
        List<String> charts = new ArrayList<>();
        byGlobal.forEach((global, lines) -> {
            if (lines.values().stream().anyMatch(points -> points.size() >= 2)) {
                charts.add(this.charts.lines(title + ", global batch " + global, "workers", yTitle, lines, false, column));
            }
        });
        return charts;
    }

    /**
     * Mean test accuracy of each inference variant (averaged / merged / precise) against batch size,
     * a line per (BN series, variant); null when the variants gave the same accuracy in every configuration.
     */
    String inferenceVariants() {
        String[] variants = {"averaged", "merged", "precise"};
        Map<String, TreeMap<Double, Double>> lines = new LinkedHashMap<>();
        boolean differ = false;
        for (String series : t.bnModes()) {
            if (series.startsWith("none")) continue;
            for (int b : t.batchSizes()) {
                double[] means = new double[variants.length];
                for (int v = 0; v < variants.length; v++) {
                    DescriptiveStatistics d = new DescriptiveStatistics();
                    for (Map<String, String> r : t.results()) {
                        if (SweepTables.series(r).equals(series) && Integer.parseInt(r.get(RunTables.BATCH_SIZE.name())) == b) {
                            double acc = SweepTables.num(r, "test_acc_" + variants[v]);
                            if (!Double.isNaN(acc)) d.addValue(acc);
                        }
                    }
                    means[v] = d.getN() == 0 ? Double.NaN : d.getMean();
                    if (!Double.isNaN(means[v])) lines.computeIfAbsent(series + ", " + variants[v], k -> new TreeMap<>()).put(Charts.log2(b), means[v]);
                }
                differ |= means[0] != means[1] || means[0] != means[2];
            }
        }
        if (!differ || lines.isEmpty()) return null;
        return charts.lines("Test accuracy by BN inference statistics", "batch size per worker (log2 scale)", "test accuracy",
                lines, true, SummaryTable.TEST_ACC_MEAN.name());
    }

    /** The series label with its {@code workers=N} part removed (the x axis of the workers charts). */
    static String withoutWorkers(String series) {
        String s = series.replaceAll("workers=\\d+(, )?", "").replace(", ]", "]").replace(" []", "");
        return s.endsWith(", ") ? s.substring(0, s.length() - 2) : s;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
