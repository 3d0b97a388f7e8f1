package bnsweep.report;

import bnsweep.run.RunTables;
import bnsweep.sweep.SummaryTable;

import bnsweep.util.Csv;
import bnsweep.util.fs.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A sweep's output tables (epochs.csv, results.csv, summary.csv), read by column name. */
public record SweepTables(List<Map<String, String>> epochs, List<Map<String, String>> results, List<Map<String, String>> summary) {

    public static SweepTables read(Location out) {
        return new SweepTables(csv(out.resolve("epochs.csv")), csv(out.resolve("results.csv")), csv(out.resolve("summary.csv")));
    }

    static List<Map<String, String>> csv(Location file) {
        if (!file.isFile()) {
            throw new IllegalArgumentException(file + ": missing (is this the output directory of a finished sweep?)");
        }
        return Csv.readTable(file);
    }

    /**
     * What a chart line and a table row stand for: the BN mode, and the variant of the sweep's
     * extra dimensions when it has some, e.g. {@code local [input-scaling=unit, input-bn=true]}.
     */
    public static String series(Map<String, String> row) {
        String v = row.getOrDefault(RunTables.VARIANT.name(), "");
        return row.get(RunTables.BN.name()) + (v.isEmpty() ? "" : " [" + v + "]");
    }

    /** The series of the BN-free twin a BN row is compared with, or null. */
    public static String noneSeries(Map<String, String> summaryRow) {
        if (summaryRow.get(RunTables.BN.name()).equals("none") || summaryRow.getOrDefault(SummaryTable.TEST_ACC_DIFF_VS_NONE.name(), "").isEmpty()) return null;
        String v = summaryRow.getOrDefault(SummaryTable.NONE_VARIANT.name(), "");
        return "none" + (v.isEmpty() ? "" : " [" + v + "]");
    }

    /** The series (BN mode, and variant where a sweep has one) in the order no-BN first, then as they appear. */
    public List<String> bnModes() {
        List<String> modes = new ArrayList<>(summary.stream().map(SweepTables::series).distinct().toList());
        modes.sort((a, b) -> Boolean.compare(!a.startsWith("none"), !b.startsWith("none")));
        return modes;
    }

    public List<Integer> batchSizes() {
        return new ArrayList<>(summary.stream().map(r -> Integer.parseInt(r.get(RunTables.BATCH_SIZE.name()))).collect(Collectors.toCollection(TreeSet::new)));
    }

    public Map<String, String> summaryRow(String bn, int batch) {
        return summary.stream().filter(r -> series(r).equals(bn) && Integer.parseInt(r.get(RunTables.BATCH_SIZE.name())) == batch)
                .findFirst().orElse(null);
    }

    /** Epoch rows of one (bn, batch size), grouped by seed, each ordered by epoch. */
    public Map<String, List<Map<String, String>>> epochsBySeed(String bn, int batch) {
        Map<String, List<Map<String, String>>> bySeed = new TreeMap<>();
        for (Map<String, String> r : epochs) {
            if (series(r).equals(bn) && Integer.parseInt(r.get(RunTables.BATCH_SIZE.name())) == batch) {
                bySeed.computeIfAbsent(r.get(RunTables.SEED.name()), k -> new ArrayList<>()).add(r);
            }
        }
        bySeed.values().forEach(l -> l.sort((a, b) -> Integer.compare(Integer.parseInt(a.get(RunTables.EPOCH.name())), Integer.parseInt(b.get(RunTables.EPOCH.name())))));
        return bySeed;
    }

    /** Test accuracy per seed of one (bn, batch size), from results.csv. */
    public double[] testAccuracies(String bn, int batch) {
        return results.stream().filter(r -> series(r).equals(bn) && Integer.parseInt(r.get(RunTables.BATCH_SIZE.name())) == batch)
                .sorted(Comparator.comparing(r -> r.get(RunTables.SEED.name()))).mapToDouble(r -> num(r, RunTables.TEST_ACC.name())).toArray();
    }

    public static double num(Map<String, String> row, String column) {
        return Csv.number(row, column);
    }
}
