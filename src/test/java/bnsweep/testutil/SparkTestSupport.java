package bnsweep.testutil;

import bnsweep.engine.SparkSessions;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** One local[8] Spark session (8 task slots: epochs of up to 8 workers run as barrier stages) shared by all tests of the JVM (starting Spark costs seconds). */
public final class SparkTestSupport {
    private static SparkSession spark;

    private SparkTestSupport() {}

    public static synchronized SparkSession spark() {
        if (spark == null) spark = SparkSessions.create(System.getProperty("spark.master", "local[8]"), "bnsweep-tests");
        return spark;
    }

    public static JavaSparkContext sc() {
        return JavaSparkContext.fromSparkContext(spark().sparkContext());
    }
}
