package bnsweep.report;

import bnsweep.bn.BnTexts;
import bnsweep.config.Arm;
import bnsweep.config.SweepSettings;
import bnsweep.config.SyncAlgorithm;
import bnsweep.config.TrainKeys;
import bnsweep.data.DatasetKind;
import bnsweep.data.TableSource;
import bnsweep.run.Column;
import bnsweep.run.RunTables;
import bnsweep.sweep.SummaryTable;
import bnsweep.util.AtomicFiles;
import bnsweep.util.fs.Location;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes report.html (self-contained: charts as PNG data URIs, no external reference) and
 * summary.md (the same document without its charts, manifest and configuration, in Markdown) into a
 * finished sweep's output directory: one {@link ReportDocument} ({@link ReportModel}) rendered by
 * {@link Templates}.
 */
public final class ReportWriter {
    /** What BN computes and what each mode and inference variant does (the text docs/design.md shows too). */
    static final List<String> BACKGROUND = BnTexts.background();

    static final String CLAIMS_NOTE = "Each claim is tested by this sweep's runs: its effect is computed per seed, positive when it"
            + " supports the claim; the verdict is supported or contradicted when the Holm–Bonferroni adjusted p over the report's claims"
            + " is below 0.05, else inconclusive. A verdict holds for the network, data, learning rates and epochs named, nothing more.";
    static final String RATES_NOTE = "Each BN mode or arm at its own best learning rate, chosen on mean validation accuracy (never on"
            + " test), with that choice's test accuracy; a run diverged when its training loss became NaN, infinite or above 2·ln 10,"
            + " and it counts with the accuracy it reached.";

    private ReportWriter() {}

    public static void write(Location out) {
        write(out, json(out.resolve("manifest.json")));
    }

    /** Writes both files with {@code manifest} as the run's manifest (a finishing sweep passes the one it is about to write). */
    public static void write(Location out, JsonNode manifest) {
        SweepTables t = SweepTables.read(out);
        JsonNode sweep = json(out.resolve("sweep.json")).path("config");
        double target = sweep.path(SweepSettings.TARGET.key()).asDouble(0);
        List<Findings.Finding> findings = Findings.of(t, target);
        ClaimsAndRates extra = ClaimsAndRates.read(out);
        ReportDocument d = ReportModel.of(t, sweep, manifest, findings, target, extra);
        out.resolve("summary.md").writeString(Templates.markdown(d));
        out.resolve("report.html").writeString(Templates.html(d));
    }

