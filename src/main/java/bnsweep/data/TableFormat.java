package bnsweep.data;

import bnsweep.util.Ids;
import bnsweep.util.fs.Location;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The file formats a table may have (setting {@code table.format}); {@link #AUTO} tells it from the file names. */
public enum TableFormat implements Ids.Named {
    AUTO(List.of()),
    PARQUET(List.of(".parquet")),
    /** Comma-separated, with a header line naming the columns. */
    CSV(List.of(".csv")),
    /** LIBSVM's sparse text format: {@code label index:value ...}, indices from 1. */
    LIBSVM(List.of(".libsvm", ".svm"));

    private final List<String> extensions;

    TableFormat(List<String> extensions) {
        this.extensions = extensions;
    }

    public static TableFormat fromId(String id) {
        return Ids.byId("table format", id, values());
    }

    /**
     * This format, or for {@link #AUTO} the one the name of {@code table} says (for a directory, the
     * names of its data files, which must agree); a DataException when they say nothing.
     */
    public TableFormat of(Location table) {
        if (this != AUTO) return this;
        TableFormat byName = byExtension(table.name());
        if (byName != null) return byName;
        Set<TableFormat> found = new TreeSet<>();
        if (table.isDirectory()) {
            for (String file : TableSource.dataFiles(table).keySet()) {
                TableFormat f = byExtension(file);
                found.add(f == null ? AUTO : f);
            }
        }
        if (found.size() == 1 && !found.contains(AUTO)) return found.iterator().next();
        throw new DataException(table, "cannot tell its format from " + (table.isDirectory() ? "the names of its files" : "its name")
                + " (.parquet, .csv, .libsvm or .svm): set " + TableSource.FORMAT_KEY + " = parquet, csv or libsvm");
    }

    private static TableFormat byExtension(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz") || lower.endsWith(".bz2")) lower = lower.substring(0, lower.lastIndexOf('.'));
        for (TableFormat f : values()) for (String e : f.extensions) if (lower.endsWith(e)) return f;
        return null;
    }
}
