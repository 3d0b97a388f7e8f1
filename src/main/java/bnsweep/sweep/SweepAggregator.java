package bnsweep.sweep;

import bnsweep.run.RunOutput;
import bnsweep.run.TrainSettings;
import bnsweep.util.Csv;
import java.io.PrintStream;
import bnsweep.util.fs.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Driver-side aggregation of a sweep: epochs.csv and results.csv of all configurations (and the
 * same as Parquet), and summary.csv with one row per setting over seeds (dataset, bn, batch_size and
 * the variant of the sweep's extra dimensions); BN rows are compared with their BN-free twin
 * (none_variant names its variant).
 */
public final class SweepAggregator {
    public static final String SUMMARY_HEADER = "dataset,bn,batch_size,seeds,test_acc_mean,test_acc_std,best_val_acc_mean,"
            + "best_val_acc_std,final_train_loss_mean,final_train_loss_std,target_val_acc,target_reached,epochs_to_target_mean,"
            + "epochs_to_target_std,seconds_to_target_mean,seconds_to_target_std,epoch_seconds_mean,examples_per_second_mean,"
            + "test_acc_diff_vs_none,p_value_vs_none,variant,none_variant,pairs,diff_ci_low,diff_ci_high,p_wilcoxon,p_holm,workers,global_batch,bn_batch,learning_rate";

    private SweepAggregator() {}

    public static void aggregate(SparkSession spark, Location out, SweepSettings sweep, PrintStream log) {
        List<TrainSettings> configs = sweep.configurations();
        List<Map<String, String>> epochs = new ArrayList<>(), results = new ArrayList<>();
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (TrainSettings c : configs) {
            Location dir = SweepRunner.configDir(out, c);
            if (!RunOutput.isComplete(dir)) throw new IllegalStateException("configuration " + c.configId() + " is not complete");
            List<Map<String, String>> e = Csv.readTable(dir.resolve("epochs.csv")), r = Csv.readTable(dir.resolve("results.csv"));
            epochs.addAll(e);
            results.addAll(r);
            groups.computeIfAbsent(groupId(c), k -> new ArrayList<>()).add(Row.of(c, e, r.get(0), sweep));
        }
        out.resolve("epochs.csv").writeString(table(RunOutput.EPOCHS_HEADER, epochs));
        out.resolve("results.csv").writeString(table(RunOutput.RESULTS_HEADER, results));
        List<List<Row>> all = new ArrayList<>(groups.values());
        List<List<Row>> twins = new ArrayList<>();
        Statistics.Paired[] paired = new Statistics.Paired[all.size()];
        double[] p = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            TrainSettings c = all.get(i).get(0).c(), twin = sweep.withoutBn(c);
            List<Row> none = c.bn().batchNorm() && twin != null ? groups.get(groupId(twin)) : null;
            twins.add(none);
            paired[i] = none == null ? null : pairedTestAccuracy(all.get(i), none);
            p[i] = paired[i] == null ? Double.NaN : paired[i].pT();
        }
        double[] holm = Statistics.holm(p); // the family: every BN-vs-no-BN test-accuracy comparison of the sweep
        List<String> summary = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) summary.add(summaryRow(all.get(i), twins.get(i), paired[i], holm[i], sweep));
        out.resolve("summary.csv").writeString(SUMMARY_HEADER + "\n" + lines(summary));
        for (String table : List.of("epochs", "results", "summary")) parquet(spark, out, table);
        log.println("wrote " + out.resolve("summary.csv") + " (and epochs/results/summary as .csv and .parquet)");
    }

    /** A configuration's id without its seed: the seeds of one group are the repetitions of one setting. */
    static String groupId(TrainSettings c) {
        return c.configId().replace("-s" + c.seed(), "");
    }

    /** One configuration's numbers needed for the summary. */
    record Row(TrainSettings c, double testAcc, double bestValAcc, double finalTrainLoss, Double epochsToTarget,
               Double secondsToTarget, double epochSeconds, double examplesPerSecond) {
        static Row of(TrainSettings c, List<Map<String, String>> epochRows, Map<String, String> result, SweepSettings sweep) {
            double elapsed = 0, examplesPerSecond = 0;
            Double toTarget = null, secondsToTarget = null;
            Map<String, String> last = null;
            for (Map<String, String> e : epochRows) {
                elapsed += num(e, "epoch_seconds");
                examplesPerSecond += num(e, "examples_per_second");
                if (toTarget == null && sweep.hasTarget() && num(e, "val_acc") >= sweep.targetValAcc()) {
                    toTarget = num(e, "epoch");
                    secondsToTarget = elapsed;
                }
                last = e;
            }
            return new Row(c, num(result, "test_acc"), num(result, "best_val_acc"), num(last, "train_loss"), toTarget,
                    secondsToTarget, elapsed / epochRows.size(), examplesPerSecond / epochRows.size());
        }

        private static double num(Map<String, String> row, String column) {
            return Double.parseDouble(row.get(column));
        }
    }

    /** Test accuracies of a BN group and its twin group, paired by seed (seeds both have). */
    static Statistics.Paired pairedTestAccuracy(List<Row> bn, List<Row> none) {
        Map<Long, Double> b = new java.util.TreeMap<>(), n = new java.util.TreeMap<>();
        bn.forEach(r -> b.put(r.c().seed(), r.testAcc()));
        none.forEach(r -> n.put(r.c().seed(), r.testAcc()));
        b.keySet().retainAll(n.keySet());
        return Statistics.paired(b.keySet().stream().mapToDouble(b::get).toArray(), b.keySet().stream().mapToDouble(n::get).toArray());
    }

    /**
     * @param none   the BN-free twin's group (same batch size and other dimensions), or null
     * @param paired BN minus none in test accuracy, seed by seed (null without a twin)
     * @param holm   the paired t-test's p-value after Holm–Bonferroni over all the sweep's BN-vs-none comparisons
     */
    static String summaryRow(List<Row> g, List<Row> none, Statistics.Paired paired, double holm, SweepSettings sweep) {
        TrainSettings c = g.get(0).c();
        DescriptiveStatistics test = stats(g.stream().map(Row::testAcc)), val = stats(g.stream().map(Row::bestValAcc)),
                loss = stats(g.stream().map(Row::finalTrainLoss)),
                toTarget = stats(g.stream().map(Row::epochsToTarget).filter(x -> x != null)),
                secToTarget = stats(g.stream().map(Row::secondsToTarget).filter(x -> x != null)),
                epochSec = stats(g.stream().map(Row::epochSeconds)), eps = stats(g.stream().map(Row::examplesPerSecond));
        String diff = "", p = "", noneVariant = "";
        if (paired != null) {
            diff = num(paired.meanDiff());
            p = pValue(paired.pT());
            noneVariant = none.get(0).c().variant();
        }
        return String.join(",", c.dataset().id(), c.bn().id(), String.valueOf(c.batchSize()), String.valueOf(g.size()),
                num(test.getMean()), std(test), num(val.getMean()), std(val), num(loss.getMean()), std(loss),
                sweep.hasTarget() ? num(sweep.targetValAcc()) : "", sweep.hasTarget() ? String.valueOf(toTarget.getN()) : "",
                mean(toTarget), std(toTarget), mean(secToTarget), std(secToTarget),
                num(epochSec.getMean()), num(eps.getMean()), diff, p, Csv.row(c.variant()), none == null ? "" : Csv.row(noneVariant),
                paired == null ? "" : String.valueOf(paired.n()), paired == null ? "" : numOrEmpty(paired.ciLow()),
                paired == null ? "" : numOrEmpty(paired.ciHigh()), paired == null ? "" : pValue(paired.pWilcoxon()), pValue(holm),
                String.valueOf(c.workers()), String.valueOf(c.globalBatch()), c.bn().batchNorm() ? String.valueOf(c.bnBatch()) : "",
                String.format(Locale.ROOT, "%.6g", c.learningRate()));
    }

    /** A p-value as written to summary.csv; empty when no test was made (NaN). */
    static String pValue(double p) {
        return Double.isNaN(p) ? "" : String.format(Locale.ROOT, "%.6g", p);
    }

    private static String numOrEmpty(double v) {
        return Double.isNaN(v) ? "" : num(v);
    }

    private static DescriptiveStatistics stats(Stream<Double> values) {
        DescriptiveStatistics s = new DescriptiveStatistics();
        values.forEach(s::addValue);
        return s;
    }

    private static String mean(DescriptiveStatistics s) {
        return s.getN() == 0 ? "" : num(s.getMean());
    }

    /** Sample standard deviation (n - 1); empty for fewer than two values. */
    private static String std(DescriptiveStatistics s) {
        return s.getN() < 2 ? "" : num(s.getStandardDeviation());
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String lines(List<String> rows) {
        return rows.isEmpty() ? "" : String.join("\n", rows) + "\n";
    }

    /** Rows read by column name, written back in the header's column order. */
    private static String table(String header, List<Map<String, String>> rows) {
        StringBuilder b = new StringBuilder(header).append('\n');
        String[] columns = header.split(",");
        for (Map<String, String> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String col : columns) cells.add(r.getOrDefault(col, ""));
            b.append(Csv.row(cells)).append('\n');
        }
        return b.toString();
    }

    /**
     * TABLE.csv -> TABLE.parquet: Spark writes a new directory OUT/.tables/TABLE-&lt;time&gt; (its executors
     * write straight to OUT's filesystem), then TABLE.parquet is switched to it ({@link Location#replaceDirectory}:
     * on a local disk in one step, on a Hadoop filesystem by two renames). The CSV (a few thousand rows
     * at most) is read here and handed to Spark record by record: Spark's own multi-line CSV reader
     * globs its path, and Hadoop's globber cannot take a directory whose name has a colon in it.
     */
    static void parquet(SparkSession spark, Location out, String table) {
        Location fresh = out.resolve(".tables/" + table + "-" + System.currentTimeMillis() + ".parquet");
        List<String> records = new ArrayList<>();
        for (String[] r : Csv.parse(out.resolve(table + ".csv").readString())) records.add(Csv.row(java.util.Arrays.asList(r)));
        spark.read().option("header", "true").option("inferSchema", "true").option("escape", "\"")
                .csv(spark.createDataset(records, Encoders.STRING()))
                .coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(fresh.uri());
        out.resolve(table + ".parquet").replaceDirectory(fresh);
    }
}
