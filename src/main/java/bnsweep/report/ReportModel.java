package bnsweep.report;

import bnsweep.config.SweepSettings;
import bnsweep.report.ReportDocument.Figure;
import bnsweep.report.ReportDocument.Group;
import bnsweep.report.ReportDocument.Item;
import bnsweep.report.ReportDocument.Row;
import bnsweep.report.ReportDocument.Section;
import bnsweep.report.ReportDocument.Table;
import bnsweep.report.ReportDocument.View;
import bnsweep.run.RunTables;
import bnsweep.sweep.SummaryTable;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's content, section by section: claims, answer, learning rates, findings, training
 * curves, against batch size, across scale, the summary table ({@link ReportWriter#SUMMARY_COLUMNS}),
 * background, the run's manifest and the sweep's configuration. Charts are PNG data URIs.
 */
final class ReportModel {
    static final String FINDINGS_NOTE = "Bold: a BN − no-BN difference in final test accuracy that is significant after Holm–Bonferroni"
            + " correction over all of this sweep's BN-vs-none comparisons (paired t-test over seeds, adjusted p < 0.05). Other findings"
            + " give uncorrected paired p-values.";

    private final SweepTables t;
    private final Charts charts;

    private ReportModel(SweepTables t) {
        this.t = t;
        this.charts = new Charts(t);
    }

    static ReportDocument of(SweepTables t, JsonNode sweep, JsonNode manifest, List<Findings.Finding> findings, double target,
            ClaimsAndRates extra) {
        ReportModel m = new ReportModel(t);
        List<Section> s = new ArrayList<>();
        if (!extra.claims().isEmpty()) s.add(Section.of("Claims").notes(List.of(ReportWriter.CLAIMS_NOTE)).items(plain(extra.claimSentences())));
        s.add(m.answer(findings));
        if (!extra.tuned().isEmpty()) {
            s.add(Section.of("Learning rates").notes(List.of(ReportWriter.RATES_NOTE)).items(plain(extra.rateSentences()))
                    .views(List.of(optional("test-acc-vs-learning-rate", extra.charts(t, m.charts), "no learning rates swept.")), true));
        }
        s.add(Section.of("Findings").notes(List.of(FINDINGS_NOTE)).groups(groups(findings)));
        s.add(m.curves());
        s.add(m.versusBatch(target));
        s.add(m.acrossScale());
        s.add(m.summary());
        s.add(Section.of("Background").notes(ReportWriter.BACKGROUND));
        s.add(Section.of("Run manifest").pre(manifest.toPrettyString()));
        s.add(Section.of("Sweep configuration").pre(sweep.toPrettyString()));
        return new ReportDocument(sweep.path(SweepSettings.NAME.key()).asText(), ReportWriter.setting(sweep), s);
    }

    private Section answer(List<Findings.Finding> findings) {
        List<List<String>> rows = AnswerTable.rows(t);
        Table table = rows.isEmpty() ? null
                : new Table(AnswerTable.HEADINGS, rows.stream().map(r -> Row.of(r, r.get(5).equals("yes"))).toList());
        List<Item> items = Findings.headlines(findings).stream().map(f -> new Item(null, f.text(), f.significant())).toList();
        return Section.of("Answer").table(table).items(items).views(List.of(single("answer",
                charts.versusBatch(SummaryTable.TEST_ACC_MEAN.name(), SummaryTable.TEST_ACC_STD.name(), "Final test accuracy", "test accuracy"))),
                false);
    }

    private static List<Group> groups(List<Findings.Finding> findings) {
        Map<String, List<Item>> byGroup = new LinkedHashMap<>();
        for (Findings.Finding f : findings) byGroup.computeIfAbsent(f.group(), k -> new ArrayList<>()).add(new Item(f.topic(), f.text(), f.significant()));
        return byGroup.entrySet().stream().map(e -> new Group(e.getKey(), e.getValue())).toList();
    }

    private Section curves() {
        return Section.of("Training curves (line: mean over seeds; band: ± 1 std)").views(List.of(
                smallMultiples("train-loss", "Training loss per epoch", RunTables.TRAIN_LOSS.name(), "training loss"),
                smallMultiples("val-acc", "Validation accuracy per epoch", RunTables.VAL_ACC.name(), "validation accuracy")), false);
    }

    private Section versusBatch(double target) {
        String pct = String.format(Locale.ROOT, "%.1f%%", 100 * target);
        List<View> v = List.of(
                single("test-acc-vs-batch", charts.versusBatch(SummaryTable.TEST_ACC_MEAN.name(), SummaryTable.TEST_ACC_STD.name(),
                        "Final test accuracy", "test accuracy")),
                single("epochs-to-target", target > 0 ? charts.versusBatch(SummaryTable.EPOCHS_TO_TARGET_MEAN.name(),
                        SummaryTable.EPOCHS_TO_TARGET_STD.name(), "Epochs to " + pct + " validation accuracy", "epochs") : null),
                single("seconds-to-target", target > 0 ? charts.versusBatch(SummaryTable.SECONDS_TO_TARGET_MEAN.name(),
                        SummaryTable.SECONDS_TO_TARGET_STD.name(), "Training seconds to " + pct + " validation accuracy", "seconds") : null),
                single("epoch-seconds", charts.versusBatch(SummaryTable.EPOCH_SECONDS_MEAN.name(), null, "Training time per epoch", "seconds")),
                single("examples-per-second", charts.versusBatch(SummaryTable.EXAMPLES_PER_SECOND_MEAN.name(), null, "Training throughput",
                        "examples/s")));
        return Section.of("Against batch size (error bars ± 1 std over seeds)").views(v, true).after(List.of(
                "Epochs/seconds to target average only the seeds that reached the target; a point is missing where none did."));
    }

    private Section acrossScale() {
        ScaleCharts scale = new ScaleCharts(t, charts);
        String noWorkers = "this sweep has no global batch trained with two or more worker counts (sweep.workers).";
        List<View> v = List.of(
                optional("test-acc-vs-bn-batch", one(scale.accuracyVersusBnBatch()), "no BN configuration in this sweep."),
                optional("test-acc-vs-workers", scale.versusWorkersAtFixedGlobalBatch(SummaryTable.TEST_ACC_MEAN.name(), "Test accuracy",
                        "test accuracy"), noWorkers),
                optional("epoch-seconds-vs-workers", scale.versusWorkersAtFixedGlobalBatch(SummaryTable.EPOCH_SECONDS_MEAN.name(),
                        "Training time per epoch", "seconds"), noWorkers),
                optional("inference-variants", one(scale.inferenceVariants()), "the BN inference statistics (averaged, merged, precise)"
                        + " gave the same mean test accuracy in every configuration, or the sweep has no BN."));
        return Section.of("Across scale (means over seeds)").views(v, true).after(List.of("BN batch: the examples one normalisation sees"
                + " (b per worker with local BN, W·b with synchronized BN, the ghost batch g with ghost BN); no-BN configurations have"
                + " none. Workers at a fixed global batch: a chart per global batch W·b the sweep trained with at least two worker"
                + " counts, a line per BN series. Inference statistics: with synchronized BN averaged and merged coincide, and a line"
                + " drawn later hides one it coincides with."));
    }

    private Section summary() {
        List<Row> rows = ReportWriter.sortedSummary(t).stream().map(r -> Row.of(ReportWriter.summaryCells(r), false)).toList();
        return Section.of("Summary table (mean ± sample std over seeds)").table(new Table(ReportWriter.summaryHeadings(), rows));
    }

    private View smallMultiples(String view, String title, String column, String yTitle) {
        List<Figure> f = t.batchSizes().stream().map(b -> new Figure(title + ", batch " + b, charts.perEpoch(b, column, yTitle))).toList();
        return new View(view, title, f, "");
    }

    private static View single(String view, String png) {
        return view(view, one(png), "no data (no target set, or never reached).");
    }

    private static View optional(String view, List<String> pngs, String whyNot) {
        return view(view, pngs, "not drawn: " + whyNot);
    }

    private static View view(String view, List<String> pngs, String missing) {
        return new View(view, null, pngs.stream().map(p -> new Figure(view, p)).toList(), view + ": " + missing);
    }

    private static List<Item> plain(List<String> sentences) {
        return sentences.stream().map(s -> new Item(null, s, false)).toList();
    }

    private static List<String> one(String png) {
        return png == null ? List.of() : List.of(png);
    }
}
