package bnsweep.data;

import bnsweep.util.AtomicFiles;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final Path dir;
    private final Map<String, Object> manifest;
    private final DatasetKind kind;
    private final Normalization normalization;

    private PreparedDataset(Path dir, Map<String, Object> manifest) {
        this.dir = dir;
        this.manifest = manifest;
        this.kind = DatasetKind.fromId((String) manifest.get("dataset"));
        @SuppressWarnings("unchecked")
        Map<String, Object> norm = (Map<String, Object>) manifest.get("normalization");
        this.normalization = new Normalization(doubles(norm.get("mean")), doubles(norm.get("std")));
    }

    public static boolean isComplete(Path preparedDir) {
        return Files.isRegularFile(preparedDir.resolve(MANIFEST));
    }

    /** Opens DATA_DIR/&lt;dataset&gt;/prepared, or throws naming what is missing. */
    public static PreparedDataset open(Path preparedDir) {
        Path m = preparedDir.resolve(MANIFEST);
        if (!Files.isRegularFile(m)) {
            throw new DataException(m, "missing file: the dataset is not prepared (run data-prep/prepare)");
        }
        try {
            return new PreparedDataset(preparedDir, AtomicFiles.JSON.readValue(m.toFile(), new TypeReference<>() {}));
        } catch (IOException | RuntimeException e) {
            throw new DataException(m, "unreadable manifest: " + e.getMessage(), e);
        }
    }

    public static Path location(Path dataDir, DatasetKind kind) {
        return dataDir.resolve(kind.id()).resolve(DIR);
    }

    public DatasetKind kind() {
        return kind;
    }

    public Normalization normalization() {
        return normalization;
    }

    public Path dir() {
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
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("id", kind.id());
        d.put("prepared_dir", dir.toAbsolutePath().toString());
        d.put("manifest_sha256", Checksums.digest(dir.resolve(MANIFEST), "SHA-256"));
        for (String key : List.of("sources", "counts", "split_seed", "normalization")) d.put(key, manifest.get(key));
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
        return spark.read().parquet(dir.resolve(PARQUET).toString())
                .where(functions.col("split").equalTo(split))
                .select("index", "label", "features");
    }

    /** Whether this was prepared from the same source files with the same split parameters. */
    boolean matches(List<VerifiedFile> sources, int valSize, long splitSeed) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> mine = (List<Map<String, Object>>) manifest.get("sources");
        if (mine.size() != sources.size()) return false;
        for (int i = 0; i < mine.size(); i++) {
            if (!sources.get(i).sha256().equals(mine.get(i).get("sha256"))) return false;
        }
        return ((Number) manifest.get("val_size")).intValue() == valSize
                && ((Number) manifest.get("split_seed")).longValue() == splitSeed;
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }
}
