package bnsweep.report;

import bnsweep.config.SweepSettings;
import bnsweep.run.RunTables;
import bnsweep.sweep.SummaryTable;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html, self-contained (charts as PNG data URIs, no external reference), built section by
 * section: answer, findings, training curves, against batch size, across scale, the summary table
 * ({@link ReportWriter#SUMMARY_COLUMNS}), background, manifest and configuration.
 */
final class HtmlReport {
    private final SweepTables t;
    private final JsonNode sweep, manifest;
    private final List<Findings.Finding> findings;
    private final double target;
    private final Charts charts;
    private final ClaimsAndRates extra;
    private final StringBuilder h = new StringBuilder();

    HtmlReport(SweepTables t, JsonNode sweep, JsonNode manifest, List<Findings.Finding> findings, double target, ClaimsAndRates extra) {
        this.t = t;
        this.extra = extra;
        this.sweep = sweep;
        this.manifest = manifest;
        this.findings = findings;
        this.target = target;
        this.charts = new Charts(t);
    }

    String html() {
        head();
        h.append("<h1>bnsweep report: ").append(esc(sweep.path(SweepSettings.NAME.key()).asText())).append("</h1>\n");
        h.append("<p>").append(esc(ReportWriter.setting(sweep))).append("</p>\n");
        claims();
        answer();
        rates();
        findings();
        curves();
        versusBatch();
        acrossScale();
        summaryTable();
        h.append("<h2>Background</h2>\n");
        for (String p : ReportWriter.BACKGROUND) h.append("<p>").append(esc(p)).append("</p>\n");
        h.append("<h2>Run manifest</h2>\n<pre>").append(esc(manifest.toPrettyString())).append("</pre>\n");
        h.append("<h2>Sweep configuration</h2>\n<pre>").append(esc(sweep.toPrettyString())).append("</pre>\n</body>\n</html>\n");
        return h.toString();
    }

    private void head() {
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>bnsweep report: ")
                .append(esc(sweep.path(SweepSettings.NAME.key()).asText())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1400px;margin:1em auto;padding:0 1em;color:#222}")
                .append("h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}")
                .append(".grid{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}figure img{border:1px solid #eee}")
                .append("table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}li{margin:.3em 0}pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:.8em}")
                .append(".sig{font-weight:bold}\n</style>\n</head>\n<body>\n");
    }

    private void claims() {
        if (extra.claims().isEmpty()) return;
        h.append("<h2>Claims</h2>\n<p>").append(esc(ReportWriter.CLAIMS_NOTE)).append("</p>\n<ul>\n");
        for (String s : extra.claimSentences()) h.append("<li>").append(esc(s)).append("</li>\n");
        h.append("</ul>\n");
    }

    private void rates() {
        if (extra.tuned().isEmpty()) return;
        h.append("<h2>Learning rates</h2>\n<p>").append(esc(ReportWriter.RATES_NOTE)).append("</p>\n<ul>\n");
        for (String s : extra.rateSentences()) h.append("<li>").append(esc(s)).append("</li>\n");
        h.append("</ul>\n<div class=\"grid\">\n");
        optional("test-acc-vs-learning-rate", extra.charts(t, charts), "no learning rates swept.");
        h.append("</div>\n");
    }

    private void answer() {
        h.append("<h2>Answer</h2>\n");
        List<List<String>> rows = AnswerTable.rows(t);
        if (!rows.isEmpty()) {
            h.append("<table>\n<tr>");
            for (String c : AnswerTable.HEADINGS) h.append("<th>").append(esc(c)).append("</th>");
            h.append("</tr>\n");
            for (List<String> row : rows) {
                h.append(row.get(5).equals("yes") ? "<tr class=\"sig\">" : "<tr>");
                for (String c : row) h.append("<td>").append(esc(c)).append("</td>");
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<ul>\n");
        for (Findings.Finding f : Findings.headlines(findings)) {
            h.append("<li").append(f.significant() ? " class=\"sig\"" : "").append(">").append(esc(f.text())).append("</li>\n");
        }
        h.append("</ul>\n");
        single("answer", charts.versusBatch(SummaryTable.TEST_ACC_MEAN.name(), SummaryTable.TEST_ACC_STD.name(), "Final test accuracy", "test accuracy"));
    }

    private void findings() {
        h.append("<h2>Findings</h2>\n<p>Bold: a BN − no-BN difference in final test accuracy that is significant after Holm–Bonferroni correction over all of this sweep's BN-vs-none comparisons (paired t-test over seeds, adjusted p &lt; 0.05). Other findings give uncorrected paired p-values.</p>\n");
        String group = null;
        for (Findings.Finding f : findings) {
            if (!f.group().equals(group)) {
                if (group != null) h.append("</ul>\n");
                h.append("<h3>").append(esc(group = f.group())).append("</h3>\n<ul>\n");
            }
            h.append("<li").append(f.significant() ? " class=\"sig\"" : "").append("><b>").append(esc(f.topic())).append(".</b> ")
                    .append(esc(f.text())).append("</li>\n");
        }
        if (group != null) h.append("</ul>\n");
    }

    private void curves() {
        h.append("<h2>Training curves (line: mean over seeds; band: ± 1 std)</h2>\n");
        smallMultiples("train-loss", "Training loss per epoch", RunTables.TRAIN_LOSS.name(), "training loss");
        smallMultiples("val-acc", "Validation accuracy per epoch", RunTables.VAL_ACC.name(), "validation accuracy");
    }

    private void versusBatch() {
        h.append("<h2>Against batch size (error bars ± 1 std over seeds)</h2>\n<div class=\"grid\">\n");
        single("test-acc-vs-batch", charts.versusBatch(SummaryTable.TEST_ACC_MEAN.name(), SummaryTable.TEST_ACC_STD.name(), "Final test accuracy", "test accuracy"));
        String pct = String.format(Locale.ROOT, "%.1f%%", 100 * target);
        single("epochs-to-target", target > 0 ? charts.versusBatch(SummaryTable.EPOCHS_TO_TARGET_MEAN.name(), SummaryTable.EPOCHS_TO_TARGET_STD.name(),
                "Epochs to " + pct + " validation accuracy", "epochs") : null);
        single("seconds-to-target", target > 0 ? charts.versusBatch(SummaryTable.SECONDS_TO_TARGET_MEAN.name(), SummaryTable.SECONDS_TO_TARGET_STD.name(),
                "Training seconds to " + pct + " validation accuracy", "seconds") : null);
        single("epoch-seconds", charts.versusBatch(SummaryTable.EPOCH_SECONDS_MEAN.name(), null, "Training time per epoch", "seconds"));
        single("examples-per-second", charts.versusBatch(SummaryTable.EXAMPLES_PER_SECOND_MEAN.name(), null, "Training throughput", "examples/s"));
        h.append("</div>\n<p>Epochs/seconds to target average only the seeds that reached the target; a point is missing where none did.</p>\n");
    }

    private void acrossScale() {
        ScaleCharts scale = new ScaleCharts(t, charts);
        h.append("<h2>Across scale (means over seeds)</h2>\n<div class=\"grid\">\n");
        String noWorkers = "this sweep has no global batch trained with two or more worker counts (sweep.workers).";
        optional("test-acc-vs-bn-batch", one(scale.accuracyVersusBnBatch()), "no BN configuration in this sweep.");
        optional("test-acc-vs-workers", scale.versusWorkersAtFixedGlobalBatch(SummaryTable.TEST_ACC_MEAN.name(), "Test accuracy",
                "test accuracy"), noWorkers);
        optional("epoch-seconds-vs-workers", scale.versusWorkersAtFixedGlobalBatch(SummaryTable.EPOCH_SECONDS_MEAN.name(), "Training time per epoch",
                "seconds"), noWorkers);
        optional("inference-variants", one(scale.inferenceVariants()), "the BN inference statistics (averaged, merged, precise)"
                + " gave the same mean test accuracy in every configuration, or the sweep has no BN.");
        h.append("</div>\n<p>BN batch: the examples one normalisation sees (b per worker with local BN, W·b with synchronized BN,"
                + " the ghost batch g with ghost BN); no-BN configurations have none. Workers at a fixed global batch: a chart per"
                + " global batch W·b the sweep trained with at least two worker counts, a line per BN series. Inference statistics: with synchronized BN"
                + " averaged and merged coincide, and a line drawn later hides one it coincides with.</p>\n");
    }

    private void summaryTable() {
        h.append("<h2>Summary table (mean ± sample std over seeds)</h2>\n<table>\n<tr>");
        for (String c : ReportWriter.summaryHeadings()) {
            h.append("<th").append(c.equals("bn") ? " class=\"l\"" : "").append(">").append(esc(c)).append("</th>");
        }
        h.append("</tr>\n");
        for (Map<String, String> r : ReportWriter.sortedSummary(t)) {
            List<String> cells = ReportWriter.summaryCells(r);
            h.append("<tr>");
            for (int i = 0; i < cells.size(); i++) h.append("<td").append(i == 0 ? " class=\"l\"" : "").append(">").append(esc(cells.get(i))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private void smallMultiples(String view, String title, String column, String yTitle) {
        h.append("<section class=\"view\" data-view=\"").append(view).append("\">\n<h3>").append(esc(title)).append("</h3>\n<div class=\"grid\">\n");
        for (int b : t.batchSizes()) {
            h.append("<figure><img alt=\"").append(esc(title + ", batch " + b)).append("\" src=\"")
                    .append(charts.perEpoch(b, column, yTitle)).append("\"/></figure>\n");
        }
        h.append("</div>\n</section>\n");
    }

    private void single(String view, String png) {
        section( view, one(png), "no data (no target set, or never reached).");
    }

    private void optional(String view, List<String> pngs, String whyNot) {
        section( view, pngs, "not drawn: " + whyNot);
    }

    /** A view of zero or more charts; with none, a line "view: {@code missing}". */
    private void section(String view, List<String> pngs, String missing) {
        h.append("<section class=\"view\" data-view=\"").append(view).append("\">");
        if (pngs.isEmpty()) h.append("<p>").append(esc(view)).append(": ").append(esc(missing)).append("</p>");
        for (String png : pngs) h.append("<figure><img alt=\"").append(esc(view)).append("\" src=\"").append(png).append("\"/></figure>");
        h.append("</section>\n");
    }


    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static List<String> one(String png) {
        return png == null ? List.of() : List.of(png);
    }
}
