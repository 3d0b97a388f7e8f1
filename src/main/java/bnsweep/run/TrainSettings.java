package bnsweep.run;

import bnsweep.bn.BnMode;
import bnsweep.bn.SyncBatchNormalization;
import bnsweep.model.NetworkFactory;
import bnsweep.engine.EngineSettings;
import bnsweep.engine.SyncAlgorithm;
import bnsweep.shard.Partitioning;

import bnsweep.data.DatasetKind;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** One training configuration, resolved and validated. Keys are those of bnsweep-defaults.conf. */
public record TrainSettings(DatasetKind dataset, int[] hidden, String activation, BnMode bn, int batchSize,
                            int workers, int averagingFrequency, int epochs, long seed, UpdaterSpec updater,
                            Partitioning partitioning, int preciseBnExamples, SyncAlgorithm sync,
                            double collectiveTimeoutSeconds, int maxEpochAttempts, double progressIntervalSeconds,
                            int ghostBatch) implements Serializable {
    /** Keys that change how a run is carried out, not what it computes (left out of a sweep's fingerprint). */
    public static final List<String> OPERATIONAL_KEYS = List.of("collective-timeout", "max-epoch-attempts", "progress-interval");

    /** Reads the {@code bnsweep} block; a bad value is an IllegalArgumentException naming its key. */
    public static TrainSettings from(Config c) {
        return new TrainSettings(
                get(c, "dataset", k -> DatasetKind.fromId(c.getString(k))),
                get(c, "hidden", k -> positive(k, c.getIntList(k).stream().mapToInt(Integer::intValue).toArray())),
                get(c, "activation", k -> oneOf(k, c.getString(k), NetworkSpec.ACTIVATIONS)),
                get(c, "bn", k -> BnMode.fromId(c.getString(k))),
                get(c, "batch-size", k -> atLeast(k, c.getInt(k), 1)),
                get(c, "workers", k -> atLeast(k, c.getInt(k), 1)),
                get(c, "averaging-frequency", k -> atLeast(k, c.getInt(k), 1)),
                get(c, "epochs", k -> atLeast(k, c.getInt(k), 1)),
                get(c, "seed", c::getLong),
                get(c, "updater", k -> new UpdaterSpec(c.getString(k), c.getDouble("learning-rate"), c.getDouble("momentum"))),
                get(c, "partitioning", k -> Partitioning.fromId(c.getString(k))),
                get(c, "precise-bn-examples", k -> atLeast(k, c.getInt(k), 0)),
                get(c, "sync", k -> SyncAlgorithm.fromId(c.getString(k))),
                get(c, "collective-timeout", k -> seconds(c.getDouble(k))),
                get(c, "max-epoch-attempts", k -> atLeast(k, c.getInt(k), 1)),
                get(c, "progress-interval", k -> seconds(c.getDouble(k))),
                get(c, "ghost-batch", k -> atLeast(k, c.getInt(k), 0))).validated();
    }

    /** Checks what involves several keys; a problem is an IllegalArgumentException naming the key to change. */
    public TrainSettings validated() {
        if (bn == BnMode.GHOST && (ghostBatch < 1 || batchSize % ghostBatch != 0)) {
            throw new IllegalArgumentException("bad value for 'ghost-batch': " + ghostBatch + " (bn = ghost needs a ghost batch that divides"
                    + " batch-size " + batchSize + ")");
        }
        return this;
    }

    private static <T> T get(Config c, String key, Function<String, T> read) {
        try {
            return read.apply(key);
        } catch (ConfigException.Missing e) {
            throw new IllegalArgumentException("missing key '" + key + "'", e);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad value for '" + key + "': " + e.getMessage().replaceFirst("^.*?: ", ""), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad value for '" + key + "': " + e.getMessage(), e);
        }
    }

    private static int atLeast(String key, int v, int min) {
        if (v < min) throw new IllegalArgumentException(v + " (must be >= " + min + ")");
        return v;
    }

    private static double seconds(double v) {
        if (!(v > 0 && v <= 86_400)) throw new IllegalArgumentException(v + " (seconds, more than 0 and at most 86400)");
        return v;
    }

    private static int[] positive(String key, int[] v) {
        if (v.length == 0 || Arrays.stream(v).anyMatch(h -> h <= 0)) {
            throw new IllegalArgumentException(Arrays.toString(v) + " (need one or more positive sizes)");
        }
        return v;
    }

    private static String oneOf(String key, String v, List<String> allowed) {
        if (!allowed.contains(v)) throw new IllegalArgumentException("'" + v + "' (one of " + allowed + ")");
        return v;
    }

    /** This configuration with another BN mode, batch size and seed (a point of a sweep's grid). */
    public TrainSettings with(BnMode newBn, int newBatchSize, long newSeed) {
        return new TrainSettings(dataset, hidden, activation, newBn, newBatchSize, workers, averagingFrequency, epochs,
                newSeed, updater, partitioning, preciseBnExamples, sync, collectiveTimeoutSeconds, maxEpochAttempts,
                progressIntervalSeconds, ghostBatch);
    }

    /** This configuration trained for another number of epochs. */
    public TrainSettings withEpochs(int newEpochs) {
        return new TrainSettings(dataset, hidden, activation, bn, batchSize, workers, averagingFrequency, newEpochs,
                seed, updater, partitioning, preciseBnExamples, sync, collectiveTimeoutSeconds, maxEpochAttempts,
                progressIntervalSeconds, ghostBatch);
    }

    /** What the training engine needs of these settings. */
    public EngineSettings engine() {
        return new EngineSettings(batchSize, averagingFrequency, sync, seed, true, bn, preciseBnExamples,
                Math.round(collectiveTimeoutSeconds * 1000), maxEpochAttempts, Math.round(progressIntervalSeconds * 1000));
    }

    /** Examples per BN normalisation: b (local), W·b (sync), g (ghost); 0 without BN. */
    public int bnBatch() {
        return bn.bnBatch(batchSize, workers, ghostBatch);
    }

    /** The freshly initialised network, with bnsweep's BN layer in this configuration's mode. */
    public MultiLayerNetwork initialNetwork() {
        return NetworkFactory.initialise(network(), features -> SyncBatchNormalization.of(features, bn, ghostBatch));
    }

    public NetworkSpec network() {
        return new NetworkSpec(dataset.featureCount(), DatasetKind.NUM_CLASSES, hidden, activation, bn.batchNorm(), updater, seed);
    }

    /** Readable, unique within a sweep: dataset-bn-b{batch}-w{workers}-s{seed} (ghost: bn{g}, e.g. ghost16). */
    public String configId() {
        return dataset.id() + "-" + bn.id() + (bn == BnMode.GHOST ? String.valueOf(ghostBatch) : "") + "-b" + batchSize + "-w" + workers
                + "-s" + seed;
    }

    /** The resolved configuration, as written to manifest.json. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset.id());
        m.put("hidden", hidden);
        m.put("activation", activation);
        m.put("bn", bn.id());
        m.put("batch-size", batchSize);
        m.put("workers", workers);
        m.put("averaging-frequency", averagingFrequency);
        m.put("epochs", epochs);
        m.put("seed", seed);
        m.put("updater", updater.name());
        m.put("learning-rate", updater.learningRate());
        m.put("momentum", updater.momentum());
        m.put("partitioning", partitioning.id());
        m.put("precise-bn-examples", preciseBnExamples);
        m.put("sync", sync.id());
        m.put("collective-timeout", collectiveTimeoutSeconds);
        m.put("max-epoch-attempts", maxEpochAttempts);
        m.put("progress-interval", progressIntervalSeconds);
        m.put("ghost-batch", ghostBatch);
        return m;
    }
}
