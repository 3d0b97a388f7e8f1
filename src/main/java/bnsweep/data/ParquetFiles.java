package bnsweep.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The data files of a Parquet directory (what Spark reads: names not starting with "." or "_"),
 * with sizes and checksums: listed in a prepared dataset's manifest, checked when it is opened.
 */
final class ParquetFiles {
    private ParquetFiles() {}

    /** Relative path -> {path, bytes}; sorted by path. */
    static Map<String, Map<String, Object>> list(Path root) {
        Map<String, Map<String, Object>> files = new TreeMap<>();
        if (!Files.isDirectory(root)) return files;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.startsWith("_")) continue;
                String rel = root.relativize(p).toString();
                files.put(rel, new java.util.LinkedHashMap<>(Map.of("path", rel, "bytes", Files.size(p))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return files;
    }

    /** The list the manifest holds: path, bytes and sha256 of every data file. */
    static List<Map<String, Object>> manifestList(Path root) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> f : list(root).values()) {
            Map<String, Object> e = new java.util.LinkedHashMap<>(f);
            e.put("sha256", sha256(root.resolve((String) f.get("path"))));
            out.add(e);
        }
        return out;
    }

    static String sha256(Path file) {
        return Checksums.digest(file, "SHA-256");
    }
}
