package bnsweep.run;

import bnsweep.util.Csv;
import java.util.Locale;

/**
 * One column of an output table, declared once: its name, how a value is written, and what it
 * means. Headers, rows, the report's reading of the tables and the output contract of
 * docs/reference.md ({@code DocsTest} checks it) all derive from these declarations
 * ({@link Table}).
 *
 * @param format a {@link String#format} pattern for numbers (NaN written as an empty field), or null: the
 *               value as text (CSV-quoted when it must be)
 */
public record Column(String name, String format, String description) {
    public static Column text(String name, String description) {
        return new Column(name, null, description);
    }

    public static Column number(String name, String format, String description) {
        return new Column(name, format, description);
    }

    /** {@code value} as this column writes it; null and NaN are empty fields. */
    public String write(Object value) {
        if (value == null) return "";
        if (format != null && value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isNaN(d) ? "" : String.format(Locale.ROOT, format, d);
        }
        return Csv.row(String.valueOf(value));
    }

    /** Its row of the output contract (docs/reference.md). */
    public String markdownRow() {
        return "| `" + name + "` | " + description + " |";
    }
}
