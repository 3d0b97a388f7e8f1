package bnsweep.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * One pass over a table read by {@link TableReader} (label, then feature columns): how many rows,
 * which labels and how often, and what is wrong: rows without a label or with one that is not a
 * class index, feature values that are missing, NaN or infinite (per column), vector columns whose
 * rows differ in width. {@link #problem} puts it in one line.
 */
final class TableScan implements Serializable {
    /** More distinct labels than this, and the label column is not a class label. */
    static final int MAX_CLASSES = 10_000;

    long rows;
    long noLabel;
    long badLabel;
    String badLabelExample;
    boolean tooManyLabels;
    long badRows;
    long[] badValues;
    int[] minWidth, maxWidth;
    /** Rows per label: the class index (numbers) or the string. */
    final TreeMap<Object, Long> labels = new TreeMap<>();

    private TableScan(int columns) {
        badValues = new long[columns];
        minWidth = new int[columns];
        maxWidth = new int[columns];
        java.util.Arrays.fill(minWidth, Integer.MAX_VALUE);
    }

    /** The scan of {@code rows}: a label column, then {@code columns} feature columns (numbers or Spark ML vectors). */
    static TableScan of(org.apache.spark.sql.Dataset<Row> rows, int columns) {
        return rows.javaRDD().mapPartitions((Iterator<Row> it) -> {
            TableScan s = new TableScan(columns);
            while (it.hasNext()) s.add(it.next());
            return List.of(s).iterator();
        }).fold(new TableScan(columns), TableScan::merge);
    }

    private void add(Row r) {
        rows++;
        Object label = r.get(0);
        if (label == null) {
            noLabel++;
        } else if (label instanceof String s) {
            count(s);
        } else {
            double v = ((Number) label).doubleValue();
            if (Double.isFinite(v) && v >= 0 && v == Math.rint(v) && v <= Integer.MAX_VALUE - 1) {
                count((int) v);
            } else {
                badLabel++;
                if (badLabelExample == null) badLabelExample = String.valueOf(label);
            }
        }
        boolean bad = false;
        for (int j = 0; j < badValues.length; j++) {
            Object x = r.get(j + 1);
            int width = 1;
            boolean finite;
            if (x instanceof Vector v) {
                width = v.size();
                finite = true;
                for (double d : v.toSparse().values()) finite &= Double.isFinite(d);
            } else {
                finite = x != null && Double.isFinite(((Number) x).doubleValue());
            }
            minWidth[j] = Math.min(minWidth[j], width);
            maxWidth[j] = Math.max(maxWidth[j], width);
            if (!finite) {
                badValues[j]++;
                bad = true;
            }
        }
        if (bad) badRows++;
    }

    private void count(Object label) {
        count(label, 1);
    }

    private static TableScan merge(TableScan a, TableScan b) {
        a.rows += b.rows;
        a.noLabel += b.noLabel;
        a.badLabel += b.badLabel;
        if (a.badLabelExample == null) a.badLabelExample = b.badLabelExample;
        a.tooManyLabels |= b.tooManyLabels;
        a.badRows += b.badRows;
        for (int j = 0; j < a.badValues.length; j++) {
            a.badValues[j] += b.badValues[j];
            a.minWidth[j] = Math.min(a.minWidth[j], b.minWidth[j]);
            a.maxWidth[j] = Math.max(a.maxWidth[j], b.maxWidth[j]);
        }
        b.labels.forEach((k, v) -> a.count(k, v));
        return a;
    }

    /** Counts a label; past {@link #MAX_CLASSES} distinct ones only those already seen are counted ({@link #tooManyLabels}). */
    private void count(Object label, long n) {
        if (labels.size() < MAX_CLASSES || labels.containsKey(label)) labels.merge(label, n, Long::sum);
        else tooManyLabels = true;
    }

    /** Inputs per example: the widths of the feature columns summed. */
    int width() {
        int w = 0;
        for (int m : maxWidth) w += m;
        return w;
    }

    /**
     * What is wrong with the table whose feature columns are {@code features}, in words, or null when
     * nothing is; {@code labelHint} says what to do about labels that are not class indices.
     */
    String problem(List<String> features, String label, String labelHint) {
        if (rows == 0) return "has no rows";
        if (noLabel > 0) return noLabel + " of " + rows + " rows have no label (column '" + label + "')";
        if (tooManyLabels) return "column '" + label + "' has more than " + MAX_CLASSES + " distinct values: not a class label";
        if (badLabel > 0) {
            return badLabel + " of " + rows + " rows have a label that is not a class index 0..K−1 (column '" + label + "', e.g. "
                    + badLabelExample + "): " + labelHint;
        }
        List<String> columns = new ArrayList<>();
        for (int j = 0; j < badValues.length; j++) {
            if (badValues[j] > 0) columns.add("'" + features.get(j) + "' in " + badValues[j] + " rows");
            if (minWidth[j] != maxWidth[j]) {
                return String.format(Locale.ROOT, "the vectors of column '%s' have %d to %d elements: every row needs the same width",
                        features.get(j), minWidth[j], maxWidth[j]);
            }
        }
        if (badRows > 0) return badRows + " of " + rows + " rows have missing, NaN or infinite feature values: column " + String.join(", column ", columns);
        return null;
    }

    /** Rows per label, as counted. */
    Map<Object, Long> labelCounts() {
        return labels;
    }
}
