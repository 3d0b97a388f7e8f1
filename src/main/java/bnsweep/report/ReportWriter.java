package bnsweep.report;

import bnsweep.bn.BnTexts;
import bnsweep.util.AtomicFiles;
import bnsweep.util.fs.Location;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes report.html (self-contained: charts as PNG data URIs, no external reference) and
 * summary.md (the same tables and findings in Markdown) into a finished sweep's output directory.
 */
public final class ReportWriter {
    /** What BN computes and what each mode and inference variant does (the text docs/design.md shows too). */
    static final List<String> BACKGROUND = BnTexts.background();

    private ReportWriter() {}

    public static void write(Location out) {
        write(out, json(out.resolve("manifest.json")));
    }

    /** Writes both files with {@code manifest} as the run's manifest (a finishing sweep passes the one it is about to write). */
    public static void write(Location out, JsonNode manifest) {
        SweepTables t = SweepTables.read(out);
        JsonNode sweep = json(out.resolve("sweep.json")).path("config");
        double target = sweep.path("sweep.target-val-acc").asDouble(0);
        List<Findings.Finding> findings = Findings.of(t, target);
        out.resolve("summary.md").writeString(markdown(t, sweep, findings));
        out.resolve("report.html").writeString(html(t, sweep, manifest, findings, target));
    }

    static String markdown(SweepTables t, JsonNode sweep, List<Findings.Finding> findings) {
        StringBuilder md = new StringBuilder();
        md.append("# bnsweep: ").append(sweep.path("sweep.name").asText()).append("\n\n");
        md.append(setting(sweep)).append("\n\n## Answer\n\n");
        for (Findings.Finding f : Findings.headlines(findings)) md.append("- ").append(f.text()).append('\n');
        md.append("\n## Findings\n");
        String group = null;
        for (Findings.Finding f : findings) {
            if (!f.group().equals(group)) md.append("\n### ").append(group = f.group()).append("\n\n");
            md.append("- **").append(f.topic()).append(".** ").append(f.text()).append('\n');
        }
        md.append("\n## Summary (mean ± sample std over seeds)\n\n");
        md.append("| bn | batch | seeds | test acc | best val acc | final train loss | reached target | epochs to target | seconds to target | s/epoch | examples/s | test acc − none | p (paired t) | p (Holm) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, String> r : sortedSummary(t)) {
            md.append("| ").append(String.join(" | ", summaryCells(r))).append(" |\n");
        }
        md.append("\n## Background\n\n");
        for (String p : BACKGROUND) md.append(p).append("\n\n");
        return md.toString();
    }

