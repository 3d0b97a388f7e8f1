package bnsweep.run;

import bnsweep.util.Csv;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An output table: a file name and its {@link Column}s, in order. A row is written from values by column name. */
public record Table(String file, List<Column> columns) {
    public Table {
        Set<String> names = new LinkedHashSet<>();
        for (Column c : columns) if (!names.add(c.name())) throw new IllegalArgumentException(file + ": column " + c.name() + " twice");
        columns = List.copyOf(columns);
    }

    public String header() {
        return String.join(",", columns.stream().map(Column::name).toList());
    }

    /** One row: each column's value from {@code values} (by name) written as the column says; missing names are empty. */
    public String row(Map<String, ?> values) {
        for (String k : values.keySet()) if (column(k) == null) throw new IllegalArgumentException(file + " has no column " + k);
        List<String> cells = new ArrayList<>();
        for (Column c : columns) cells.add(c.write(values.get(c.name())));
        return String.join(",", cells);
    }

    /** Rows read back by name (as {@link Csv#readTable} gives them), written again in this table's column order. */
    public String rewrite(List<Map<String, String>> rows) {
        StringBuilder b = new StringBuilder(header()).append('\n');
        for (Map<String, String> r : rows) {
            List<String> cells = new ArrayList<>();
            for (Column c : columns) cells.add(r.getOrDefault(c.name(), ""));
            b.append(Csv.row(cells)).append('\n');
        }
        return b.toString();
    }

    /** The whole file: header and rows. */
    public String text(List<String> rows) {
        return header() + "\n" + (rows.isEmpty() ? "" : String.join("\n", rows) + "\n");
    }

    public Column column(String name) {
        for (Column c : columns) if (c.name().equals(name)) return c;
        return null;
    }

    /** Its part of the output contract (docs/reference.md): a heading line and a row per column. */
    public List<String> markdown() {
        List<String> lines = new ArrayList<>(List.of("| `" + file + "` column | meaning |", "|---|---|"));
        for (Column c : columns) lines.add(c.markdownRow());
        return lines;
    }
}
