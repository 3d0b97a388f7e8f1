package bnsweep.engine;

import bnsweep.util.NativeBuild;
import bnsweep.util.Versions;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A child JVM for {@link NativeBuildPluginTest}: a Spark session as bnsweep creates it (its plugin
 * installed), with nothing on the driver side choosing the native build first, so the executor's
 * plugin makes the choice, as it does in an executor JVM. A task then reports the build ND4J loaded
 * in the executor and the result of a matrix product. Prints {@code key=value} lines.
 */
public final class NativeBuildPluginProbe {
    public static void main(String[] args) {
        SparkSession spark = SparkSessions.create("local[1]", "native build probe");
        try {
            List<String> r = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1), 1).map(x -> {
                INDArray ab = Nd4j.create(new float[][] {{1, 2}, {3, 4}}).mmul(Nd4j.create(new float[][] {{5, 6}, {7, 8}}));
                return System.getProperty(NativeBuild.LOADER_PROPERTY) + "|" + Versions.nd4jNativeBuild() + "|" + ab.getFloat(0, 0) + "," + ab.getFloat(1, 1);
            }).collect();
            String[] f = r.get(0).split("\\|");
            System.out.println("extension=" + f[0]);
            System.out.println("loaded=" + f[1]);
            System.out.println("ops=" + (f[2].equals("19.0,50.0") ? "ok" : "wrong: " + f[2]));
        } finally {
            spark.stop();
        }
    }
}
