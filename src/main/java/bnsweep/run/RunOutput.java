package bnsweep.run;

import bnsweep.bn.BnInference;
import bnsweep.config.TrainSettings;
import bnsweep.data.Checksums;
import bnsweep.engine.EpochMetrics;
import bnsweep.engine.EvalResult;
import bnsweep.util.AtomicFiles;
import bnsweep.util.Errors;
import bnsweep.util.fs.Location;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output contract of one training run in {@code --out}: manifest.json (status "running",
 * then "complete" only after everything else is written, or "failed"), epochs.csv rewritten after
 * every epoch, results.csv at the end; for BN networks also bn_drift.csv (per epoch, how far the
 * averaged running variance is from the merged one). Every file is replaced atomically. The
 * tables' columns are declared in {@link RunTables}; values are quoted as CSV requires.
 */
public final class RunOutput {
    private final Location dir;
    private final TrainSettings settings;
    private final Map<String, Object> manifest = new LinkedHashMap<>();
    private final List<String> epochRows = new ArrayList<>();
    private final List<String> driftRows = new ArrayList<>();

    public RunOutput(Location dir, TrainSettings settings) {
        this.dir = dir;
        this.settings = settings;
    }

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
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
        if (!Status.COMPLETE.is(manifest.path("status").asText())) return false;
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
        manifest.put("status", Status.RUNNING.id());
        manifest.put("config_id", settings.configId());
        manifest.put("config", settings.asMap());
        manifest.putAll(details);
        manifest.put("start", Instant.now().toString());
        writeManifest();
        dir.resolve(RunTables.EPOCHS_CSV.file()).writeString(RunTables.EPOCHS_CSV.text(List.of()));
        for (EpochMetrics m : done) epoch(m);
    }

    public void epoch(EpochMetrics m) {
        Map<String, Object> row = identity();
        row.put(RunTables.EPOCH.name(), m.epoch());
        row.put(RunTables.TRAIN_LOSS.name(), m.trainLoss());
        row.put(RunTables.TRAIN_ACC.name(), m.trainAcc());
        row.put(RunTables.VAL_LOSS.name(), m.valLoss());
        row.put(RunTables.VAL_ACC.name(), m.valAcc());
        row.put(RunTables.EPOCH_SECONDS.name(), m.epochSeconds());
        row.put(RunTables.EXAMPLES_PER_SECOND.name(), m.examplesPerSecond());
        row.put(RunTables.STEPS.name(), m.steps());
        row.put(RunTables.COLLECTIVE_SECONDS.name(), m.collectiveSeconds());
        byVariant(row, "val", m.valAccByVariant());
        if (settings.bn().batchNorm()) row.put(RunTables.PRECISE_BN_SECONDS.name(), m.preciseSeconds());
        epochRows.add(RunTables.EPOCHS_CSV.row(row));
        write(RunTables.EPOCHS_CSV, epochRows);
        if (settings.bn().batchNorm()) {
            driftRows.add(RunTables.BN_DRIFT_CSV.row(Map.of(RunTables.CONFIG_ID.name(), settings.configId(), RunTables.BN.name(),
                    settings.bn().id(), RunTables.EPOCH.name(), m.epoch(), RunTables.MAX_REL_VAR_DIFF.name(), m.bnDriftMax(),
                    RunTables.MEAN_REL_VAR_DIFF.name(), m.bnDriftMean())));
            write(RunTables.BN_DRIFT_CSV, driftRows);
        }
    }

    /** @param testAccByVariant test accuracy per BnInference (by ordinal; NaN without BN) */
    public void finish(EvalResult test, double[] testAccByVariant, double bestValAcc, double totalSeconds, int epochsTrained, boolean diverged,
                       Map<String, Object> details) {
        Map<String, Object> row = identity();
        row.put(RunTables.EPOCHS.name(), epochsTrained);
        row.put(RunTables.DIVERGED.name(), diverged);
        row.put(RunTables.TEST_LOSS.name(), test.loss());
        row.put(RunTables.TEST_ACC.name(), test.accuracy());
        row.put(RunTables.BEST_VAL_ACC.name(), bestValAcc);
        row.put(RunTables.TOTAL_SECONDS.name(), totalSeconds);
        byVariant(row, "test", testAccByVariant);
        write(RunTables.RESULTS_CSV, List.of(RunTables.RESULTS_CSV.row(row)));
        manifest.putAll(details);
        Map<String, String> digests = new LinkedHashMap<>();
        for (Table t : RunTables.ALL) {
            Location f = dir.resolve(t.file());
            if (f.isFile()) digests.put(t.file(), Checksums.digest(f, "SHA-256"));
        }
        manifest.put("files", digests);
        manifest.put("end", Instant.now().toString());
        manifest.put("status", Status.COMPLETE.id());
        writeManifest();
    }

    public void fail(Throwable error) {
        manifest.put("end", Instant.now().toString());
        manifest.put("status", Status.FAILED.id());
        manifest.put("error", Errors.oneLine(error));
        writeManifest();
    }

    /** The process was stopped (SIGTERM): the run is unfinished, its checkpoint kept. */
    public void interrupted() {
        manifest.put("end", Instant.now().toString());
        manifest.put("status", Status.INTERRUPTED.id());
        writeManifest();
    }

    /** The columns every row of epochs.csv and results.csv starts and ends with: what was trained, and at what scale. */
    private Map<String, Object> identity() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(RunTables.CONFIG_ID.name(), settings.configId());
        row.put(RunTables.DATASET.name(), settings.dataset().id());
        row.put(RunTables.BN.name(), settings.bn().id());
        row.put(RunTables.BATCH_SIZE.name(), settings.batchSize());
        row.put(RunTables.WORKERS.name(), settings.workers());
        row.put(RunTables.SEED.name(), settings.seed());
        if (settings.bn().batchNorm()) row.put(RunTables.BN_BATCH.name(), settings.bnBatch());
        row.put(RunTables.VARIANT.name(), settings.variant());
        row.put(RunTables.GLOBAL_BATCH.name(), settings.globalBatch());
        row.put(RunTables.LEARNING_RATE.name(), settings.learningRate());
        return row;
    }

    /** One accuracy per inference variant (NaN, an empty field, without BN). */
    private static void byVariant(Map<String, Object> row, String split, double[] byVariant) {
        for (BnInference v : BnInference.values()) row.put(RunTables.accuracyWith(split, v).name(), byVariant[v.ordinal()]);
    }

    private void write(Table t, List<String> rows) {
        dir.resolve(t.file()).writeString(t.text(rows));
    }

    private void writeManifest() {
        dir.resolve("manifest.json").writeJson(manifest);
    }
}
