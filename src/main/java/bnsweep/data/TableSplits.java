package bnsweep.data;

import static org.apache.spark.sql.functions.col;

import bnsweep.util.fs.Location;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The second half of {@link TablePreparer}: numbers the rows of the checked tables, holds out the
 * test and validation rows that no table of their own gives (stratified, seeded: {@link StratifiedSplit},
 * the test rows first, then the validation rows of what remains), fits the standardisation on the
 * training rows, and writes the prepared dataset with its manifest.
 */
final class TableSplits {
    private static final String[] SPLIT_CODES = {"train", "val", "test"};

    private final SparkSession spark;
    private final TableSource src;
    private final PrintStream log;

    TableSplits(SparkSession spark, TableSource src, PrintStream log) {
        this.spark = spark;
        this.src = src;
        this.log = log;
    }

    /** Writes DIR/prepared (through DIR/prepared.tmp) and returns it. */
    PreparedDataset write(Map<String, TableReader.Table> tables, TablePreparer.Classes classes, int width, String contentSha256,
                          Location dir) {
        Location prepared = dir.resolve(PreparedDataset.DIR);
        List<Dataset<Row>> encoded = new ArrayList<>();
        List<JavaRDD<Row>> parts = new ArrayList<>();
        Map<String, Object> described = new LinkedHashMap<>();
        int[][] classCounts = new int[3][classes.count()];
        int[] counts = new int[3];
        long offset = 0;
        try {
            for (Map.Entry<String, TableReader.Table> t : tables.entrySet()) {
                Dataset<Row> rows = classes.encode(t.getValue());
                encoded.add(rows);
                int[] labels = rows.select("label").collectAsList().stream().mapToInt(r -> r.getInt(0)).toArray();
                if (offset + labels.length > Integer.MAX_VALUE) throw new DataException(t.getValue().where(), "more than 2^31 rows in all");
                byte[] codes = t.getKey().equals("train") ? holdOut(labels, tables, t.getValue().where())
                        : constant(labels.length, List.of(SPLIT_CODES).indexOf(t.getKey()));
                for (int i = 0; i < labels.length; i++) {
                    counts[codes[i]]++;
                    classCounts[codes[i]][labels[i]]++;
                }
                parts.add(numbered(rows, codes, offset));
                offset += labels.length;
                TableReader.Table table = t.getValue();
                described.put(t.getKey(), Map.of("path", table.where().uri(), "format", table.format().id(), "schema",
                        table.schema().simpleString(), "rows", labels.length));
            }
            for (int s = 0; s < 3; s++) {
                if (counts[s] == 0) throw new DataException(tables.get("train").where(), "the " + SPLIT_CODES[s] + " split is empty");
            }
            JavaRDD<Row> all = parts.get(0);
            for (int p = 1; p < parts.size(); p++) all = all.union(parts.get(p));
            Dataset<Row> rows = spark.createDataFrame(all, TablePreparer.SCHEMA);
            StandardScalerModel scaler = new StandardScaler().setInputCol("features").setWithMean(true).setWithStd(true)
                    .fit(rows.where(col("split").equalTo("train")));

            Location tmp = dir.resolve(PreparedDataset.DIR + ".tmp");
            tmp.delete();
            rows.repartition(4).write().mode(SaveMode.ErrorIfExists).partitionBy("split").parquet(tmp.resolve(PreparedDataset.PARQUET).uri());
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("dataset", DatasetKind.TABLE.id());
            manifest.put("source", src.asMap());
            manifest.put("content_sha256", contentSha256);
            manifest.put("tables", described);
            manifest.put("features", tables.get("train").features());
            manifest.put("inputs", width);
            manifest.put("num_classes", classes.count());
            if (classes.names() != null) manifest.put("label_names", classes.names());
            manifest.put("format", "parquet partitioned by split; columns index (int: the row's position in the training, then the"
                    + " validation and test tables), label (int 0..K-1), features (Spark ML vector: the table's values as read)");
            manifest.put("val_split", ValidationSplit.STRATIFIED.id());
            manifest.put("split_seed", TableSource.SPLIT_SEED);
            manifest.put("counts", Map.of("train", counts[0], "val", counts[1], "test", counts[2]));
            manifest.put("class_counts", Map.of("train", classCounts[0], "val", classCounts[1], "test", classCounts[2]));
            manifest.put("normalization", Map.of("formula", "(x - mean[j]) / std[j] per feature j, 0 where std[j] = 0 (Spark ML's"
                    + " StandardScaler: std is the sample standard deviation)", "computed_on", "train",
                    "mean", scaler.mean().toArray(), "std", scaler.std().toArray()));
            PreparedDataset.install(tmp, manifest, prepared, dir.resolve(PreparedDataset.DIR + ".old"));
        } finally {
            encoded.forEach(Dataset::unpersist);
        }
        log.printf("prepared the table: %d train / %d val / %d test rows -> %s%n", counts[0], counts[1], counts[2], prepared);
        return PreparedDataset.read(prepared);
    }

    /** Rows (index, label, features, split) of one table, numbered from {@code offset} in their order. */
    private JavaRDD<Row> numbered(Dataset<Row> rows, byte[] codes, long offset) {
        Broadcast<byte[]> bc = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(codes);
        return rows.javaRDD().zipWithIndex().map(t -> RowFactory.create((int) (offset + t._2()), t._1().getInt(0), t._1().get(1),
                SPLIT_CODES[bc.value()[(int) (long) t._2()]]));
    }

    /** The split of each row of the training table: the test and validation rows that no table of their own gives, held out. */
    private byte[] holdOut(int[] labels, Map<String, TableReader.Table> tables, Location where) {
        byte[] codes = new byte[labels.length];
        int[] remaining = java.util.stream.IntStream.range(0, labels.length).toArray();
        if (!tables.containsKey("test")) remaining = hold(labels, remaining, codes, 2, src.testFraction(), TableSource.TEST_FRACTION_KEY, where);
        if (!tables.containsKey("val")) hold(labels, remaining, codes, 1, src.validationFraction(), TableSource.VALIDATION_FRACTION_KEY, where);
        return codes;
    }

    /** Marks a stratified, seeded {@code fraction} of the training table's rows {@code among} with {@code code}; returns the others. */
    private int[] hold(int[] labels, int[] among, byte[] codes, int code, double fraction, String key, Location where) {
        int size = (int) Math.round(fraction * labels.length);
        if (size < 1 || size >= among.length) {
            throw new DataException(where, String.format(java.util.Locale.ROOT, "holding out %s = %s of its %d rows for the %s split leaves"
                    + " %s empty: give more rows, another %s, or a %s table of its own", key, fraction, labels.length, SPLIT_CODES[code],
                    size < 1 ? "that split" : "no training rows", key, SPLIT_CODES[code]));
        }
        int[] sub = new int[among.length];
        for (int i = 0; i < among.length; i++) sub[i] = labels[among[i]];
        StratifiedSplit split = StratifiedSplit.of(sub, size, TableSource.SPLIT_SEED);
        for (int i : split.holdOut()) codes[among[i]] = (byte) code;
        int[] rest = new int[split.train().length];
        for (int i = 0; i < rest.length; i++) rest[i] = among[split.train()[i]];
        return rest;
    }

    private static byte[] constant(int n, int code) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) code);
        return b;
    }
}
