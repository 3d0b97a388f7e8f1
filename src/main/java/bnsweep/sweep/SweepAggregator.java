package bnsweep.sweep;

import bnsweep.config.SweepPoint;
import bnsweep.config.SweepSettings;
import bnsweep.config.TrainKeys;
import bnsweep.config.TrainSettings;
import bnsweep.run.Column;
import bnsweep.run.RunOutput;
import bnsweep.run.RunTables;
import bnsweep.util.Csv;
import bnsweep.util.fs.Location;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
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
    private SweepAggregator() {}

    public static void aggregate(SparkSession spark, Location out, SweepSettings sweep, PrintStream log) {
        List<TrainSettings> configs = sweep.configurations();
        List<Map<String, String>> epochs = new ArrayList<>(), results = new ArrayList<>();
        Map<SweepPoint.Key, List<Row>> groups = new LinkedHashMap<>();
        for (TrainSettings c : configs) {
            Location dir = SweepRunner.configDir(out, c);
            if (!RunOutput.isComplete(dir)) throw new IllegalStateException("configuration " + c.configId() + " is not complete");
            List<Map<String, String>> e = Csv.readTable(dir.resolve(RunTables.EPOCHS_CSV.file())),
                    r = Csv.readTable(dir.resolve(RunTables.RESULTS_CSV.file()));
            epochs.addAll(e);
            results.addAll(r);
            groups.computeIfAbsent(group(c), k -> new ArrayList<>()).add(Row.of(c, e, r.get(0), sweep));
        }
        out.resolve(RunTables.EPOCHS_CSV.file()).writeString(RunTables.EPOCHS_CSV.rewrite(epochs));
        out.resolve(RunTables.RESULTS_CSV.file()).writeString(RunTables.RESULTS_CSV.rewrite(results));
        List<List<Row>> all = new ArrayList<>(groups.values());
        List<List<Row>> twins = new ArrayList<>();
        Statistics.Paired[] paired = new Statistics.Paired[all.size()];
        double[] p = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            TrainSettings c = all.get(i).get(0).c(), twin = sweep.reference(c);
            List<Row> none = twin != null ? groups.get(group(twin)) : null;
            twins.add(none);
            paired[i] = none == null ? null : pairedTestAccuracy(all.get(i), none);
            p[i] = paired[i] == null ? Double.NaN : paired[i].pT();
        }
        double[] holm = Statistics.holm(p); // the family: every BN-vs-no-BN test-accuracy comparison of the sweep
        List<String> summary = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) summary.add(summaryRow(all.get(i), twins.get(i), paired[i], holm[i], sweep));
        out.resolve(SummaryTable.CSV.file()).writeString(SummaryTable.CSV.text(summary));
        List<String> tables = new ArrayList<>(List.of("epochs", "results", "summary"));
        if (TunedTable.applies(sweep)) {
            out.resolve(TunedTable.CSV.file()).writeString(TunedTable.CSV.text(TunedTable.rows(sweep, groups)));
            tables.add("tuned");
        }
        if (!sweep.claims().isEmpty()) {
            out.resolve(ClaimsTable.CSV.file()).writeString(ClaimsTable.CSV.text(ClaimsTable.rows(sweep, groups)));
            tables.add("claims");
        }
        for (String table : tables) parquet(spark, out, table);
        log.println("wrote " + out.resolve("summary.csv") + " (and epochs/results/summary as .csv and .parquet)");
    }

    /** What identifies a configuration but for its seed: the seeds of one group are the repetitions of one setting. */
    static SweepPoint.Key group(TrainSettings c) {
        return c.key().without(TrainKeys.SEED);
    }

    /** One configuration's numbers needed for the summary. */
    record Row(TrainSettings c, double testAcc, double bestValAcc, double finalTrainLoss, Double epochsToTarget,
               Double secondsToTarget, double epochSeconds, double examplesPerSecond, double firstValAcc, boolean diverged) {
        static Row of(TrainSettings c, List<Map<String, String>> epochRows, Map<String, String> result, SweepSettings sweep) {
            double elapsed = 0, examplesPerSecond = 0;
            Double toTarget = null, secondsToTarget = null;
            Map<String, String> last = null;
            for (Map<String, String> e : epochRows) {
                elapsed += num(e, RunTables.EPOCH_SECONDS);
                examplesPerSecond += num(e, RunTables.EXAMPLES_PER_SECOND);
                if (toTarget == null && sweep.hasTarget() && num(e, RunTables.VAL_ACC) >= sweep.targetValAcc()) {
                    toTarget = num(e, RunTables.EPOCH);
                    secondsToTarget = elapsed;
                }
                last = e;
            }
            return new Row(c, num(result, RunTables.TEST_ACC), num(result, RunTables.BEST_VAL_ACC), num(last, RunTables.TRAIN_LOSS), toTarget,
                    secondsToTarget, elapsed / epochRows.size(), examplesPerSecond / epochRows.size(), num(epochRows.get(0), RunTables.VAL_ACC),
                    "true".equals(result.get(RunTables.DIVERGED.name())));
        }

        /** A number of a row; an empty field (NaN, as a diverged run's loss is written) is NaN. */
        private static double num(Map<String, String> row, Column column) {
            return Csv.number(row, column.name());
        }
    }

    /** {@code f} of each row of a group, by seed. */
    static Map<Long, Double> bySeed(List<Row> g, ToDoubleFunction<Row> f) {
        Map<Long, Double> m = new TreeMap<>();
        for (Row r : g) m.put(r.c().seed(), f.applyAsDouble(r));
        return m;
    }

    /** Test accuracies of a BN group and its twin group, paired by seed (seeds both have). */
    static Statistics.Paired pairedTestAccuracy(List<Row> bn, List<Row> none) {
        Map<Long, Double> b = bySeed(bn, Row::testAcc), n = bySeed(none, Row::testAcc);
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
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(RunTables.DATASET.name(), c.dataset().id());
        row.put(RunTables.BN.name(), c.bn().id());
        row.put(RunTables.BATCH_SIZE.name(), c.batchSize());
        row.put(SummaryTable.SEEDS.name(), g.size());
        row.put(SummaryTable.DIVERGED.name(), g.stream().filter(Row::diverged).count());
        meanAndStd(row, SummaryTable.TEST_ACC_MEAN, SummaryTable.TEST_ACC_STD, test);
        meanAndStd(row, SummaryTable.BEST_VAL_ACC_MEAN, SummaryTable.BEST_VAL_ACC_STD, val);
        meanAndStd(row, SummaryTable.FINAL_TRAIN_LOSS_MEAN, SummaryTable.FINAL_TRAIN_LOSS_STD, loss);
        if (sweep.hasTarget()) {
            row.put(SummaryTable.TARGET_VAL_ACC.name(), sweep.targetValAcc());
            row.put(SummaryTable.TARGET_REACHED.name(), toTarget.getN());
        }
        meanAndStd(row, SummaryTable.EPOCHS_TO_TARGET_MEAN, SummaryTable.EPOCHS_TO_TARGET_STD, toTarget);
        meanAndStd(row, SummaryTable.SECONDS_TO_TARGET_MEAN, SummaryTable.SECONDS_TO_TARGET_STD, secToTarget);
        row.put(SummaryTable.EPOCH_SECONDS_MEAN.name(), epochSec.getMean());
        row.put(SummaryTable.EXAMPLES_PER_SECOND_MEAN.name(), eps.getMean());
        row.put(RunTables.VARIANT.name(), c.variant());
        if (paired != null) {
            row.put(SummaryTable.TEST_ACC_DIFF_VS_NONE.name(), paired.meanDiff());
            row.put(SummaryTable.P_VALUE_VS_NONE.name(), paired.pT());
            row.put(SummaryTable.NONE_VARIANT.name(), none.get(0).c().variant());
            row.put(SummaryTable.PAIRS.name(), paired.n());
            row.put(SummaryTable.DIFF_CI_LOW.name(), paired.ciLow());
            row.put(SummaryTable.DIFF_CI_HIGH.name(), paired.ciHigh());
            row.put(SummaryTable.P_WILCOXON.name(), paired.pWilcoxon());
        }
        row.put(SummaryTable.P_HOLM.name(), holm);
        row.put(RunTables.WORKERS.name(), c.workers());
        row.put(RunTables.GLOBAL_BATCH.name(), c.globalBatch());
        if (c.bn().batchNorm()) row.put(RunTables.BN_BATCH.name(), c.bnBatch());
        row.put(RunTables.LEARNING_RATE.name(), c.learningRate());
        return SummaryTable.CSV.row(row);
    }

    /** The mean of {@code s} (empty without values) and its sample standard deviation (n - 1; empty for fewer than two). */
    private static void meanAndStd(Map<String, Object> row, Column mean, Column std, DescriptiveStatistics s) {
        if (s.getN() > 0) row.put(mean.name(), s.getMean());
        if (s.getN() > 1) row.put(std.name(), s.getStandardDeviation());
    }



    private static DescriptiveStatistics stats(Stream<Double> values) {
        DescriptiveStatistics s = new DescriptiveStatistics();
        values.forEach(s::addValue);
        return s;
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
        for (String[] r : Csv.parse(out.resolve(table + ".csv").readString())) records.add(Csv.row(Arrays.asList(r)));
        spark.read().option("header", "true").option("inferSchema", "true").option("escape", "\"")
                .csv(spark.createDataset(records, Encoders.STRING()))
                .coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(fresh.uri());
        out.resolve(table + ".parquet").replaceDirectory(fresh);
    }
}
