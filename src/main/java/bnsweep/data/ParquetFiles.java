package bnsweep.data;

import bnsweep.util.fs.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data files of a Parquet directory (what Spark reads: names not starting with "." or "_"),
 * with sizes and checksums: listed in a prepared dataset's manifest, checked when it is opened.
 */
final class ParquetFiles {
    private ParquetFiles() {}

    /** Relative path -> {path, bytes}; sorted by path. Hidden files (., _: Spark's markers and checksums) are left out. */
    static Map<String, Map<String, Object>> list(Location root) {
        Map<String, Map<String, Object>> files = new TreeMap<>();
        for (Map.Entry<String, Long> f : root.files().entrySet()) {
            String rel = f.getKey(), name = rel.substring(rel.lastIndexOf('/') + 1);
            if (name.startsWith(".") || name.startsWith("_")) continue;
            files.put(rel, new LinkedHashMap<>(Map.of("path", rel, "bytes", f.getValue())));
        }
        return files;
    }

    /** The list the manifest holds: path, bytes and sha256 of every data file. */
    static List<Map<String, Object>> manifestList(Location root) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> f : list(root).values()) {
            Map<String, Object> e = new LinkedHashMap<>(f);
            e.put("sha256", sha256(root.resolve((String) f.get("path"))));
            out.add(e);
        }
        return out;
    }

    static String sha256(Location file) {
        return Checksums.digest(file, "SHA-256");
    }
}
