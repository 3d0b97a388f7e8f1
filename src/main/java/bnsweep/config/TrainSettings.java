package bnsweep.config;

import static bnsweep.config.TrainKeys.*;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.data.DataShape;
import bnsweep.data.DatasetKind;
import bnsweep.data.InputScaling;
import bnsweep.data.TableSource;
import bnsweep.data.ValidationSplit;
import bnsweep.model.Activation;
import bnsweep.model.BnPlacement;
import bnsweep.model.Initialisation;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.model.WeightInit;
import bnsweep.shard.Partitioning;
import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One training configuration, resolved and validated: a value for every {@link TrainKeys} setting,
 * and, inside a sweep, its {@link SweepPoint} (its arm and the sweep's extra dimensions that set it
 * apart; {@link SweepPoint#NONE} otherwise).
 */
public final class TrainSettings implements Serializable {
    private final Map<String, Object> values;
    private final SweepPoint point;

    private TrainSettings(Map<String, Object> values, SweepPoint point) {
        this.values = values;
        this.point = point;
    }

    /** Reads the {@code bnsweep} block; a bad value is an IllegalArgumentException naming its key. */
    public static TrainSettings from(Config c) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Setting<?> s : TrainKeys.ALL) v.put(s.key(), s.read(c));
        return new TrainSettings(v, SweepPoint.NONE).validated();
    }

    /** Checks what involves several keys; a problem is an IllegalArgumentException naming the key to change. */
    public TrainSettings validated() {
        if (dataset().isTable()) {
            if (get(TABLE_PATH).isEmpty()) throw new IllegalArgumentException("missing key '" + TABLE_PATH.key() + "': dataset = table reads it");
            if (get(TABLE_VALIDATION_PATH).isEmpty() && get(TABLE_TEST_PATH).isEmpty()
                    && get(TABLE_VALIDATION_FRACTION) + get(TABLE_TEST_FRACTION) >= 1) {
                throw new IllegalArgumentException("bad value for '" + TABLE_VALIDATION_FRACTION.key() + "': with " + TABLE_TEST_FRACTION.key()
                        + " it holds out all the training rows (the two must add up to less than 1)");
            }
            if (inputScaling() != InputScaling.STANDARDIZE && inputScaling() != InputScaling.RAW) {
                throw new IllegalArgumentException("bad value for '" + INPUT_SCALING.key() + "': " + inputScaling().id() + " scales pixel bytes;"
                        + " a table's inputs are standardize or raw");
            }
        } else {
            for (Setting<?> t : List.of(TABLE_PATH, TABLE_VALIDATION_PATH, TABLE_TEST_PATH)) {
                if (!((String) get(t)).isEmpty()) {
                    throw new IllegalArgumentException("bad key '" + t.key() + "': set, but dataset = " + dataset().id() + " (the table.* settings"
                            + " are for dataset = table)");
                }
            }
        }
        if (bn() == BnMode.GHOST && (ghostBatch() < 1 || batchSize() % ghostBatch() != 0)) {
            throw new IllegalArgumentException("bad value for 'ghost-batch': " + ghostBatch() + " (bn = ghost needs a ghost batch that divides"
                    + " batch-size " + batchSize() + ")");
        }
        return this;
    }

    /** This configuration with one setting changed. */
    public <T> TrainSettings with(Setting<T> key, T value) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(key.key(), value);
        return new TrainSettings(v, point);
    }

    /** This configuration at {@code newPoint} of its sweep. */
    public TrainSettings at(SweepPoint newPoint) {
        return new TrainSettings(values, newPoint);
    }

    /** This configuration as arm {@code name} of a sweep's {@code sweep.arms}. */
    public TrainSettings withArm(String name) {
        return new TrainSettings(values, point.withArm(name));
    }

    /** The arm of {@code sweep.arms} this configuration belongs to; empty when the sweep has none. */
    public String arm() {
        return point.arm();
    }

    /** Where this configuration sits in its sweep. */
    public SweepPoint point() {
        return point;
    }

    /** The values that identify this configuration in its sweep (its id's, compared as values). */
    public SweepPoint.Key key() {
        return point.key(this);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> key) {
        return (T) values.get(key.key());
    }

    public DatasetKind dataset() { return get(DATASET); }

    /** {@code dataset = table}: the table the {@code table.*} settings describe. */
    public TableSource table() {
        return new TableSource(get(TABLE_PATH), get(TABLE_FORMAT), get(TABLE_LABEL), get(TABLE_FEATURES), get(TABLE_VALIDATION_PATH),
                get(TABLE_TEST_PATH), get(TABLE_VALIDATION_FRACTION), get(TABLE_TEST_FRACTION));
    }
    public ValidationSplit validationSplit() { return get(VALIDATION_SPLIT); }
    public InputScaling inputScaling() { return get(INPUT_SCALING); }
    public int[] hidden() { return get(HIDDEN); }
    public Activation activation() { return get(ACTIVATION); }
    public BnMode bn() { return get(BN); }
    public BnPlacement bnPlacement() { return get(BN_PLACEMENT); }
    public boolean inputBn() { return get(INPUT_BN); }
    public int ghostBatch() { return get(GHOST_BATCH); }
    public int batchSize() { return get(BATCH_SIZE); }
    public int workers() { return get(WORKERS); }
    public SyncAlgorithm sync() { return get(SYNC); }
    public int averagingFrequency() { return get(AVERAGING_FREQUENCY); }
    public int epochs() { return get(EPOCHS); }
    public long seed() { return get(SEED); }
    public Partitioning partitioning() { return get(PARTITIONING); }
    public int preciseBnExamples() { return get(PRECISE_BN_EXAMPLES); }
    public int maxEpochAttempts() { return get(MAX_EPOCH_ATTEMPTS); }
    /** The variant column: "arm=a, key=value, …" of the sweep's extra dimensions; empty outside a sweep. */
    public String variant() { return point.text(this, java.util.Set.of()); }

    public UpdaterSpec updater() {
        return new UpdaterSpec(get(UPDATER), learningRate(), get(MOMENTUM), get(ADAM_EPSILON));
    }

    /** Examples per step over all workers: W·b. */
    public int globalBatch() {
        return workers() * batchSize();
    }

    /** The learning rate training uses: {@code learning-rate} scaled by {@code lr-scaling} for the global batch. */
    public double learningRate() {
        return get(LEARNING_RATE) * get(LR_SCALING).factor(globalBatch(), get(REFERENCE_BATCH));
    }

    /** This configuration trained for another number of epochs. */
    public TrainSettings withEpochs(int newEpochs) {
        return with(EPOCHS, newEpochs);
    }

    /** What the training engine needs of these settings. */
    public EngineSettings engine() {
        CollectiveSettings collective = new CollectiveSettings(get(COLLECTIVE), Math.round(get(COLLECTIVE_TIMEOUT) * 1000),
                get(COLLECTIVE_PORTS), get(COLLECTIVE_BIND_ADDRESS), get(COLLECTIVE_DRIVER_ADDRESS));
        return new EngineSettings(batchSize(), averagingFrequency(), sync(), seed(), true, preciseBnExamples(), collective,
                maxEpochAttempts(), Math.round(get(PROGRESS_INTERVAL) * 1000), get(STEP));
    }

    /** Examples per BN normalisation: b (local), W·b (sync), g (ghost); 0 without BN. */
    public int bnBatch() {
        return bn().bnBatch(batchSize(), workers(), ghostBatch());
    }

    /** The freshly initialised network for data of this shape, with bnsweep's BN layer in this configuration's mode. */
    public MultiLayerNetwork initialNetwork(DataShape shape) {
        return NetworkFactory.initialise(network(shape),
                features -> BatchNorm.of(features, bn(), ghostBatch(), get(BN_EPSILON), get(BN_RUNNING_RATE)));
    }

    /** The network for data of this shape (an image set's: {@link DatasetKind#imageShape()}; a table's: its prepared dataset's). */
    public NetworkSpec network(DataShape shape) {
        return new NetworkSpec(shape.inputs(), shape.classes(), hidden(), activation(), bn().batchNorm(), updater(),
                seed(), bnPlacement(), inputBn(), get(DROPOUT), get(LEAKYRELU_ALPHA), initialisation());
    }

    /** {@code weight-init}, {@code output-weight-init}, {@code weight-scale}, {@code bias-init}. */
    public Initialisation initialisation() {
        String output = get(OUTPUT_WEIGHT_INIT);
        return new Initialisation(get(WEIGHT_INIT), output.equals("same") ? get(WEIGHT_INIT) : WeightInit.fromId(output), get(WEIGHT_SCALE),
                get(BIAS_INIT));
    }

    /** Readable, unique within a sweep: {@link SweepPoint#id}, e.g. {@code mnist-sync-b64-w2-s1-input-bn_true}. */
    public String configId() {
        return point.id(this);
    }

    /** The resolved configuration, as written to manifest.json (every key of {@link TrainKeys}). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Setting<?> s : TrainKeys.ALL) m.put(s.key(), s.toJson(values.get(s.key())));
        return m;
    }

    /** Every key but the operational ones, with its value as JSON text: two runs with equal fingerprints compute the same thing. */
    public Map<String, String> fingerprint() {
        Map<String, String> m = new TreeMap<>();
        asMap().forEach((k, v) -> {
            if (TrainKeys.OPERATIONAL.contains(k)) return;
            try {
                m.put(k, bnsweep.util.AtomicFiles.JSON.writeValueAsString(v));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        return m;
    }

    @Override
    public String toString() {
        return configId();
    }
}
