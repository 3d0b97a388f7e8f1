package bnsweep.report;

import static bnsweep.report.SweepTables.num;

import bnsweep.run.RunTables;
import bnsweep.sweep.SummaryTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's answer as a table, above its sentences: one row per BN series and batch size that has a comparison
 * with its no-BN twin (summary.csv's paired difference, its 95% interval, the Holm-adjusted p and whether that is
 * below 0.05).
 */
final class AnswerTable {
    static final List<String> HEADINGS = List.of("series", "batch per worker", "BN − none (points)", "95% CI (points)",
            "adjusted p (Holm)", "significant");

    private AnswerTable() {}

    static List<List<String>> rows(SweepTables t) {
        List<List<String>> out = new ArrayList<>();
        for (String series : t.bnModes()) {
            for (int batch : t.batchSizes()) {
                Map<String, String> r = t.summaryRow(series, batch);
                if (r == null || SweepTables.noneSeries(r) == null) continue;
                String p = r.getOrDefault(SummaryTable.P_HOLM.name(), "");
                boolean hasP = !p.isEmpty() && !Double.isNaN(num(r, SummaryTable.P_HOLM.name()));
                out.add(List.of(series, r.get(RunTables.BATCH_SIZE.name()), points(r, SummaryTable.TEST_ACC_DIFF_VS_NONE.name(), true),
                        interval(r), hasP ? String.format(Locale.ROOT, "%.3g", num(r, SummaryTable.P_HOLM.name())) : "—",
                        hasP ? (num(r, SummaryTable.P_HOLM.name()) < 0.05 ? "yes" : "no") : "no test (fewer than 2 pairs)"));
            }
        }
        return out;
    }

    private static String interval(Map<String, String> r) {
        if (r.getOrDefault(SummaryTable.DIFF_CI_LOW.name(), "").isEmpty()) return "—";
        return points(r, SummaryTable.DIFF_CI_LOW.name(), true) + " to " + points(r, SummaryTable.DIFF_CI_HIGH.name(), true);
    }

    private static String points(Map<String, String> r, String column, boolean signed) {
        double v = 100 * num(r, column);
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, signed ? "%+.2f" : "%.2f", v);
    }
}
