package bnsweep.sweep;

import bnsweep.config.SweepSettings;
import bnsweep.config.TrainSettings;
import bnsweep.data.PreparedDataset;
import bnsweep.run.OutDir;
import bnsweep.run.RunInterrupted;
import bnsweep.run.RunOutput;
import bnsweep.run.Status;
import bnsweep.run.TrainingJob;
import bnsweep.shard.ShardAssignment;
import bnsweep.util.AtomicFiles;
import bnsweep.util.Errors;
import bnsweep.util.Versions;
import bnsweep.util.fs.Location;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Runs every configuration of a sweep into OUT/configs/&lt;config_id&gt;/ (the output contract of
 * a training run), then aggregates. Idempotent and resumable: a finished configuration is
 * skipped, an unfinished one continues from its last checkpoint. OUT/sweep.json fixes the sweep
 * configuration; re-running a changed configuration into the same OUT is refused.
 */
public final class SweepRunner {
    public static final String SWEEP_FILE = "sweep.json";
    /** sweep.json's record of the SHA-256 of a table's content. */
    static final String TABLE_CONTENT = "table_content_sha256";

    private final SparkSession spark;
    private final PreparedDataset data;
    private final SweepSettings sweep;
    private final Location out;
    private final PrintStream log;
    private final Report report;

    /**
     * What writes a finished sweep's report into OUT, given the manifest the sweep is about to write
     * (the cli passes the report package's writer: the sweep does not depend on the report).
     */
    @FunctionalInterface
    public interface Report {
        void write(Location out, JsonNode manifest);
    }

    public SweepRunner(SparkSession spark, PreparedDataset data, SweepSettings sweep, Location out, PrintStream log, Report report) {
        this.spark = spark;
        this.data = data;
        this.sweep = sweep;
        this.out = out;
        this.log = log;
        this.report = report;
    }

    /**
     * Refuses OUT if it belongs to another sweep configuration, or (for a table) to the same one on a
     * table whose content has changed since ({@code tableSha256}: {@code TableSource#contentSha256},
     * null for the image sets); claims it otherwise.
     */
    public static void claim(Location out, SweepSettings sweep, String tableSha256) {
        OutDir.check(out, OutDir.Command.SWEEP);
        RunHistory.check(out);
        Location f = out.resolve(SWEEP_FILE);
        if (f.isFile()) {
            try {
                JsonNode existing = AtomicFiles.JSON.readTree(f.readBytes());
                if (!sweep.fingerprint().equals(existing.path("fingerprint").asText())) {
                    throw new IllegalArgumentException(out + " holds sweep '" + existing.path("config").path("sweep.name").asText()
                            + "' run with a different configuration (" + f + ");"
                            + " re-run it with the configuration recorded there, or choose a new --out");
                }
                String was = existing.path(TABLE_CONTENT).isTextual() ? existing.path(TABLE_CONTENT).asText() : null;
                if (!java.util.Objects.equals(was, tableSha256)) {
                    throw new IllegalArgumentException(out + " holds sweep '" + existing.path("config").path("sweep.name").asText()
                            + "' of a table whose content has changed since (its SHA-256 differs from the one " + f + " records):"
                            + " restore the table, or choose a new --out");
                }
                return;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) { // Errors says where: "not valid JSON (line 3, column 1)"
                throw new IllegalArgumentException(f + " is " + Errors.oneLine(e) + ": restore it, or choose a new --out", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", sweep.fingerprint());
        if (tableSha256 != null) m.put(TABLE_CONTENT, tableSha256);
        m.put("config", sweep.asMap());
        m.put("created", Instant.now().toString());
        f.writeJson(m);
    }

    public void run() {
        try (OutDir lock = OutDir.lock(out, OutDir.Command.SWEEP)) {
            runLocked();
        }
    }

    private void runLocked() {
        claim(out, sweep, data.contentSha256());
        RunHistory history = RunHistory.begin(out, sweep.name());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("status", Status.RUNNING.id());
        manifest.put("sweep", sweep.name());
        manifest.put("run_id", history.runId());
        manifest.put("config", sweep.asMap());
        manifest.put("versions", Versions.all());
        manifest.put("spark_master", spark.sparkContext().master());
        manifest.put("dataset", data.provenance());
        manifest.put("start", Instant.now().toString());
        out.resolve("manifest.json").writeJson(manifest);
        try {
            List<TrainSettings> configs = sweep.configurations();
            checkShards(configs);
            for (TrainSettings c : configs) {
                bnsweep.run.MemoryEstimate.check(c, data.shape(), spark.sparkContext().isLocal(), Runtime.getRuntime().maxMemory());
            }
            warmUp(configs);
            int parallel = sweep.parallelOn(bnsweep.engine.driver.Slots.available(spark.sparkContext()));
            new ConfigQueue(spark, data, out, log).run(configs, parallel);
            SweepAggregator.aggregate(spark, out, sweep, log);
            // the report first (it shows the manifest as it will be), then the manifest says complete
            Map<String, Object> done = new LinkedHashMap<>(manifest);
            done.put("end", Instant.now().toString());
            done.put("status", Status.COMPLETE.id());
            report.write(out, AtomicFiles.JSON.valueToTree(done)); // `bnsweep report OUT` redoes it
            log.println("wrote " + out.resolve("report.html") + " and " + out.resolve("summary.md"));
            out.resolve("manifest.json").writeJson(done);
            history.end(Status.COMPLETE.id());
            log.printf("sweep %s complete: %d configurations, tables in %s%n", sweep.name(), configs.size(), out);
        } catch (Throwable e) { // also the checked exceptions Scala code throws (SparkException, AnalysisException)
            boolean interrupted = RunInterrupted.isInterruption(e);
            manifest.put("end", Instant.now().toString());
            manifest.put("status", (interrupted ? Status.INTERRUPTED : Status.FAILED).id());
            if (!interrupted) manifest.put("error", Errors.oneLine(e));
            out.resolve("manifest.json").writeJson(manifest);
            history.end((interrupted ? Status.INTERRUPTED : Status.FAILED).id());
            throw e;
        }
    }

    /** Every configuration's batch fits its workers' shards of the training split: found now, not when the sweep reaches it. */
    private void checkShards(List<TrainSettings> configs) {
        List<String> bad = new ArrayList<>();
        for (TrainSettings c : configs) {
            int shard = ShardAssignment.smallestShard(data.count("train"), c.workers());
            if (c.batchSize() > shard) bad.add(c.configId() + " (batch " + c.batchSize() + " > " + shard + ")");
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("batch size larger than the smallest shard (" + data.count("train")
                    + " training examples dealt to the workers) in " + bad.size() + " configuration(s): " + String.join(", ", bad));
        }
    }

    /**
     * One epoch of the first unfinished configuration into a scratch directory, discarded: otherwise
     * the JVM's warm-up (JIT, first Spark jobs) lands in the first configuration's epoch times and
     * biases the runtime comparison at its batch size. Results are unaffected either way (every
     * configuration starts from a fresh network).
     */
    private void warmUp(List<TrainSettings> configs) {
        TrainSettings first = configs.stream().filter(c -> !RunOutput.isComplete(configDir(out, c))).findFirst().orElse(null);
        if (first == null) return;
        Location scratch = out.resolve(".warm-up");
        scratch.delete();
        log.println("warming up (one epoch of " + first.configId() + ", discarded) ...");
        new TrainingJob(spark, data, new PrintStream(OutputStream.nullOutputStream())).run(first.withEpochs(1), scratch);
        scratch.delete();
    }

    public static Location configDir(Location out, TrainSettings c) {
        return out.resolve("configs/" + c.configId());
    }
}
