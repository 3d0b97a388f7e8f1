package bnsweep.data;

import bnsweep.util.AtomicFiles;
import bnsweep.util.fs.Location;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** A dataset that data-prep has written: its manifest and its Parquet splits. */
public final class PreparedDataset {
    public static final String DIR = "prepared";
    public static final String MANIFEST = "manifest.json";
    public static final String PARQUET = "parquet";
    public static final List<String> SPLITS = List.of("train", "val", "test");

    private final Location dir;
    private final Map<String, Object> manifest;
    private final DatasetKind kind;
    private final Normalization normalization;

    private PreparedDataset(Location dir, Map<String, Object> manifest) {
        this.dir = dir;
        this.manifest = manifest;
        this.kind = DatasetKind.fromId((String) manifest.get("dataset"));
        @SuppressWarnings("unchecked")
        Map<String, Object> norm = (Map<String, Object>) manifest.get("normalization");
        this.normalization = new Normalization(doubles(norm.get("mean")), doubles(norm.get("std")));
    }

    public static boolean isComplete(Location preparedDir) {
        return preparedDir.resolve(MANIFEST).isFile();
    }

    /**
     * Opens DATA_DIR/&lt;dataset&gt;/prepared after checking its Parquet files against the list (path,
     * size, sha256) the manifest holds; throws naming what is missing, damaged or unexpected.
     */
    public static PreparedDataset open(Location preparedDir) {
        PreparedDataset d = read(preparedDir);
        String problem = d.damage();
        if (problem != null) throw new DataException(preparedDir, problem + "; prepare it again (data-prep/prepare " + d.kind.id() + " ...)");
        return d;
    }

    /** The manifest alone, files unchecked: for data-prep, which has just checked them with {@link #damage(Location)}. */
    static PreparedDataset read(Location preparedDir) {
        Location m = preparedDir.resolve(MANIFEST);
        if (!m.isFile()) {
            throw new DataException(m, "missing file: the dataset is not prepared (run data-prep/prepare)");
        }
        try {
            return new PreparedDataset(preparedDir, AtomicFiles.JSON.readValue(m.readBytes(), new TypeReference<>() {}));
        } catch (IOException | RuntimeException e) {
            throw new DataException(m, "unreadable manifest: " + e.getMessage(), e);
        }
    }

    /** What is wrong with a prepared directory's files, or null when they are exactly those listed at prepare time. */
    public static String damage(Location preparedDir) {
        try {
            return read(preparedDir).damage();
        } catch (DataException e) {
            return e.getMessage();
        }
    }

