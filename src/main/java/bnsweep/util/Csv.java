package bnsweep.util;

import bnsweep.util.fs.Location;
import com.univocity.parsers.csv.CsvFormat;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV (comma, double quotes, "\n" line ends) through univocity-parsers, the parser of
 * Spark's own CSV source: a value with a comma, quote or line break is quoted, and read back whole.
 * Empty fields are empty strings both ways.
 */
public final class Csv {
    private Csv() {}

    /** One row as a line without its line end. */
    public static String row(List<?> values) {
        CsvWriterSettings s = new CsvWriterSettings();
        s.setFormat(format());
        s.setNullValue("");
        s.setEmptyValue("");
        s.setQuoteEscapingEnabled(true);
        String line = new CsvWriter(s).writeRowToString(values.stream().map(v -> v == null ? "" : String.valueOf(v)).toArray(String[]::new));
        return line == null ? "" : line; // univocity gives null for a row of one empty value
    }

    public static String row(Object... values) {
        return row(List.of(values));
    }

    /** All records of a CSV text, header included. */
    public static List<String[]> parse(String text) {
        return parse(new StringReader(text));
    }

    private static List<String[]> parse(Reader in) {
        CsvParserSettings s = new CsvParserSettings();
        s.setFormat(format());
        s.setNullValue("");
        s.setEmptyValue("");
        s.setMaxCharsPerColumn(-1);
        s.setSkipEmptyLines(true);
        List<String[]> rows = new ArrayList<>(new CsvParser(s).parseAll(in));
        return rows;
    }

    /** The rows of a CSV file with a header, each as column -> value; a row of another width is an error naming the file. */
    public static List<Map<String, String>> readTable(Location file) {
        return readTable(file.readString(), file.toString());
    }

    /** The number in a table row's {@code column}; an empty field (how NaN is written) or a missing one is NaN. */
    public static double number(Map<String, String> row, String column) {
        String v = row.get(column);
        return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }

    /** As {@link #readTable(Location)}, of CSV text; errors name {@code what}. */
    public static List<Map<String, String>> readTable(String text, String what) {
        List<String[]> records = parse(text);
        if (records.isEmpty()) throw new IllegalArgumentException(what + ": empty (no header)");
        String[] header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            String[] f = records.get(r);
            if (f.length != header.length) {
                throw new IllegalArgumentException(what + ": row " + r + " has " + f.length + " fields, the header " + header.length);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) row.put(header[i], f[i]);
            rows.add(row);
        }
        return rows;
    }

    private static CsvFormat format() {
        CsvFormat f = new CsvFormat();
        f.setDelimiter(',');
        f.setQuote('"');
        f.setQuoteEscape('"');
        f.setLineSeparator("\n");
        return f;
    }
}
