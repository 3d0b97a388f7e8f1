package bnsweep.run;

import bnsweep.bn.BnInference;
import bnsweep.data.Checksums;
import bnsweep.engine.EpochMetrics;
import bnsweep.engine.EvalResult;

import bnsweep.util.AtomicFiles;
import bnsweep.util.Csv;
import bnsweep.util.Errors;
import bnsweep.util.fs.Location;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The output contract of one training run in {@code --out}: manifest.json (status "running",
 * then "complete" only after everything else is written, or "failed"), epochs.csv rewritten after
 * every epoch, results.csv at the end; for BN networks also bn_drift.csv (per epoch, how far the
 * averaged running variance is from the merged one). Every file is replaced atomically. The
 * columns after {@code examples_per_second} (epochs) and {@code total_seconds} (results) are BN's:
 * the BN batch and the accuracy with each inference variant (empty without BN); the last, {@code
 * variant}, names the values of a sweep's extra dimensions (e.g. {@code input-scaling=unit}, empty
 * outside sweeps), then the global batch W·b and the learning rate used. Values are quoted as CSV
 * requires ({@link Csv}).
 */
public final class RunOutput {
    public static final String EPOCHS_HEADER = "config_id,dataset,bn,batch_size,workers,seed,epoch,train_loss,train_acc,"
            + "val_loss,val_acc,epoch_seconds,examples_per_second,bn_batch," + variantColumns("val_acc_") + ",precise_bn_seconds,variant,global_batch,learning_rate";
    public static final String BN_DRIFT_HEADER = "config_id,bn,epoch,max_rel_var_diff,mean_rel_var_diff";
    public static final String RESULTS_HEADER = "config_id,dataset,bn,batch_size,workers,seed,epochs,test_loss,test_acc,"
            + "best_val_acc,total_seconds,bn_batch," + variantColumns("test_acc_") + ",variant,global_batch,learning_rate";

    private static String variantColumns(String prefix) {
        return java.util.Arrays.stream(BnInference.values()).map(v -> prefix + v.id()).collect(java.util.stream.Collectors.joining(","));
    }

    private final Location dir;
    private final TrainSettings settings;
    private final Map<String, Object> manifest = new LinkedHashMap<>();
    private final List<String> epochRows = new ArrayList<>();
    private final List<String> driftRows = new ArrayList<>();