    private String damage() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) manifest.get("files");
        if (listed == null) return "the manifest has no list of the Parquet files (prepared by an earlier bnsweep)";
        Map<String, Map<String, Object>> now = ParquetFiles.list(dir.resolve(PARQUET));
        for (Map<String, Object> f : listed) {
            String path = (String) f.get("path");
            Map<String, Object> found = now.remove(path);
            if (found == null) return "file " + PARQUET + "/" + path + " is missing";
            if (((Number) f.get("bytes")).longValue() != ((Number) found.get("bytes")).longValue()) {
                return "file " + PARQUET + "/" + path + " has " + found.get("bytes") + " bytes, " + f.get("bytes") + " when it was prepared";
            }
            if (!f.get("sha256").equals(ParquetFiles.sha256(dir.resolve(PARQUET + "/" + path)))) {
                return "file " + PARQUET + "/" + path + " changed since it was prepared (sha256 differs)";
            }
        }
        if (!now.isEmpty()) return "unexpected file(s) " + now.keySet() + " in " + PARQUET + "/ (not written by data-prep)";
        return null;
    }

    /**
     * Completes a dataset written to {@code tmp} (its Parquet files under {@link #PARQUET}): lists
     * the files with their SHA-256 in {@code manifest}, writes it, and renames {@code tmp} to
     * {@code prepared}, replacing an earlier version (moved to {@code old} meanwhile), so that
     * {@code prepared} exists whole or not at all.
     */
    static void install(Location tmp, Map<String, Object> manifest, Location prepared, Location old) {
        manifest.put("files", ParquetFiles.manifestList(tmp.resolve(PARQUET)));
        manifest.put("created", Instant.now().toString());
        tmp.resolve(MANIFEST).writeJson(manifest);
        try {
            if (prepared.exists()) {
                old.delete();
                prepared.moveTo(old);
                tmp.moveTo(prepared);
                old.delete();
            } else {
                tmp.moveTo(prepared);
            }
        } catch (UncheckedIOException e) {
            throw new DataException(prepared, "cannot move the prepared dataset into place: " + e.getMessage(), e);
        }
    }

    /** Checks that {@code rows} rows of {@code split} were loaded, as the manifest counts; else an error naming both counts. */
    public void checkCount(String split, long rows) {
        if (rows != count(split)) {
            throw new DataException(dir, "split '" + split + "' has " + rows + " rows in " + PARQUET + "/, the manifest counts "
                    + count(split) + "; prepare it again");
        }
    }

    public static Location location(Location dataDir, DatasetKind kind) {
        return location(dataDir, kind, ValidationSplit.STRATIFIED);
    }

    /** DATA_DIR/&lt;dataset&gt;/prepared (stratified validation split) or prepared-first. */
    public static Location location(Location dataDir, DatasetKind kind, ValidationSplit split) {
        return dataDir.resolve(kind.id() + "/" + split.preparedDir());
    }

    public DatasetKind kind() {
        return kind;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** The network's inputs and classes: an image set's, or what the prepared table recorded. */
    public DataShape shape() {
        if (!manifest.containsKey("inputs")) return kind.imageShape(); // prepared by an earlier bnsweep
        return new DataShape(((Number) manifest.get("inputs")).intValue(), ((Number) manifest.get("num_classes")).intValue());
    }

    /**
     * How the {@code features} of this dataset's rows become network inputs under {@code scaling}:
     * per channel for images; per feature for a table, which only {@code standardize} (fitted on the
     * training split) and {@code raw} (its values as they are) apply to.
     */
    public FeatureEncoding encoding(InputScaling scaling) {
        if (!kind.isTable()) return FeatureEncoding.image(scaling.constants(normalization), kind.featureCount());
        return switch (scaling) {
            case STANDARDIZE -> FeatureEncoding.vector(normalization, shape().inputs());
            case RAW -> FeatureEncoding.vector(null, shape().inputs());
            default -> throw new IllegalArgumentException("bad value for input scaling '" + scaling.id() + "': it scales pixel bytes; a table's"
                    + " inputs are standardize (per feature, fitted on the training split) or raw (its values as they are)");
        };
    }

    /** For a table, the SHA-256 of the content it was prepared from ({@link TableSource#contentSha256()}); else null. */
    public String contentSha256() {
        return (String) manifest.get("content_sha256");
    }

    public Location dir() {
        return dir;
    }

    public Map<String, Object> manifest() {
        return manifest;
    }

    /**
     * What a run's manifest records about its data: id, location, sha256 of this manifest, the
     * source files with their checksums and how they were verified, counts, split seed, normalisation.
     */
    public Map<String, Object> provenance() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", kind.id());
        d.put("prepared_dir", dir.uri());
        d.put("manifest_sha256", Checksums.digest(dir.resolve(MANIFEST), "SHA-256"));
        List<String> keys = kind.isTable()
                ? List.of("source", "content_sha256", "tables", "features", "inputs", "num_classes", "label_names", "counts", "class_counts",
                        "val_split", "split_seed")
                : List.of("sources", "counts", "val_split", "split_seed", "normalization");
        for (String key : keys) if (manifest.containsKey(key)) d.put(key, manifest.get(key));
        return d;
    }

    public int count(String split) {
        @SuppressWarnings("unchecked")
        Map<String, Number> counts = (Map<String, Number>) manifest.get("counts");
        return counts.get(split).intValue();
    }

    /** Rows (index, label, features) of one split. */
    public Dataset<Row> split(SparkSession spark, String split) {
        if (!SPLITS.contains(split)) throw new IllegalArgumentException("unknown split " + split);
        return spark.read().parquet(dir.resolve(PARQUET).uri())
                .where(functions.col("split").equalTo(split))
                .select("index", "label", "features");
    }

    /** Whether this was prepared from the same source files with the same split parameters. */
    boolean matches(List<VerifiedFile> sources, int valSize, long splitSeed, ValidationSplit valSplit) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> mine = (List<Map<String, Object>>) manifest.get("sources");
        if (mine.size() != sources.size()) return false;
        for (int i = 0; i < mine.size(); i++) {
            if (!sources.get(i).sha256().equals(mine.get(i).get("sha256"))) return false;
        }
        return manifest.getOrDefault("val_split", ValidationSplit.STRATIFIED.id()).equals(valSplit.id())
                && ((Number) manifest.get("val_size")).intValue() == valSize
                && ((Number) manifest.get("split_seed")).longValue() == splitSeed;
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }
}
