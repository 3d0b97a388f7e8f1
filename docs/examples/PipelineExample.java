// A Spark ML pipeline with bnsweep's estimator, as a Java program against the built jar
// (docs/your-data.md#from-spark-ml). From the project's root, after `mvn package -DskipTests`:
//   java $(cat target/classes/bnsweep-jvm-flags.txt) -cp "target/bnsweep-app.jar:$(cat target/provided-classpath.txt)" \
//        docs/examples/PipelineExample.java TABLE.csv LABEL_COLUMN OUT_DIR
// TABLE.csv: a CSV with a header line, numeric feature columns and a label column (numbers or strings).
import bnsweep.ml.BnMlpClassifier;
import java.util.Arrays;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

public class PipelineExample {
    public static void main(String[] args) {
        String table = args[0], label = args[1], out = args[2];
        SparkSession spark = SparkSession.builder().master("local[2]").appName("bnsweep pipeline example")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        Dataset<Row> data = spark.read().option("header", "true").option("inferSchema", "true").csv(table);
        String[] features = Arrays.stream(data.columns()).filter(c -> !c.equals(label)).toArray(String[]::new);
        Dataset<Row>[] parts = data.randomSplit(new double[] {0.8, 0.2}, 42);
        Dataset<Row> train = parts[0].cache(), test = parts[1].cache();

        BnMlpClassifier mlp = new BnMlpClassifier().setHidden(64, 32).setBn("sync").setBatchSize(32).setWorkers(2).setEpochs(5)
                .setFeaturesCol("scaled").setLabelCol("class");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                new StringIndexer().setInputCol(label).setOutputCol("class"),
                new VectorAssembler().setInputCols(features).setOutputCol("features"),
                new StandardScaler().setInputCol("features").setOutputCol("scaled").setWithMean(true), mlp});
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setLabelCol("class").setMetricName("accuracy");

        PipelineModel model = pipeline.fit(train);
        Dataset<Row> predicted = model.transform(test);
        System.out.printf("test accuracy %.4f%n", accuracy.evaluate(predicted));

        model.write().overwrite().save(out + "/model");
        PipelineModel loaded = PipelineModel.load(out + "/model");
        boolean same = predicted.select("prediction", "probability").collectAsList()
                .equals(loaded.transform(test).select("prediction", "probability").collectAsList());
        System.out.println("the loaded model predicts the same: " + same);

        ParamMap[] grid = new ParamGridBuilder().addGrid(mlp.batchSize(), new int[] {32, 128}).build();
        TrainValidationSplitModel tuned = new TrainValidationSplit().setEstimator(pipeline).setEvaluator(accuracy)
                .setEstimatorParamMaps(grid).setTrainRatio(0.8).setSeed(1).fit(train);
        for (int i = 0; i < grid.length; i++) {
            System.out.printf("batch size %s: validation accuracy %.4f%n", grid[i].apply(mlp.batchSize()), tuned.validationMetrics()[i]);
        }
        System.out.printf("tuned model's test accuracy %.4f%n", accuracy.evaluate(tuned.transform(test)));
        spark.stop();
        if (!same) System.exit(1);
        System.exit(0); // Spark's barrier-task timer thread is not a daemon
    }
}
