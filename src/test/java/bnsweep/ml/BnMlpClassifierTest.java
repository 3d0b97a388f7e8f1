package bnsweep.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.Setting;
import bnsweep.config.TrainKeys;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.testutil.TableFiles;
import bnsweep.util.NdArrays;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ML estimator as Spark ML's own classifiers are used: Params derived from the setting
 * declarations; in a Pipeline after VectorAssembler and StandardScaler; evaluated by
 * MulticlassClassificationEvaluator; saved and loaded, predicting the same; tuned by
 * TrainValidationSplit and CrossValidator; its probabilities DL4J's network's; bad data refused in words.
 */
class BnMlpClassifierTest {
    @TempDir
    static Path tmp;
    static Dataset<Row> train, test;

    /** Columns x0..x3 (double) and label (double 0..2), learnable. */
    static Dataset<Row> table(int rows, long seed) {
        Random rng = new Random(seed);
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] x = TableFiles.features(i, 4, 3, rng);
            data.add(RowFactory.create(x[0] * 10, x[1] + 5, x[2], x[3] - 2, (double) (i % 3)));
        }
        StructType schema = new StructType();
        for (int j = 0; j < 4; j++) schema = schema.add("x" + j, DataTypes.DoubleType);
        return SparkTestSupport.spark().createDataFrame(data, schema.add("label", DataTypes.DoubleType));
    }

    @BeforeAll
    static void data() {
        train = table(600, 1).cache();
        test = table(150, 2).cache();
    }

    static BnMlpClassifier classifier() {
        return new BnMlpClassifier().setHidden(16).setBn("sync").setBatchSize(16).setWorkers(2).setEpochs(3).setLearningRate(0.01)
                .setSeed(3).setFeaturesCol("scaled");
    }

    static Pipeline pipeline(BnMlpClassifier c) {
        return new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("raw"),
                new StandardScaler().setInputCol("raw").setOutputCol("scaled").setWithMean(true), c});
    }

    static final MulticlassClassificationEvaluator ACCURACY = new MulticlassClassificationEvaluator().setMetricName("accuracy");

    @Test
    void everyTrainingSettingIsAParamWithItsDeclaredDefaultAndValidation() {
        BnMlpClassifier c = new BnMlpClassifier();
        int derived = 0;
        for (Setting<?> s : TrainKeys.ALL) {
            boolean param = s.scope() == Setting.Scope.TRAINING || s.scope() == Setting.Scope.OPERATIONAL;
            assertEquals(param, c.hasParam(SettingParams.name(s)), s.key());
            if (!param) continue;
            derived++;
            Param<Object> p = c.getParam(SettingParams.name(s));
            assertTrue(p.doc().contains("bnsweep setting " + s.key()), p.doc());
            Object def = c.getOrDefault(p);
            Object expected = s.parsedDefault();
            if (expected instanceof int[] a) assertArrayEquals(a, (int[]) def);
            else if (expected instanceof Number || expected instanceof Boolean) assertEquals(expected, def, s.key());
            else assertEquals(String.valueOf(s.toJson(expected)), def, s.key() + ": a choice (enum, text, port range) is held as its id");
        }
        assertTrue(derived > 20, "derived Params: " + derived);
        assertEquals("batchSize", c.batchSize().name());
        assertEquals("dropout", c.param(TrainKeys.DROPOUT).name());
        assertThrows(IllegalArgumentException.class, () -> c.setBatchSize(0), "the declaration refuses 0");
        assertThrows(IllegalArgumentException.class, () -> c.setBn("sometimes"));
        assertTrue(c.explainParams().contains("batchSize: minibatch per worker"), c.explainParams());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.setBn("ghost").setSetting("ghost-batch", 5).setBatchSize(64).trainSettings());
        assertTrue(e.getMessage().contains("'ghostBatch'"), "names the Param: " + e.getMessage());
    }

    @Test
    void aPipelineFitsEvaluatesSavesAndLoadsPredictingTheSame() throws Exception {
        PipelineModel model = pipeline(classifier()).fit(train);
        Dataset<Row> predicted = model.transform(test);
        double accuracy = ACCURACY.evaluate(predicted);
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);

        String path = tmp.resolve("pipeline").toString();
        model.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> a = predicted.select("prediction", "probability", "rawPrediction").collectAsList();
        List<Row> b = loaded.transform(test).select("prediction", "probability", "rawPrediction").collectAsList();
        assertEquals(a, b, "the loaded model predicts the same");
        BnMlpClassificationModel m = (BnMlpClassificationModel) loaded.stages()[2];
        assertEquals(4, m.numFeatures());
        assertEquals(3, m.numClasses());
        assertEquals(16, (Integer) m.getOrDefault(m.getParam("batchSize")), "the model keeps the estimator's Params");
        assertEquals("sync", m.getOrDefault(m.getParam("bn")));
    }

    /** probability is the softmax of rawPrediction, and both are DL4J's network's (its softmax output, its logits). */
    @Test
    void probabilitiesAreTheNetworksOutput() {
        BnMlpClassificationModel m = (BnMlpClassificationModel) pipeline(classifier().setEpochs(1)).fit(train).stages()[2];
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(m.configJson()));
        net.init();
        NdArrays.write(m.weights(), net.params());
        Random rng = new Random(5);
        for (int i = 0; i < 20; i++) {
            float[] x = new float[4];
            for (int j = 0; j < 4; j++) x[j] = (float) rng.nextGaussian();
            Vector features = org.apache.spark.ml.linalg.Vectors.dense(new double[] {x[0], x[1], x[2], x[3]});
            float[] dl4j = NdArrays.read(net.output(NdArrays.matrix(x, 1, 4), false));
            Vector raw = m.predictRaw(features);
            double[] p = m.raw2probabilityInPlace(raw.copy()).toArray();
            for (int c = 0; c < 3; c++) assertEquals(dl4j[c], p[c], 1e-6, "class " + c);
            assertEquals(raw.argmax(), m.predict(features), 0);
        }
    }

    @Test
    void trainValidationSplitAndCrossValidatorTuneTheBatchSize() {
        BnMlpClassifier c = classifier().setEpochs(2);
        ParamMap[] grid = new ParamGridBuilder().addGrid(c.batchSize(), new int[] {8, 32}).build();
        TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(pipeline(c)).setEvaluator(ACCURACY)
                .setEstimatorParamMaps(grid).setTrainRatio(0.75).setSeed(1).fit(train);
        assertEquals(2, tvs.validationMetrics().length);
        assertTrue(ACCURACY.evaluate(tvs.transform(test)) > 0.85);
        CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline(c)).setEvaluator(ACCURACY)
                .setEstimatorParamMaps(new ParamGridBuilder().build()).setNumFolds(2).setSeed(1).fit(train);
        assertEquals(1, cv.avgMetrics().length);
        assertTrue(cv.avgMetrics()[0] > 0.8, "cross-validated accuracy " + cv.avgMetrics()[0]);
    }

    @Test
    void anEstimatorSavesAndLoadsItsParams() throws Exception {
        BnMlpClassifier c = classifier().setSetting("activation", "tanh");
        String path = tmp.resolve("estimator").toString();
        c.write().overwrite().save(path);
        BnMlpClassifier back = BnMlpClassifier.load(path);
        assertEquals(c.uid(), back.uid());
        assertEquals("tanh", back.getOrDefault(back.getParam("activation")));
        assertArrayEquals(new int[] {16}, (int[]) back.getOrDefault(back.getParam("hidden")));
        assertEquals(c.trainSettings().fingerprint(), back.trainSettings().fingerprint());
    }

    @Test
    void badDataIsRefusedInWords() {
        Dataset<Row> nan = train.withColumn("x1", org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col("x0").gt(12),
                Double.NaN).otherwise(org.apache.spark.sql.functions.col("x1")));
        BnMlpClassifier c = classifier().setFeaturesCol("raw");
        Pipeline p = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("raw").setHandleInvalid("keep"), c});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.fit(nan));
        assertTrue(e.getMessage().matches("the DataFrame: \\d+ of 600 rows have missing, NaN or infinite feature values: column 'raw' in \\d+ rows"),
                e.getMessage());
        Dataset<Row> fractional = train.withColumn("label", org.apache.spark.sql.functions.lit(0.5));
        e = assertThrows(IllegalArgumentException.class, () -> p.fit(fractional));
        assertTrue(e.getMessage().contains("not a class index 0..K−1 (column 'label', e.g. 0.5)"), e.getMessage());
    }
}
