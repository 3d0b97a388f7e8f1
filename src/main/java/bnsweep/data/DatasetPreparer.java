package bnsweep.data;

import bnsweep.data.Checksums.PublishedChecksum;
import bnsweep.util.fs.Location;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * data-prep: official files -> verified raw copies -> Parquet splits + manifest.json.
 *
 * <pre>
 * DATA_DIR/&lt;dataset&gt;/raw/                    verified official files (a local folder instead for a Hadoop DATA_DIR: {@link #rawDir})
 * DATA_DIR/&lt;dataset&gt;/prepared/manifest.json   checksums, counts, normalisation, split seed
 * DATA_DIR/&lt;dataset&gt;/prepared/parquet/split=train|val|test/   columns index, label, features
 * </pre>
 * {@code prepared/} is built under a temporary name and renamed into place when complete, so
 * it either exists whole or not at all.
 */
public final class DatasetPreparer {
    public static final int DEFAULT_VAL_SIZE = 5000;
    public static final long DEFAULT_SPLIT_SEED = 42;

    public static final StructType SCHEMA = new StructType()
            .add("index", DataTypes.IntegerType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("features", DataTypes.BinaryType, false)
            .add("split", DataTypes.StringType, false);

    private final DatasetKind kind;
    private final Location dataDir;
    private final int valSize;
    private final long splitSeed;
    private final boolean skipVerify;
    private final PrintStream log;
    private final Function<String, List<PublishedChecksum>> published;
    private ValidationSplit valSplit = ValidationSplit.STRATIFIED;

    public DatasetPreparer(DatasetKind kind, Location dataDir, int valSize, long splitSeed, boolean skipVerify, PrintStream log) {
        this(kind, dataDir, valSize, splitSeed, skipVerify, log, kind::publishedChecksums);
    }

    /** As above, with the published checksums looked up in {@code published} instead of {@link DatasetKind}. */
    public DatasetPreparer(DatasetKind kind, Location dataDir, int valSize, long splitSeed, boolean skipVerify, PrintStream log,
                           Function<String, List<PublishedChecksum>> published) {
        this.published = published;
        this.kind = kind;
        this.dataDir = dataDir;
        this.valSize = valSize;
        this.splitSeed = splitSeed;
        this.skipVerify = skipVerify;
        this.log = log;
    }

    /** Holds out the validation images as {@code split} says (stratified unless set); the prepared directory is {@link ValidationSplit#preparedDir}. */
    public DatasetPreparer validationSplit(ValidationSplit split) {
        this.valSplit = split;
        return this;
    }

    public Location datasetDir() {
        return dataDir.resolve(kind.id());
    }

    /**
     * Where the official files are fetched and verified: DATA_DIR/&lt;dataset&gt;/raw for a local DATA_DIR; for
     * one on a Hadoop filesystem a local folder, java.io.tmpdir/bnsweep-raw-&lt;user&gt;/&lt;dataset&gt; (the files are
     * read from local disk; only the prepared dataset is written to DATA_DIR).
     */
    public static Path rawDir(Location dataDir, DatasetKind kind) {
        return dataDir.local().map(d -> d.resolve(kind.id()).resolve("raw"))
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "bnsweep-raw-" + System.getProperty("user.name"), kind.id()));
    }

    /** Fetches, verifies, converts. Returns the prepared dataset directory. */
    public PreparedDataset prepare(Path from, SparkSession spark) {
        Location root = datasetDir();
        Path raw = rawDir(dataDir, kind);
        List<VerifiedFile> sources = new SourceFetcher(kind, raw, skipVerify, log, published).fetch(from);
        Location prepared = PreparedDataset.location(dataDir, kind, valSplit);
        String damage = PreparedDataset.isComplete(prepared) ? PreparedDataset.damage(prepared) : null;
        if (damage != null) log.println(prepared + " is damaged (" + damage + "): preparing it again");
        if (PreparedDataset.isComplete(prepared) && damage == null) {
            PreparedDataset existing = PreparedDataset.read(prepared); // its files were just checked
            if (existing.matches(sources, valSize, splitSeed, valSplit)) {
                log.println(kind.id() + " is already prepared in " + prepared + " (same sources, split size and seed)");
                return existing;
            }
        }
        LabeledImages train = readTrain(raw, sources);
        LabeledImages test = readTest(raw);
        log.printf("read %d training and %d test images; holding out %s%n", train.size(), test.size(), valSplit == ValidationSplit.FIRST
                ? "the first " + valSize + " for validation" : valSize + " for validation (stratified, seed " + splitSeed + ")");
        if (valSize >= train.size()) {
            throw new IllegalArgumentException("--val-size " + valSize + " must be smaller than the "
                    + train.size() + " training images");
        }
        StratifiedSplit split = valSplit == ValidationSplit.FIRST ? StratifiedSplit.first(train.size(), valSize)
                : StratifiedSplit.of(train.labels(), valSize, splitSeed);
        Normalization norm = Normalization.fit(train, split.train(), kind.channels());

        Location tmp = root.resolve(valSplit.preparedDir() + ".tmp");
        tmp.delete();
        List<Row> all = rows(train, split, test);
        // slices of ~0.5 MB: Spark ships a parallelized collection inside its tasks
        int slices = (int) Math.max(2, (long) all.size() * kind.featureCount() / 500_000);
        Dataset<Row> rows = spark.createDataFrame(
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(all, slices), SCHEMA);
        rows.repartition(4).write().mode(SaveMode.ErrorIfExists).partitionBy("split")
                .parquet(tmp.resolve(PreparedDataset.PARQUET).uri());

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("dataset", kind.id());
        manifest.put("image_shape", List.of(kind.channels(), kind.height(), kind.width()));
        manifest.put("num_classes", DatasetKind.IMAGE_CLASSES);
        manifest.put("inputs", kind.featureCount());
        manifest.put("format", "parquet partitioned by split; columns index (int, position in the official file(s)),"
                + " label (int 0-9), features (binary: raw unsigned pixel bytes, channel-major)");
        manifest.put("sources", sources);
        manifest.put("val_split", valSplit.id());
        manifest.put("split_seed", splitSeed);
        manifest.put("val_size", valSize);
        manifest.put("counts", Map.of("train", split.train().length, "val", split.holdOut().length, "test", test.size()));
        manifest.put("class_counts", Map.of(
                "train", classCounts(train.labels(), split.train()),
                "val", classCounts(train.labels(), split.holdOut()),
                "test", classCounts(test.labels(), null)));
        manifest.put("normalization", Map.of("formula", "(pixel / 255 - mean[channel]) / std[channel]",
                "computed_on", "train", "mean", norm.mean(), "std", norm.std()));
        PreparedDataset.install(tmp, manifest, prepared, root.resolve(valSplit.preparedDir() + ".old"));
        log.printf("prepared %s: %d train / %d val / %d test -> %s%n", kind.id(), split.train().length,
                split.holdOut().length, test.size(), prepared);
        return PreparedDataset.read(prepared); // its files were listed from what was just written
    }

    private LabeledImages readTrain(Path raw, List<VerifiedFile> sources) {
        if (kind.isIdx()) {
            return IdxReader.read(raw.resolve(IdxFiles.TRAIN_IMAGES), raw.resolve(IdxFiles.TRAIN_LABELS), kind.height(), kind.width());
        }
        List<LabeledImages> parts = new ArrayList<>();
        for (VerifiedFile f : sources) {
            if (CifarFiles.TRAIN_BATCH.matcher(f.name()).matches()) parts.add(CifarReader.read(raw.resolve(f.name())));
        }
        return LabeledImages.concat(parts);
    }

    private LabeledImages readTest(Path raw) {
        if (kind.isIdx()) {
            return IdxReader.read(raw.resolve(IdxFiles.TEST_IMAGES), raw.resolve(IdxFiles.TEST_LABELS), kind.height(), kind.width());
        }
        return CifarReader.read(raw.resolve(CifarFiles.TEST_BATCH));
    }

    private static List<Row> rows(LabeledImages train, StratifiedSplit split, LabeledImages test) {
        List<Row> rows = new ArrayList<>(train.size() + test.size());
        for (int i : split.train()) rows.add(row(train, i, "train"));
        for (int i : split.holdOut()) rows.add(row(train, i, "val"));
        for (int i = 0; i < test.size(); i++) rows.add(row(test, i, "test"));
        return rows;
    }

    private static Row row(LabeledImages images, int i, String split) {
        int f = images.featureCount();
        byte[] px = Arrays.copyOfRange(images.pixels(), i * f, (i + 1) * f);
        return RowFactory.create(i, images.label(i), px, split);
    }

    private static int[] classCounts(byte[] labels, int[] rows) {
        int[] c = new int[DatasetKind.IMAGE_CLASSES];
        if (rows == null) {
            for (byte l : labels) c[l]++;
        } else {
            for (int r : rows) c[labels[r]]++;
        }
        return c;
    }
}
