package bnsweep.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A sweep's output tables (epochs.csv, results.csv, summary.csv), read by column name. */
public record SweepTables(List<Map<String, String>> epochs, List<Map<String, String>> results, List<Map<String, String>> summary) {

    public static SweepTables read(Path out) {
        return new SweepTables(csv(out.resolve("epochs.csv")), csv(out.resolve("results.csv")), csv(out.resolve("summary.csv")));
    }

    static List<Map<String, String>> csv(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing (is this the output directory of a finished sweep?)");
        }
        try {
            List<String> lines = Files.readAllLines(file);
            String[] header = lines.get(0).split(",", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) continue;
                String[] f = line.split(",", -1);
                if (f.length != header.length) throw new IllegalArgumentException(file + ": row has " + f.length + " fields, header " + header.length);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) row.put(header[i], f[i]);
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** BN modes in the order none first, then as they appear. */
    public List<String> bnModes() {
        List<String> modes = new ArrayList<>(summary.stream().map(r -> r.get("bn")).distinct().toList());
        modes.sort((a, b) -> a.equals("none") ? -1 : b.equals("none") ? 1 : 0);
        return modes;
    }

    public List<Integer> batchSizes() {
        return new ArrayList<>(summary.stream().map(r -> Integer.parseInt(r.get("batch_size"))).collect(Collectors.toCollection(TreeSet::new)));
    }

    public Map<String, String> summaryRow(String bn, int batch) {
        return summary.stream().filter(r -> r.get("bn").equals(bn) && Integer.parseInt(r.get("batch_size")) == batch)
                .findFirst().orElse(null);
    }

    /** Epoch rows of one (bn, batch size), grouped by seed, each ordered by epoch. */
    public Map<String, List<Map<String, String>>> epochsBySeed(String bn, int batch) {
        Map<String, List<Map<String, String>>> bySeed = new java.util.TreeMap<>();
        for (Map<String, String> r : epochs) {
            if (r.get("bn").equals(bn) && Integer.parseInt(r.get("batch_size")) == batch) {
                bySeed.computeIfAbsent(r.get("seed"), k -> new ArrayList<>()).add(r);
            }
        }
        bySeed.values().forEach(l -> l.sort((a, b) -> Integer.compare(Integer.parseInt(a.get("epoch")), Integer.parseInt(b.get("epoch")))));
        return bySeed;
    }

    /** Test accuracy per seed of one (bn, batch size), from results.csv. */
    public double[] testAccuracies(String bn, int batch) {
        return results.stream().filter(r -> r.get("bn").equals(bn) && Integer.parseInt(r.get("batch_size")) == batch)
                .sorted(java.util.Comparator.comparing(r -> r.get("seed"))).mapToDouble(r -> num(r, "test_acc")).toArray();
    }

    public static double num(Map<String, String> row, String column) {
        String v = row.get(column);
        return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }
}
