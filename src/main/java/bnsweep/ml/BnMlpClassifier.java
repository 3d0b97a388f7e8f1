package bnsweep.ml;

import bnsweep.bn.BnInference;
import bnsweep.config.Setting;
import bnsweep.config.TrainKeys;
import bnsweep.config.TrainSettings;
import bnsweep.data.DataShape;
import bnsweep.data.FeatureEncoding;
import bnsweep.data.LabeledFrame;
import bnsweep.engine.ModelState;
import bnsweep.engine.driver.DataParallelTrainer;
import bnsweep.engine.driver.EpochTiming;
import bnsweep.shard.ShardedSplit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.ml.util.MetadataUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bnsweep's network as a Spark ML estimator: a multilayer perceptron with or without Batch
 * Normalization, trained data-parallel on the executors by bnsweep's engine (one gang-scheduled
 * stage per epoch, BN synchronised as {@code bn} says). Its Params are the training settings
 * ({@link SettingParams}: {@code hidden}, {@code bn}, {@code batchSize} per worker, {@code workers},
 * {@code sync}, {@code epochs}, {@code learningRate}, {@code seed}, ...) and Spark ML's
 * {@code featuresCol} (a vector), {@code labelCol} (class indices 0..K−1), {@code predictionCol},
 * {@code probabilityCol} and {@code rawPredictionCol}. The features are used as they are: put a
 * {@code StandardScaler} before it in a Pipeline to standardise them.
 */
public final class BnMlpClassifier extends ProbabilisticClassifier<Vector, BnMlpClassifier, BnMlpClassificationModel>
        implements MLWritable {
    private static final Logger LOG = LoggerFactory.getLogger(BnMlpClassifier.class);

    private final String uid;
    private final SettingParams settings;

    public BnMlpClassifier() {
        this(Identifiable$.MODULE$.randomUID("bnMlp"));
    }

    public BnMlpClassifier(String uid) {
        this(uid, Uid.constructing(uid));
    }

    private BnMlpClassifier(String uid, boolean constructing) {
        this.uid = uid; // (Spark's Params, made while the superclass is constructed, got it from Uid)
        Uid.constructed();
        this.settings = new SettingParams(this, this::setDefault);
    }

    @Override
    public String uid() {
        return uid != null ? uid : Uid.current();
    }

    /** Spark ML's own Params (reflection over this class) and one per training setting. */
    @Override
    public Param<?>[] params() {
        return merged(super.params(), settings == null ? new Param<?>[0] : settings.all());
    }

    static Param<?>[] merged(Param<?>[] spark, Param<?>[] derived) {
        Set<Param<?>> all = new LinkedHashSet<>(Arrays.asList(spark));
        all.addAll(Arrays.asList(derived));
        return all.stream().sorted((a, b) -> a.name().compareTo(b.name())).toArray(Param<?>[]::new);
    }

    /** The Param of a setting, e.g. {@code param(TrainKeys.DROPOUT)} for a ParamGridBuilder. */
    @SuppressWarnings("unchecked")
    public <P extends Param<?>> P param(Setting<?> setting) {
        return (P) settings.of(setting);
    }

    /** Sets a setting's Param by its bnsweep key, e.g. {@code setSetting("bn", "sync")}: a choice by its id, sizes as an int[]. */
    public BnMlpClassifier setSetting(String key, Object value) {
        set(settings.of(TrainKeys.byKey(key)), value);
        return this;
    }

    // the Params of the settings a tuning grid most often varies, typed (every setting's is param(setting))

    public IntArrayParam hidden() {
        return param(TrainKeys.HIDDEN);
    }

    public Param<String> bn() {
        return param(TrainKeys.BN);
    }

    public IntParam batchSize() {
        return param(TrainKeys.BATCH_SIZE);
    }

    public IntParam workers() {
        return param(TrainKeys.WORKERS);
    }

    public IntParam epochs() {
        return param(TrainKeys.EPOCHS);
    }

    public DoubleParam learningRate() {
        return param(TrainKeys.LEARNING_RATE);
    }

    public BnMlpClassifier setHidden(int... sizes) {
        return setSetting(TrainKeys.HIDDEN.key(), sizes);
    }

    public BnMlpClassifier setBn(String mode) {
        return setSetting(TrainKeys.BN.key(), mode);
    }

    public BnMlpClassifier setBatchSize(int perWorker) {
        return setSetting(TrainKeys.BATCH_SIZE.key(), perWorker);
    }

    public BnMlpClassifier setWorkers(int workers) {
        return setSetting(TrainKeys.WORKERS.key(), workers);
    }

    public BnMlpClassifier setEpochs(int epochs) {
        return setSetting(TrainKeys.EPOCHS.key(), epochs);
    }

    public BnMlpClassifier setLearningRate(double rate) {
        return setSetting(TrainKeys.LEARNING_RATE.key(), rate);
    }

    public BnMlpClassifier setSeed(long seed) {
        return setSetting(TrainKeys.SEED.key(), seed);
    }

    /** The training settings these Params describe (validated). */
    public TrainSettings trainSettings() {
        return settings.settings(this);
    }

    @Override
    public BnMlpClassificationModel train(Dataset<?> dataset) {
        TrainSettings s = trainSettings();
        Dataset<Row> frame = dataset.toDF();
        // the classes the label's metadata names (a StringIndexer's), else those of the data
        int metadataClasses = (Integer) MetadataUtils.getNumClasses(frame.schema().apply(getLabelCol())).getOrElse(() -> 0);
        DataShape shape = LabeledFrame.shape(frame, getLabelCol(), getFeaturesCol(), metadataClasses);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext());
        Dataset<Row> rows = LabeledFrame.numbered(frame, getLabelCol(), getFeaturesCol()).persist(StorageLevel.MEMORY_AND_DISK());
        ShardedSplit train = null;
        try (DataParallelTrainer trainer = new DataParallelTrainer(sc, s.initialNetwork(shape), s.engine())) {
            train = ShardedSplit.of(sc, rows, FeatureEncoding.vector(null, shape.inputs()), shape, s.workers(), s.partitioning(), s.seed());
            rows.unpersist();
            for (int e = 1; e <= s.epochs(); e++) {
                EpochTiming t = trainer.trainEpoch(e, train, null);
                LOG.info(String.format(Locale.ROOT, "%s: epoch %d/%d trained in %.1f s (%.0f examples/s)", uid, e, s.epochs(), t.seconds(),
                        t.examples() / t.seconds()));
            }
            ModelState state = trainer.stateFor(BnInference.DEFAULT, train);
            trainer.release(train);
            return new BnMlpClassificationModel(uid, state.configJson(), state.params(), shape);
        } finally {
            if (train != null) train.release();
            rows.unpersist();
        }
    }

    @Override
    public BnMlpClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<BnMlpClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static BnMlpClassifier load(String path) {
        return read().load(path);
    }
}