    static String html(SweepTables t, JsonNode sweep, JsonNode manifest, List<Findings.Finding> findings, double target) {
        Charts charts = new Charts(t);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>bnsweep report: ")
                .append(esc(sweep.path("sweep.name").asText())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1400px;margin:1em auto;padding:0 1em;color:#222}")
                .append("h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}")
                .append(".grid{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}figure img{border:1px solid #eee}")
                .append("table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}li{margin:.3em 0}pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:.8em}")
                .append(".sig{font-weight:bold}\n</style>\n</head>\n<body>\n");
        h.append("<h1>bnsweep report: ").append(esc(sweep.path("sweep.name").asText())).append("</h1>\n");
        h.append("<p>").append(esc(setting(sweep))).append("</p>\n<h2>Answer</h2>\n<ul>\n");
        for (Findings.Finding f : Findings.headlines(findings)) {
            h.append("<li").append(f.significant() ? " class=\"sig\"" : "").append(">").append(esc(f.text())).append("</li>\n");
        }
        h.append("</ul>\n");
        single(h, "answer", charts.versusBatch("test_acc_mean", "test_acc_std", "Final test accuracy", "test accuracy"));
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
        h.append("<h2>Training curves (line: mean over seeds; band: ± 1 std)</h2>\n");
        smallMultiples(h, t, charts, "train-loss", "Training loss per epoch", "train_loss", "training loss");
        smallMultiples(h, t, charts, "val-acc", "Validation accuracy per epoch", "val_acc", "validation accuracy");
        h.append("<h2>Against batch size (error bars ± 1 std over seeds)</h2>\n<div class=\"grid\">\n");
        single(h, "test-acc-vs-batch", charts.versusBatch("test_acc_mean", "test_acc_std", "Final test accuracy", "test accuracy"));
        String pct = String.format(Locale.ROOT, "%.1f%%", 100 * target);
        single(h, "epochs-to-target", target > 0 ? charts.versusBatch("epochs_to_target_mean", "epochs_to_target_std",
                "Epochs to " + pct + " validation accuracy", "epochs") : null);
        single(h, "seconds-to-target", target > 0 ? charts.versusBatch("seconds_to_target_mean", "seconds_to_target_std",
                "Training seconds to " + pct + " validation accuracy", "seconds") : null);
        single(h, "epoch-seconds", charts.versusBatch("epoch_seconds_mean", null, "Training time per epoch", "seconds"));
        single(h, "examples-per-second", charts.versusBatch("examples_per_second_mean", null, "Training throughput", "examples/s"));
        h.append("</div>\n<p>Epochs/seconds to target average only the seeds that reached the target; a point is missing where none did.</p>\n");
        ScaleCharts scale = new ScaleCharts(t, charts);
        h.append("<h2>Across scale (means over seeds)</h2>\n<div class=\"grid\">\n");
        String noWorkers = "this sweep has no global batch trained with two or more worker counts (sweep.workers).";
        optional(h, "test-acc-vs-bn-batch", one(scale.accuracyVersusBnBatch()), "no BN configuration in this sweep.");
        optional(h, "test-acc-vs-workers", scale.versusWorkersAtFixedGlobalBatch("test_acc_mean", "Test accuracy",
                "test accuracy"), noWorkers);
        optional(h, "epoch-seconds-vs-workers", scale.versusWorkersAtFixedGlobalBatch("epoch_seconds_mean", "Training time per epoch",
                "seconds"), noWorkers);
        optional(h, "inference-variants", one(scale.inferenceVariants()), "the BN inference statistics (averaged, merged, precise)"
                + " gave the same mean test accuracy in every configuration, or the sweep has no BN.");
        h.append("</div>\n<p>BN batch: the examples one normalisation sees (b per worker with local BN, W·b with synchronized BN,"
                + " the ghost batch g with ghost BN); no-BN configurations have none. Workers at a fixed global batch: a chart per"
                + " global batch W·b the sweep trained with at least two worker counts, a line per BN series. Inference statistics: with synchronized BN"
                + " averaged and merged coincide, and a line drawn later hides one it coincides with.</p>\n");
        h.append("<h2>Summary table (mean ± sample std over seeds)</h2>\n<table>\n<tr>");
        for (String c : List.of("bn", "batch", "seeds", "test acc", "best val acc", "final train loss", "reached target",
                "epochs to target", "seconds to target", "s/epoch", "examples/s", "test acc − none", "p (paired t)", "p (Holm)")) {
            h.append("<th").append(c.equals("bn") ? " class=\"l\"" : "").append(">").append(esc(c)).append("</th>");
        }
        h.append("</tr>\n");
        for (Map<String, String> r : sortedSummary(t)) {
            List<String> cells = summaryCells(r);
            h.append("<tr>");
            for (int i = 0; i < cells.size(); i++) h.append("<td").append(i == 0 ? " class=\"l\"" : "").append(">").append(esc(cells.get(i))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n<h2>Background</h2>\n");
        for (String p : BACKGROUND) h.append("<p>").append(esc(p)).append("</p>\n");
        h.append("<h2>Run manifest</h2>\n<pre>").append(esc(manifest.toPrettyString())).append("</pre>\n");
        h.append("<h2>Sweep configuration</h2>\n<pre>").append(esc(sweep.toPrettyString())).append("</pre>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void smallMultiples(StringBuilder h, SweepTables t, Charts charts, String view, String title, String column, String yTitle) {
        h.append("<section class=\"view\" data-view=\"").append(view).append("\">\n<h3>").append(esc(title)).append("</h3>\n<div class=\"grid\">\n");
        for (int b : t.batchSizes()) {
            h.append("<figure><img alt=\"").append(esc(title + ", batch " + b)).append("\" src=\"")
                    .append(charts.perEpoch(b, column, yTitle)).append("\"/></figure>\n");
        }
        h.append("</div>\n</section>\n");
    }

    private static void single(StringBuilder h, String view, String png) {
        section(h, view, one(png), "no data (no target set, or never reached).");
    }

    private static void optional(StringBuilder h, String view, List<String> pngs, String whyNot) {
        section(h, view, pngs, "not drawn: " + whyNot);
    }

    /** A view of zero or more charts; with none, a line "view: {@code missing}". */
    private static void section(StringBuilder h, String view, List<String> pngs, String missing) {
        h.append("<section class=\"view\" data-view=\"").append(view).append("\">");
        if (pngs.isEmpty()) h.append("<p>").append(esc(view)).append(": ").append(esc(missing)).append("</p>");
        for (String png : pngs) h.append("<figure><img alt=\"").append(esc(view)).append("\" src=\"").append(png).append("\"/></figure>");
        h.append("</section>\n");
    }

    private static List<String> one(String png) {
        return png == null ? List.of() : List.of(png);
    }

    static List<Map<String, String>> sortedSummary(SweepTables t) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int b : t.batchSizes()) for (String bn : t.bnModes()) if (t.summaryRow(bn, b) != null) rows.add(t.summaryRow(bn, b));
        return rows;
    }

    static List<String> summaryCells(Map<String, String> r) {
        return List.of(SweepTables.series(r), r.get("batch_size"), r.get("seeds"),
                pm(r, "test_acc", 100, "%.2f", "%"), pm(r, "best_val_acc", 100, "%.2f", "%"), pm(r, "final_train_loss", 1, "%.4f", ""),
                r.get("target_reached").isEmpty() ? "" : r.get("target_reached") + "/" + r.get("seeds"),
                pm(r, "epochs_to_target", 1, "%.2f", ""), pm(r, "seconds_to_target", 1, "%.1f", ""),
                fixed(r.get("epoch_seconds_mean"), 1, "%.2f"), fixed(r.get("examples_per_second_mean"), 1, "%.0f"),
                r.get("test_acc_diff_vs_none").isEmpty() ? "" : fixed(r.get("test_acc_diff_vs_none"), 100, "%+.2f") + " pts",
                r.get("p_value_vs_none").isEmpty() ? "" : fixed(r.get("p_value_vs_none"), 1, "%.3g"),
                r.getOrDefault("p_holm", "").isEmpty() ? "" : fixed(r.get("p_holm"), 1, "%.3g"));
    }

    private static String pm(Map<String, String> r, String col, double scale, String f, String unit) {
        String m = r.get(col + "_mean"), s = r.get(col + "_std");
        if (m == null || m.isEmpty()) return "";
        return fixed(m, scale, f) + (s == null || s.isEmpty() ? "" : " ± " + fixed(s, scale, f)) + unit;
    }

    private static String fixed(String v, double scale, String f) {
        return String.format(Locale.ROOT, f, Double.parseDouble(v) * scale);
    }

    /** One sentence on what the sweep trained, from its resolved configuration (swept settings as their lists). */
    static String setting(JsonNode sweep) {
        String workers = sweep.has("sweep.workers") ? "workers " + sweep.path("sweep.workers") : sweep.path("workers").asText() + " workers";
        String sync = sweep.path("sync").asText().equals("gradients") ? "averaging gradients every step"
                : "averaging parameters every " + sweep.path("averaging-frequency").asText() + " steps";
        String lr = sweep.path("updater").asText() + " (learning rate " + sweep.path("learning-rate").asText()
                + (sweep.has("sweep.lr-scaling") ? ", scaled " + sweep.path("sweep.lr-scaling")
                : sweep.path("lr-scaling").asText("none").equals("none") ? "" : ", scaled " + sweep.path("lr-scaling").asText())
                + ")";
        return "Dataset " + sweep.path("dataset").asText() + ", hidden layers " + sweep.path("hidden") + ", " + workers + " "
                + sync + ", " + sweep.path("epochs").asText() + " epochs, " + lr + "; BN modes " + sweep.path("sweep.bn")
                + ", batch sizes per worker " + sweep.path("sweep.batch-sizes") + ", seeds " + sweep.path("sweep.seeds") + ".";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static JsonNode json(Location f) {
        if (!f.isFile()) throw new IllegalArgumentException(f + ": missing (is this the output directory of a finished sweep?)");
        try {
            return AtomicFiles.JSON.readTree(f.readBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