    public RunOutput(Location dir, TrainSettings settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /** The tables a complete run's manifest lists with their SHA-256, so that what a sweep's resume and aggregation trust is checked. */
    static final List<String> TABLES = List.of("epochs.csv", "results.csv", "bn_drift.csv");

    /**
     * True when {@code dir} already holds a complete run whose tables still match the SHA-256 its
     * manifest records; a complete run with a damaged or missing table is an error naming the file.
     */
    public static boolean isComplete(Location dir) {
        Location m = dir.resolve("manifest.json");
        if (!m.isFile()) return false;
        JsonNode manifest;
        try {
            manifest = AtomicFiles.JSON.readTree(m.readBytes());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
        if (!"complete".equals(manifest.path("status").asText())) return false;
        JsonNode files = manifest.path("files");
        if (!files.isObject() || files.isEmpty()) {
            throw new IllegalArgumentException(m + ": a complete run without the SHA-256 of its tables (written by an earlier bnsweep);"
                    + " delete " + dir + " to train it again");
        }
        files.fields().forEachRemaining(f -> {
            Location table = dir.resolve(f.getKey());
            if (!table.isFile() || !f.getValue().asText().equals(Checksums.digest(table, "SHA-256"))) {
                throw new IllegalArgumentException(table + ": " + (table.isFile() ? "damaged (it does not match the SHA-256 that " : "missing (")
                        + m.name() + " records); delete " + dir + " to train this configuration again");
            }
        });
        return true;
    }

    /** Starts (or, with the epochs of a checkpoint, resumes) the run's files. */
    public void start(Map<String, Object> details, List<EpochMetrics> done) {
        manifest.put("status", "running");
        manifest.put("config_id", settings.configId());
        manifest.put("config", settings.asMap());
        manifest.putAll(details);
        manifest.put("start", Instant.now().toString());
        writeManifest();
        dir.resolve("epochs.csv").writeString(EPOCHS_HEADER + "\n");
        for (EpochMetrics m : done) epoch(m);
    }

    public void epoch(EpochMetrics m) {
        epochRows.add(prefix() + "," + m.epoch() + "," + num(m.trainLoss()) + "," + num(m.trainAcc()) + ","
                + num(m.valLoss()) + "," + num(m.valAcc()) + "," + fmt("%.3f", m.epochSeconds()) + ","
                + fmt("%.1f", m.examplesPerSecond()) + "," + bnColumns(m.valAccByVariant()) + ","
                + (settings.bn().batchNorm() ? fmt("%.3f", m.preciseSeconds()) : "") + "," + Csv.row(settings.variant()) + "," + scaleColumns());
        dir.resolve("epochs.csv").writeString(EPOCHS_HEADER + "\n" + String.join("\n", epochRows) + "\n");
        if (settings.bn().batchNorm()) {
            driftRows.add(Csv.row(settings.configId()) + "," + settings.bn().id() + "," + m.epoch() + ","
                    + fmt("%.6g", m.bnDriftMax()) + "," + fmt("%.6g", m.bnDriftMean()));
            dir.resolve("bn_drift.csv").writeString(BN_DRIFT_HEADER + "\n" + String.join("\n", driftRows) + "\n");
        }
    }

    /** @param testAccByVariant test accuracy per BnInference (by ordinal; NaN without BN) */
    public void finish(EvalResult test, double[] testAccByVariant, double bestValAcc, double totalSeconds, Map<String, Object> details) {
        dir.resolve("results.csv").writeString(RESULTS_HEADER + "\n" + prefix() + "," + settings.epochs() + ","
                + num(test.loss()) + "," + num(test.accuracy()) + "," + num(bestValAcc) + "," + fmt("%.3f", totalSeconds) + ","
                + bnColumns(testAccByVariant) + "," + Csv.row(settings.variant()) + "," + scaleColumns() + "\n");
        manifest.putAll(details);
        Map<String, String> digests = new LinkedHashMap<>();
        for (String t : TABLES) if (dir.resolve(t).isFile()) digests.put(t, Checksums.digest(dir.resolve(t), "SHA-256"));
        manifest.put("files", digests);
        manifest.put("end", Instant.now().toString());
        manifest.put("status", "complete");
        writeManifest();
    }

    public void fail(Throwable error) {
        manifest.put("end", Instant.now().toString());
        manifest.put("status", "failed");
        manifest.put("error", Errors.oneLine(error));
        writeManifest();
    }

    /** The process was stopped (SIGTERM): the run is unfinished, its checkpoint kept. */
    public void interrupted() {
        manifest.put("end", Instant.now().toString());
        manifest.put("status", "interrupted");
        writeManifest();
    }

    /** bn_batch and one accuracy per inference variant; empty fields without BN. */
    private String bnColumns(double[] byVariant) {
        StringBuilder b = new StringBuilder(settings.bn().batchNorm() ? String.valueOf(settings.bnBatch()) : "");
        for (double v : byVariant) b.append(',').append(Double.isNaN(v) ? "" : num(v));
        return b.toString();
    }

    /** global_batch (W·b) and the learning rate used (after lr-scaling). */
    private String scaleColumns() {
        return settings.globalBatch() + "," + fmt("%.6g", settings.learningRate());
    }

    private String prefix() {
        return Csv.row(settings.configId()) + "," + settings.dataset().id() + "," + settings.bn().id() + "," + settings.batchSize()
                + "," + settings.workers() + "," + settings.seed();
    }

    private void writeManifest() {
        dir.resolve("manifest.json").writeJson(manifest);
    }

    private static String num(double v) {
        return fmt("%.6f", v);
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }
}
