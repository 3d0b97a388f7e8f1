package bnsweep.sweep;

import bnsweep.run.RunOutput;
import bnsweep.run.TrainSettings;
import bnsweep.util.AtomicFiles;
import bnsweep.util.FileTrees;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Driver-side aggregation of a sweep: epochs.csv and results.csv of all configurations (and the
 * same as Parquet), and summary.csv with one row per (dataset, bn, batch_size) over seeds.
 */
public final class SweepAggregator {
    public static final String SUMMARY_HEADER = "dataset,bn,batch_size,seeds,test_acc_mean,test_acc_std,best_val_acc_mean,"
            + "best_val_acc_std,final_train_loss_mean,final_train_loss_std,target_val_acc,target_reached,epochs_to_target_mean,"
            + "epochs_to_target_std,seconds_to_target_mean,seconds_to_target_std,epoch_seconds_mean,examples_per_second_mean,"
            + "test_acc_diff_vs_none,p_value_vs_none";

    private SweepAggregator() {}

    public static void aggregate(SparkSession spark, Path out, SweepSettings sweep, PrintStream log) {
        List<TrainSettings> configs = sweep.configurations();
        List<String> epochs = new ArrayList<>(), results = new ArrayList<>();
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (TrainSettings c : configs) {
            Path dir = SweepRunner.configDir(out, c);
            if (!RunOutput.isComplete(dir)) throw new IllegalStateException("configuration " + c.configId() + " is not complete");
            List<String> e = dataLines(dir.resolve("epochs.csv")), r = dataLines(dir.resolve("results.csv"));
            epochs.addAll(e);
            results.addAll(r);
            groups.computeIfAbsent(c.bn().id() + "," + c.batchSize(), k -> new ArrayList<>()).add(Row.of(c, e, r.get(0), sweep));
        }
        AtomicFiles.writeString(out.resolve("epochs.csv"), RunOutput.EPOCHS_HEADER + "\n" + lines(epochs));
        AtomicFiles.writeString(out.resolve("results.csv"), RunOutput.RESULTS_HEADER + "\n" + lines(results));
        List<String> summary = new ArrayList<>();
        for (List<Row> g : groups.values()) summary.add(summaryRow(g, groups, sweep));
        AtomicFiles.writeString(out.resolve("summary.csv"), SUMMARY_HEADER + "\n" + lines(summary));
        for (String table : List.of("epochs", "results", "summary")) parquet(spark, out, table);
        log.println("wrote " + out.resolve("summary.csv") + " (and epochs/results/summary as .csv and .parquet)");
    }

    /** One configuration's numbers needed for the summary. */
    record Row(TrainSettings c, double testAcc, double bestValAcc, double finalTrainLoss, Double epochsToTarget,
               Double secondsToTarget, double epochSeconds, double examplesPerSecond) {
        static Row of(TrainSettings c, List<String> epochLines, String resultLine, SweepSettings sweep) {
            String[] r = resultLine.split(",");
            double elapsed = 0, examplesPerSecond = 0;
            Double toTarget = null, secondsToTarget = null;
            String[] last = null;
            for (String line : epochLines) {
                String[] e = line.split(",");
                elapsed += Double.parseDouble(e[11]);
                examplesPerSecond += Double.parseDouble(e[12]);
                if (toTarget == null && sweep.hasTarget() && Double.parseDouble(e[10]) >= sweep.targetValAcc()) {
                    toTarget = Double.parseDouble(e[6]);
                    secondsToTarget = elapsed;
                }
                last = e;
            }
            return new Row(c, Double.parseDouble(r[8]), Double.parseDouble(r[9]), Double.parseDouble(last[7]), toTarget,
                    secondsToTarget, elapsed / epochLines.size(), examplesPerSecond / epochLines.size());
        }
    }

    static String summaryRow(List<Row> g, Map<String, List<Row>> groups, SweepSettings sweep) {
        TrainSettings c = g.get(0).c();
        DescriptiveStatistics test = stats(g.stream().map(Row::testAcc)), val = stats(g.stream().map(Row::bestValAcc)),
                loss = stats(g.stream().map(Row::finalTrainLoss)),
                toTarget = stats(g.stream().map(Row::epochsToTarget).filter(x -> x != null)),
                secToTarget = stats(g.stream().map(Row::secondsToTarget).filter(x -> x != null)),
                epochSec = stats(g.stream().map(Row::epochSeconds)), eps = stats(g.stream().map(Row::examplesPerSecond));
        String diff = "", p = "";
        List<Row> none = groups.get("none," + c.batchSize());
        if (c.bn().batchNorm() && none != null) {
            DescriptiveStatistics base = stats(none.stream().map(Row::testAcc));
            diff = num(test.getMean() - base.getMean());
            p = welchP(test.getValues(), base.getValues());
        }
        return String.join(",", c.dataset().id(), c.bn().id(), String.valueOf(c.batchSize()), String.valueOf(g.size()),
                num(test.getMean()), std(test), num(val.getMean()), std(val), num(loss.getMean()), std(loss),
                sweep.hasTarget() ? num(sweep.targetValAcc()) : "", sweep.hasTarget() ? String.valueOf(toTarget.getN()) : "",
                mean(toTarget), std(toTarget), mean(secToTarget), std(secToTarget),
                num(epochSec.getMean()), num(eps.getMean()), diff, p);
    }

    /** Two-sided Welch t-test p-value (unequal variances); empty when undefined (fewer than 2 per side, or no variance). */
    static String welchP(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) return "";
        double p = new TTest().tTest(a, b);
        return Double.isNaN(p) ? "" : String.format(Locale.ROOT, "%.6g", p);
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

    private static List<String> dataLines(Path csv) {
        try {
            List<String> all = Files.readAllLines(csv);
            return all.subList(1, all.size()).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    /** TABLE.csv -> TABLE.parquet, written beside under a temporary name and then swapped in. */
    private static void parquet(SparkSession spark, Path out, String table) {
        Path tmp = out.resolve("." + table + ".parquet.tmp"), target = out.resolve(table + ".parquet");
        spark.read().option("header", "true").option("inferSchema", "true").csv(out.resolve(table + ".csv").toString())
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(tmp.toString());
        try {
            FileTrees.deleteTree(target);
            Files.move(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + target, e);
        }
    }
}