    static List<Map<String, String>> sortedSummary(SweepTables t) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int b : t.batchSizes()) for (String bn : t.bnModes()) if (t.summaryRow(bn, b) != null) rows.add(t.summaryRow(bn, b));
        return rows;
    }

    /** A column of the report's summary table: its heading and how a summary.csv row gives its cell. */
    record SummaryColumn(String heading, Function<Map<String, String>, String> cell) {}

    /** The summary table's columns, declared once for summary.md and report.html. */
    static final List<SummaryColumn> SUMMARY_COLUMNS = List.of(
            new SummaryColumn("bn", SweepTables::series),
            new SummaryColumn("batch", r -> r.get(RunTables.BATCH_SIZE.name())),
            new SummaryColumn("seeds", r -> r.get(SummaryTable.SEEDS.name())),
            new SummaryColumn("test acc", r -> pm(r, SummaryTable.TEST_ACC_MEAN, SummaryTable.TEST_ACC_STD, 100, "%.2f", "%")),
            new SummaryColumn("best val acc", r -> pm(r, SummaryTable.BEST_VAL_ACC_MEAN, SummaryTable.BEST_VAL_ACC_STD, 100, "%.2f", "%")),
            new SummaryColumn("final train loss", r -> pm(r, SummaryTable.FINAL_TRAIN_LOSS_MEAN, SummaryTable.FINAL_TRAIN_LOSS_STD, 1, "%.4f", "")),
            new SummaryColumn("reached target", r -> r.get(SummaryTable.TARGET_REACHED.name()).isEmpty() ? "" : r.get(SummaryTable.TARGET_REACHED.name()) + "/" + r.get(SummaryTable.SEEDS.name())),
            new SummaryColumn("epochs to target", r -> pm(r, SummaryTable.EPOCHS_TO_TARGET_MEAN, SummaryTable.EPOCHS_TO_TARGET_STD, 1, "%.2f", "")),
            new SummaryColumn("seconds to target", r -> pm(r, SummaryTable.SECONDS_TO_TARGET_MEAN, SummaryTable.SECONDS_TO_TARGET_STD, 1, "%.1f", "")),
            new SummaryColumn("s/epoch", r -> fixed(r.get(SummaryTable.EPOCH_SECONDS_MEAN.name()), 1, "%.2f")),
            new SummaryColumn("examples/s", r -> fixed(r.get(SummaryTable.EXAMPLES_PER_SECOND_MEAN.name()), 1, "%.0f")),
            new SummaryColumn("test acc − none", r -> r.get(SummaryTable.TEST_ACC_DIFF_VS_NONE.name()).isEmpty() ? ""
                    : fixed(r.get(SummaryTable.TEST_ACC_DIFF_VS_NONE.name()), 100, "%+.2f") + " pts"),
            new SummaryColumn("p (paired t)", r -> r.get(SummaryTable.P_VALUE_VS_NONE.name()).isEmpty() ? "" : fixed(r.get(SummaryTable.P_VALUE_VS_NONE.name()), 1, "%.3g")),
            new SummaryColumn("p (Holm)", r -> r.getOrDefault(SummaryTable.P_HOLM.name(), "").isEmpty() ? "" : fixed(r.get(SummaryTable.P_HOLM.name()), 1, "%.3g")));

    static List<String> summaryCells(Map<String, String> r) {
        return SUMMARY_COLUMNS.stream().map(c -> c.cell().apply(r)).toList();
    }

    static List<String> summaryHeadings() {
        return SUMMARY_COLUMNS.stream().map(SummaryColumn::heading).toList();
    }

    /** "mean ± std" of a summary column pair, scaled and formatted; empty without a mean. */
    private static String pm(Map<String, String> r, Column meanColumn, Column stdColumn, double scale, String f, String unit) {
        String m = r.get(meanColumn.name()), sd = r.get(stdColumn.name());
        if (m == null || m.isEmpty()) return "";
        return fixed(m, scale, f) + (sd == null || sd.isEmpty() ? "" : " ± " + fixed(sd, scale, f)) + unit;
    }

    private static String fixed(String v, double scale, String f) {
        return String.format(Locale.ROOT, f, Double.parseDouble(v) * scale);
    }

    /** One sentence on what the sweep trained, from its resolved configuration (swept settings as their lists). */
    static String setting(JsonNode sweep) {
        String workers = sweep.has(TrainKeys.WORKERS.sweepPath()) ? "workers " + list(sweep.path(TrainKeys.WORKERS.sweepPath())) : sweep.path(TrainKeys.WORKERS.key()).asText() + " workers";
        String sync = sweep.path(TrainKeys.SYNC.key()).asText().equals(SyncAlgorithm.GRADIENTS.id()) ? "averaging gradients every step"
                : "averaging parameters every " + sweep.path(TrainKeys.AVERAGING_FREQUENCY.key()).asText() + " steps";
        String rate = sweep.has(TrainKeys.LEARNING_RATE.sweepPath()) ? "learning rates " + list(sweep.path(TrainKeys.LEARNING_RATE.sweepPath()))
                : "learning rate " + sweep.path(TrainKeys.LEARNING_RATE.key()).asText();
        String lr = sweep.path(TrainKeys.UPDATER.key()).asText() + " (" + rate
                + (sweep.has(TrainKeys.LR_SCALING.sweepPath()) ? ", scaled " + list(sweep.path(TrainKeys.LR_SCALING.sweepPath()))
                : sweep.path(TrainKeys.LR_SCALING.key()).asText("none").equals("none") ? "" : ", scaled " + sweep.path(TrainKeys.LR_SCALING.key()).asText())
                + ")";
        StringBuilder arms = new StringBuilder();
        for (JsonNode a : sweep.path(Arm.KEY)) arms.append(arms.isEmpty() ? "" : ", ").append(a.toString());
        String compared = arms.isEmpty() ? "BN modes " + list(sweep.path(TrainKeys.BN.sweepPath())) : "arms " + arms + " (each compared with the first)";
        String dataset = sweep.path(TrainKeys.DATASET.key()).asText();
        if (dataset.equals(DatasetKind.TABLE.id())) dataset += " " + sweep.path(TableSource.PATH_KEY).asText();
        return "Dataset " + dataset + ", hidden layers " + list(sweep.path(TrainKeys.HIDDEN.key())) + ", " + workers + " "
                + sync + ", " + sweep.path(TrainKeys.EPOCHS.key()).asText() + " epochs, " + lr + "; " + compared
                + ", batch sizes per worker " + list(sweep.path(TrainKeys.BATCH_SIZE.sweepPath())) + ", seeds " + list(sweep.path(TrainKeys.SEED.sweepPath())) + ".";
    }


    /** A list setting as the configs write it, without JSON's quotes: {@code [none, sync]}. */
    private static String list(JsonNode values) {
        if (!values.isArray()) return values.asText();
        StringBuilder b = new StringBuilder();
        for (JsonNode v : values) b.append(b.isEmpty() ? "" : ", ").append(v.isValueNode() ? v.asText() : v.toString());
        return "[" + b + "]";
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
