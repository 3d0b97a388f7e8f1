package bnsweep.data;

import bnsweep.util.fs.Location;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user's own table as the {@code table.*} settings describe it: where it is, its format, its
 * label and feature columns, and where its validation and test rows come from (tables of their own,
 * or held out of the training table, stratified and seeded, in the given fractions). The keys are
 * spelled here once; {@code config.TrainKeys} declares the settings with them.
 */
public record TableSource(String path, TableFormat format, String label, List<String> features, String validationPath,
                          String testPath, double validationFraction, double testFraction) implements Serializable {
    public static final String PATH_KEY = "table.path", FORMAT_KEY = "table.format", LABEL_KEY = "table.label",
            FEATURES_KEY = "table.features", VALIDATION_PATH_KEY = "table.validation-path", TEST_PATH_KEY = "table.test-path",
            VALIDATION_FRACTION_KEY = "table.validation-fraction", TEST_FRACTION_KEY = "table.test-fraction";
    /** The seed of the held-out rows (as data-prep's default for the image sets). */
    public static final long SPLIT_SEED = DatasetPreparer.DEFAULT_SPLIT_SEED;

    public TableSource {
        features = List.copyOf(features);
    }

    /** The tables to read, by the split they give ("train", then "val" and "test" when they have tables of their own) with their keys. */
    public Map<String, String> tables() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("train", PATH_KEY);
        if (!validationPath.isEmpty()) t.put("val", VALIDATION_PATH_KEY);
        if (!testPath.isEmpty()) t.put("test", TEST_PATH_KEY);
        return t;
    }

    /** The path a key of {@link #tables()} names. */
    public String pathOf(String key) {
        return switch (key) {
            case PATH_KEY -> path;
            case VALIDATION_PATH_KEY -> validationPath;
            case TEST_PATH_KEY -> testPath;
            default -> throw new IllegalArgumentException(key);
        };
    }

    /** The table at {@code key}; a DataException naming the key when there is none. */
    public Location location(String key) {
        String p = pathOf(key);
        if (p.isEmpty()) throw new IllegalArgumentException("dataset = table needs " + key + ": the table's file or directory");
        Location where = Location.of(p);
        if (!where.exists()) throw new DataException(where, "no such file or directory (" + key + ")");
        return where;
    }

    /** Whether Spark reads a file of this name as data (it skips names starting with '.' or '_': checksums, markers). */
    static boolean isDataFile(String name) {
        return !name.startsWith(".") && !name.startsWith("_");
    }

    /** The data files of a table, by path relative to it (a file: its own name), sorted. */
    static Map<String, Location> dataFiles(Location table) {
        Map<String, Location> files = new TreeMap<>();
        if (!table.isDirectory()) {
            files.put(table.name(), table);
            return files;
        }
        for (String rel : table.files().keySet()) {
            if (isDataFile(rel.substring(rel.lastIndexOf('/') + 1))) files.put(rel, table.resolve(rel));
        }
        return files;
    }

    /**
     * The SHA-256 of the tables' content: of every data file's relative path, size and SHA-256, in
     * order. Equal when, and only when, the same bytes would be read (metadata such as times aside).
     */
    public String contentSha256() {
        MessageDigest all = sha256();
        for (Map.Entry<String, String> t : tables().entrySet()) {
            Location where = location(t.getValue());
            all.update((t.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Location> f : dataFiles(where).entrySet()) {
                all.update((f.getKey() + "\t" + Checksums.digest(f.getValue(), "SHA-256") + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(all.digest());
    }

    /** The prepared dataset's directory name under DATA_DIR/table: the table's name and a hash of these settings. */
    public String preparedName() {
        String name = Location.of(path).name().replaceAll("[^A-Za-z0-9._-]", "_");
        MessageDigest md = sha256();
        md.update(asMap().toString().getBytes(StandardCharsets.UTF_8));
        return (name.isEmpty() ? "table" : name) + "-" + HexFormat.of().formatHex(md.digest()).substring(0, 12);
    }

    /** As recorded in a prepared manifest, by key. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(PATH_KEY, Location.of(path).uri());
        m.put(FORMAT_KEY, format.id());
        m.put(LABEL_KEY, label);
        m.put(FEATURES_KEY, features);
        m.put(VALIDATION_PATH_KEY, validationPath.isEmpty() ? "" : Location.of(validationPath).uri());
        m.put(TEST_PATH_KEY, testPath.isEmpty() ? "" : Location.of(testPath).uri());
        m.put(VALIDATION_FRACTION_KEY, validationFraction);
        m.put(TEST_FRACTION_KEY, testFraction);
        return m;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
