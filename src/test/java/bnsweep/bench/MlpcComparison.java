package bnsweep.bench;

import static org.apache.spark.sql.functions.col;

import bnsweep.data.PreparedDataset;
import bnsweep.ml.BnMlpClassifier;
import bnsweep.util.NativeBuild;
import bnsweep.util.Versions;
import bnsweep.util.fs.Location;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * bnsweep (no BN and BN sync, through its Spark ML estimator) beside Spark ML's
 * MultilayerPerceptronClassifier (full-batch L-BFGS, no BN) with the same layer sizes, on the same
 * prepared dataset's splits (an image set's or a table's, as bnsweep prepared it), each behind the
 * same StandardScaler fitted on the training split: test accuracy and fit time, per seed and as
 * mean ± sample std. Run with submit/bench-mlpc (a benchmark, not a test).
 *
 * <p>args: PREPARED_DIR [hidden=300,100] [epochs=10] [batch=64] [seeds=1,2,3] [maxIter=100] [workers=2] [models=mlpc,none,sync]
 * ({@code epochs} may list budgets, {@code epochs=10,50}: bnsweep is fitted at each)
 */
public final class MlpcComparison {
    public static void main(String[] args) {
        System.out.println(NativeBuild.choose());
        Map<String, String> a = new LinkedHashMap<>(Map.of("hidden", "300,100", "epochs", "10", "batch", "64", "seeds", "1,2,3", "maxIter", "100",
                "workers", "2", "models", "mlpc,none,sync"));
        for (int i = 1; i < args.length; i++) a.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        int[] hidden = Arrays.stream(a.get("hidden").split(",")).mapToInt(Integer::parseInt).toArray();
        int workers = Integer.parseInt(a.get("workers"));
        SparkSession spark = bnsweep.engine.SparkSessions.create("local[" + workers + "]", "bnsweep mlpc comparison");
        PreparedDataset data = PreparedDataset.open(Location.of(args[0]));
        System.out.println("loaded: " + Versions.nd4jNativeBuild() + "; " + data.dir() + ": " + data.shape() + ", " + a);
        Dataset<Row> train = vectors(data, spark, "train", workers), test = vectors(data, spark, "test", workers);
        int[] layers = new int[hidden.length + 2];
        layers[0] = data.shape().inputs();
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = data.shape().classes();

        Map<String, SummaryStatistics[]> results = new LinkedHashMap<>();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        for (String seedText : a.get("seeds").split(",")) {
            long seed = Long.parseLong(seedText);
            Map<String, PipelineStage> models = new LinkedHashMap<>();
            List<String> which = List.of(a.get("models").split(","));
            if (which.contains("mlpc")) {
                models.put("Spark ML MultilayerPerceptronClassifier (L-BFGS, maxIter " + a.get("maxIter") + ")", new MultilayerPerceptronClassifier()
                        .setLayers(layers).setSeed(seed).setMaxIter(Integer.parseInt(a.get("maxIter"))).setFeaturesCol("scaled"));
            }
            for (String epochs : a.get("epochs").split(",")) {
                for (String bn : List.of("none", "sync")) {
                    if (!which.contains(bn)) continue;
                    models.put("bnsweep bn=" + bn + " (Adam 1e-3, " + epochs + " epochs, batch " + a.get("batch") + " x " + workers + " workers)",
                            new BnMlpClassifier().setHidden(hidden).setBn(bn).setEpochs(Integer.parseInt(epochs))
                                    .setBatchSize(Integer.parseInt(a.get("batch"))).setWorkers(workers).setSeed(seed).setFeaturesCol("scaled"));
                }
            }
            for (Map.Entry<String, PipelineStage> m : models.entrySet()) {
                long t0 = System.nanoTime();
                PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {
                        new StandardScaler().setInputCol("features").setOutputCol("scaled").setWithMean(true), m.getValue()}).fit(train);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double acc = accuracy.evaluate(fitted.transform(test));
                System.out.printf(Locale.ROOT, "seed %d  %-80s test accuracy %.4f  fit %.1f s%n", seed, m.getKey(), acc, seconds);
                SummaryStatistics[] s = results.computeIfAbsent(m.getKey(), k -> new SummaryStatistics[] {new SummaryStatistics(),
                        new SummaryStatistics()});
                s[0].addValue(acc);
                s[1].addValue(seconds);
            }
        }
        System.out.println("\n| model | test accuracy (mean ± sd over seeds) | fit seconds (mean) |\n|---|---|---|");
        results.forEach((k, s) -> System.out.printf(Locale.ROOT, "| %s | %.2f ± %.2f%% | %.1f |%n", k, 100 * s[0].getMean(),
                100 * s[0].getStandardDeviation(), s[1].getMean()));
        spark.stop();
        System.exit(0); // Spark's barrier-task timer thread is not a daemon
    }

    /** A split as (label double, features vector): an image's bytes as b/255, a table's vector as it is. */
    static Dataset<Row> vectors(PreparedDataset data, SparkSession spark, String split, int partitions) {
        Dataset<Row> rows = data.split(spark, split);
        if (data.kind().isTable()) {
            rows = rows.select(col("label").cast("double").as("label"), col("features"));
        } else {
            spark.udf().register("pixels", (UDF1<byte[], Vector>) MlpcComparison::pixels, org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
            rows = rows.select(col("label").cast(DataTypes.DoubleType).as("label"), org.apache.spark.sql.functions.callUDF("pixels", col("features"))
                    .as("features"));
        }
        return rows.repartition(partitions).persist(StorageLevel.MEMORY_AND_DISK());
    }

    static Vector pixels(byte[] b) {
        double[] x = new double[b.length];
        for (int i = 0; i < b.length; i++) x[i] = Byte.toUnsignedInt(b[i]) / 255.0;
        return Vectors.dense(x);
    }

}
