package bnsweep.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small learnable tables in the formats a user brings: CSV with a header line, LIBSVM, Parquet
 * (numeric columns or a Spark ML vector column). Row i has class c = i mod {@code classes} (so every
 * class is there); its features are Gaussian noise with feature c shifted by +3, so a network learns them.
 */
public final class TableFiles {
    private TableFiles() {}

    /** The features of row i of a table of {@code width} features, from {@code seed}. */
    public static double[] features(int i, int width, int classes, Random rng) {
        double[] x = new double[width];
        for (int j = 0; j < width; j++) x[j] = rng.nextGaussian() + (j == i % classes ? 3 : 0);
        return x;
    }

    /** A CSV: header {@code id,x0..x{width-1},label}; {@code id} a string column; labels 0..classes−1, or the names given. */
    public static Path csv(Path file, int rows, int width, int classes, long seed, String... labelNames) {
        Random rng = new Random(seed);
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder("id");
        for (int j = 0; j < width; j++) header.append(",x").append(j);
        lines.add(header.append(",label").toString());
        for (int i = 0; i < rows; i++) {
            StringBuilder line = new StringBuilder("r" + i);
            for (double v : features(i, width, classes, rng)) line.append(',').append(String.format(Locale.ROOT, "%.5f", v));
            line.append(',').append(labelNames.length > 0 ? labelNames[i % classes] : String.valueOf(i % classes));
            lines.add(line.toString());
        }
        return write(file, lines);
    }

    /** A LIBSVM file (indices from 1; zeros left out, as LIBSVM does). */
    public static Path libsvm(Path file, int rows, int width, int classes, long seed) {
        Random rng = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            StringBuilder line = new StringBuilder(String.valueOf(i % classes));
            double[] x = features(i, width, classes, rng);
            for (int j = 0; j < width; j++) if (x[j] != 0) line.append(' ').append(j + 1).append(':').append(String.format(Locale.ROOT, "%.5f", x[j]));
            lines.add(line.toString());
        }
        return write(file, lines);
    }

    /** A Parquet directory with columns label (double) and features (a Spark ML vector; sparse where {@code sparse}). */
    public static Path parquetVectors(Path dir, int rows, int width, int classes, long seed, boolean sparse) {
        Random rng = new Random(seed);
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] x = features(i, width, classes, rng);
            data.add(RowFactory.create((double) (i % classes), sparse ? Vectors.dense(x).toSparse() : Vectors.dense(x)));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
        SparkTestSupport.spark().createDataFrame(data, schema).repartition(2).write().mode(SaveMode.Overwrite).parquet(dir.toString());
        return dir;
    }

    /** A Parquet directory with numeric columns x0.. (double), a string column {@code id} and an integer label. */
    public static Path parquetColumns(Path dir, int rows, int width, int classes, long seed) {
        Random rng = new Random(seed);
        List<Row> data = new ArrayList<>();
        StructType schema = new StructType().add("id", DataTypes.StringType);
        for (int j = 0; j < width; j++) schema = schema.add("x" + j, DataTypes.DoubleType);
        schema = schema.add("label", DataTypes.IntegerType);
        for (int i = 0; i < rows; i++) {
            Object[] values = new Object[width + 2];
            values[0] = "r" + i;
            double[] x = features(i, width, classes, rng);
            for (int j = 0; j < width; j++) values[j + 1] = x[j];
            values[width + 1] = i % classes;
            data.add(RowFactory.create(values));
        }
        SparkTestSupport.spark().createDataFrame(data, schema).repartition(2).write().mode(SaveMode.Overwrite).parquet(dir.toString());
        return dir;
    }

    public static Path write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
