package bnsweep.data;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML DataFrame as training data: a label column of class indices 0..K−1 (as Spark ML's
 * classifiers take them) and a features vector column, checked as a table's columns are
 * ({@link TableScan}) and numbered in the layout the workers are dealt from.
 */
public final class LabeledFrame {
    /** The columns the dealing reads: index, label, features. */
    static final StructType SCHEMA = new StructType(new org.apache.spark.sql.types.StructField[] {
            TablePreparer.SCHEMA.apply("index"), TablePreparer.SCHEMA.apply("label"), TablePreparer.SCHEMA.apply("features")});

    private LabeledFrame() {}

    /**
     * The shape of the frame's data: K = the largest label + 1 (at least {@code classesAtLeast}, which
     * the label's metadata may say), the width of its vectors; an IllegalArgumentException saying what
     * is wrong with which column, as for a table (labels that are not class indices, missing, NaN or
     * infinite values, vectors of different widths, one class only, no rows).
     */
    public static DataShape shape(Dataset<Row> frame, String labelCol, String featuresCol, int classesAtLeast) {
        TableScan scan = TableScan.of(frame.select(col(labelCol), col(featuresCol)), 1);
        String problem = scan.problem(List.of(featuresCol), labelCol, "Spark ML's classifiers take class indices; a StringIndexer"
                + " makes them of other labels");
        if (problem == null && scan.labelCounts().size() < 2) {
            problem = "has one class only (label " + scan.labelCounts().keySet().iterator().next() + "): a classifier needs two or more";
        }
        if (problem != null) throw new IllegalArgumentException("the DataFrame: " + problem);
        int k = (Integer) ((java.util.TreeMap<Object, Long>) scan.labelCounts()).lastKey() + 1;
        return new DataShape(scan.width(), Math.max(k, classesAtLeast));
    }

    /** The frame's rows as (index, label, features), numbered in their order. */
    public static Dataset<Row> numbered(Dataset<Row> frame, String labelCol, String featuresCol) {
        JavaRDD<Row> rows = frame.select(col(labelCol), col(featuresCol)).javaRDD().zipWithIndex()
                .map(t -> RowFactory.create(Math.toIntExact(t._2()), (int) ((Number) t._1().get(0)).doubleValue(), t._1().get(1)));
        return frame.sparkSession().createDataFrame(rows, SCHEMA);
    }
}
