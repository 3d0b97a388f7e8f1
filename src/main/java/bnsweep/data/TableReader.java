package bnsweep.data;

import static org.apache.spark.sql.functions.col;

import bnsweep.util.Errors;
import bnsweep.util.fs.Location;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one table of a {@link TableSource} with Spark (Parquet, CSV with a header line, or LIBSVM)
 * and resolves its label and feature columns as the {@code table.*} settings say. Every problem is a
 * DataException naming the table, the setting and what is wrong.
 */
final class TableReader {
    private TableReader() {}

    /**
     * One table, read and resolved.
     *
     * @param rows          the label column first, then the feature columns, as read
     * @param features      the feature columns' names (numeric columns or Spark ML vector columns)
     * @param stringLabels  whether the labels are strings (or booleans), to be indexed, rather than numbers
     * @param ignored       columns left out because they are not numeric (only when {@code table.features} is not set)
     */
    record Table(Location where, String key, TableFormat format, Dataset<Row> rows, List<String> features, boolean stringLabels,
                 StructType schema, List<String> ignored) {}

    /** Reads the table {@code key} names; LIBSVM tables with {@code libsvmWidth} features when it is above 0. */
    static Table read(SparkSession spark, TableSource src, String key, int libsvmWidth) {
        Location where = src.location(key);
        TableFormat format = src.format().of(where);
        Dataset<Row> df;
        try {
            DataFrameReader r = spark.read();
            df = switch (format) {
                case PARQUET -> r.parquet(where.uri());
                case CSV -> r.option("header", "true").option("inferSchema", "true").csv(where.uri());
                case LIBSVM -> (libsvmWidth > 0 ? r.option("numFeatures", libsvmWidth) : r).format("libsvm").load(where.uri());
                case AUTO -> throw new IllegalStateException("format not resolved");
            };
        } catch (Exception e) { // Spark's AnalysisException is checked in Scala's sense only
            throw new DataException(where, "cannot be read as " + format.id() + " (" + key + "): " + Errors.oneLine(e), e);
        }
        StructType schema = df.schema();
        StructField label = field(schema, src.label(), where, TableSource.LABEL_KEY, "the label");
        boolean strings = label.dataType() instanceof StringType || label.dataType() instanceof BooleanType;
        if (!strings && !(label.dataType() instanceof NumericType)) {
            throw new DataException(where, "column '" + label.name() + "' (the label, " + TableSource.LABEL_KEY + ") is "
                    + label.dataType().simpleString() + ": a label must be a number or a string");
        }
        List<String> ignored = new ArrayList<>();
        List<String> features = src.features().isEmpty() ? defaultFeatures(schema, src.label(), where, ignored)
                : namedFeatures(schema, src, where);
        List<Column> columns = new ArrayList<>();
        columns.add(strings ? col(quoted(label.name())).cast("string") : col(quoted(label.name())));
        for (String f : features) columns.add(col(quoted(f)));
        return new Table(where, key, format, df.select(columns.toArray(Column[]::new)), features, strings, schema, ignored);
    }

    private static List<String> namedFeatures(StructType schema, TableSource src, Location where) {
        for (String f : src.features()) {
            StructField field = field(schema, f, where, TableSource.FEATURES_KEY, "a feature");
            if (f.equals(src.label())) {
                throw new DataException(where, "column '" + f + "' is the label (" + TableSource.LABEL_KEY + ") and cannot be a feature ("
                        + TableSource.FEATURES_KEY + ")");
            }
            if (!isFeature(field.dataType())) {
                throw new DataException(where, "column '" + f + "' is " + field.dataType().simpleString() + ", not numeric ("
                        + TableSource.FEATURES_KEY + " names numeric or Spark ML vector columns)");
            }
        }
        return src.features();
    }

    /** A Spark ML vector column named features, if there is one; else every numeric column but the label. */
    private static List<String> defaultFeatures(StructType schema, String label, Location where, List<String> ignored) {
        for (StructField f : schema.fields()) {
            if (f.name().equals("features") && !label.equals("features") && f.dataType().equals(SQLDataTypes.VectorType())) {
                return List.of("features");
            }
        }
        List<String> numeric = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (f.name().equals(label)) continue;
            if (isFeature(f.dataType())) numeric.add(f.name());
            else ignored.add(f.name() + " (" + f.dataType().simpleString() + ")");
        }
        if (numeric.isEmpty()) {
            throw new DataException(where, "no numeric column besides the label '" + label + "' to use as features (" + TableSource.FEATURES_KEY
                    + " names them); its columns: " + describe(schema));
        }
        return numeric;
    }

    private static boolean isFeature(DataType t) {
        return t instanceof NumericType || t.equals(SQLDataTypes.VectorType());
    }

    private static StructField field(StructType schema, String name, Location where, String key, String role) {
        if (Arrays.asList(schema.fieldNames()).contains(name)) return schema.apply(name);
        throw new DataException(where, "no column '" + name + "' for " + role + " (" + key + "); its columns: " + describe(schema));
    }

    static String describe(StructType schema) {
        if (schema.fields().length == 0) return "none";
        List<String> d = new ArrayList<>();
        for (StructField f : schema.fields()) d.add(f.name() + " (" + f.dataType().simpleString() + ")");
        return String.join(", ", d);
    }

    /** A column name as Spark's col() takes it literally (dots and backticks in names). */
    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
