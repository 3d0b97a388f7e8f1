package bnsweep.sweep;

import static bnsweep.run.Column.number;
import static bnsweep.run.Column.text;

import bnsweep.bn.BnMode;
import bnsweep.config.Claim;
import bnsweep.config.Setting;
import bnsweep.config.SweepPoint;
import bnsweep.config.SweepSettings;
import bnsweep.config.TrainKeys;
import bnsweep.config.TrainSettings;
import bnsweep.run.Column;
import bnsweep.run.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * claims.csv: each claim of {@code sweep.claims} with its effect per seed ({@link Claim#effect}),
 * their mean and 95% interval, the t-test of the mean against 0 and, after Holm–Bonferroni over the
 * claims of the sweep, a verdict: supported (adjusted p below 0.05 and the effect positive),
 * contradicted (adjusted p below 0.05 and the effect negative), else inconclusive.
 */
public final class ClaimsTable {
    public static final double ALPHA = 0.05;

    private ClaimsTable() {}

    public static final Column CLAIM = text("claim", "the claim's id (`sweep.claims`)");
    public static final Column STATEMENT = text("statement", "the claim, in one sentence");
    public static final Column EFFECT = text("effect", "how its effect is computed, per seed");
    public static final Column MEASURED = text("measured", "where it was measured: dataset, network, learning rates, batch sizes, epochs");
    public static final Column SEEDS = text("seeds", "seeds with an effect");
    public static final Column EFFECT_MEAN = number("effect_mean", "%.6f", "mean of the per-seed effects (accuracy, 0–1; positive supports the claim)");
    public static final Column CI_LOW = number("ci_low", "%.6f", "lower end of its 95% confidence interval (t distribution, seeds − 1 df)");
    public static final Column CI_HIGH = number("ci_high", "%.6f", "its upper end");
    public static final Column P_VALUE = number("p_value", "%.6g", "two-sided one-sample t-test of the effects against 0");
    public static final Column P_HOLM = number("p_holm", "%.6g", "that p adjusted by Holm–Bonferroni over the sweep's claims");
    public static final Column VERDICT = text("verdict", "`supported`, `contradicted` or `inconclusive` (see above)");

    public static final Table CSV = new Table("claims.csv", List.of(CLAIM, STATEMENT, EFFECT, MEASURED, SEEDS, EFFECT_MEAN, CI_LOW, CI_HIGH,
            P_VALUE, P_HOLM, VERDICT));

    static String verdict(double mean, double pHolm) {
        if (Double.isNaN(pHolm) || pHolm >= ALPHA) return "inconclusive";
        return mean > 0 ? "supported" : "contradicted";
    }

    static List<String> rows(SweepSettings sweep, Map<SweepPoint.Key, List<SweepAggregator.Row>> groups) {
        List<Map<String, Object>> rows = new ArrayList<>();
        double[] p = new double[sweep.claims().size()];
        String measured = measured(sweep);
        List<Pair> pairs = pairs(sweep, groups);
        for (int i = 0; i < p.length; i++) {
            Claim claim = sweep.claims().get(i);
            Map<Long, Double> effect = effect(claim, sweep, groups, pairs);
            double[] e = effect.values().stream().mapToDouble(Double::doubleValue).toArray();
            Statistics.Paired s = Statistics.paired(e, new double[e.length]);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(CLAIM.name(), claim.id());
            row.put(STATEMENT.name(), claim.statement());
            row.put(EFFECT.name(), claim.effect());
            row.put(MEASURED.name(), measured);
            row.put(SEEDS.name(), e.length);
            row.put(EFFECT_MEAN.name(), s.meanDiff());
            row.put(CI_LOW.name(), s.ciLow());
            row.put(CI_HIGH.name(), s.ciHigh());
            row.put(P_VALUE.name(), s.pT());
            rows.add(row);
            p[i] = s.pT();
        }
        double[] holm = Statistics.holm(p);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).put(P_HOLM.name(), holm[i]);
            rows.get(i).put(VERDICT.name(), verdict((Double) rows.get(i).get(EFFECT_MEAN.name()), holm[i]));
            out.add(CSV.row(rows.get(i)));
        }
        return out;
    }

    /** A compared group and its reference's group. */
    record Pair(List<SweepAggregator.Row> bn, List<SweepAggregator.Row> ref) {
        TrainSettings c() {
            return bn.get(0).c();
        }

        /** Per seed (seeds both have): f(bn row) − f(reference row). */
        Map<Long, Double> diff(ToDoubleFunction<SweepAggregator.Row> f) {
            return subtract(SweepAggregator.bySeed(bn, f), SweepAggregator.bySeed(ref, f));
        }
    }

    static List<Pair> pairs(SweepSettings sweep, Map<SweepPoint.Key, List<SweepAggregator.Row>> groups) {
        List<Pair> out = new ArrayList<>();
        for (List<SweepAggregator.Row> g : groups.values()) {
            TrainSettings ref = sweep.reference(g.get(0).c());
            if (ref != null && groups.containsKey(SweepAggregator.group(ref))) out.add(new Pair(g, groups.get(SweepAggregator.group(ref))));
        }
        return out;
    }

    /** The per-seed mean of several per-seed effects (seeds present in all of them). */
    static Map<Long, Double> meanOver(List<Map<Long, Double>> effects) {
        Map<Long, Double> out = new TreeMap<>();
        if (effects.isEmpty()) return out;
        for (Long seed : effects.get(0).keySet()) {
            if (effects.stream().allMatch(e -> e.containsKey(seed))) out.put(seed, effects.stream().mapToDouble(e -> e.get(seed)).average().orElseThrow());
        }
        return out;
    }

    static Map<Long, Double> effect(Claim claim, SweepSettings sweep, Map<SweepPoint.Key, List<SweepAggregator.Row>> groups, List<Pair> pairs) {
        return switch (claim) {
            case FASTER_CONVERGENCE -> meanOver(pairs.stream().map(p -> p.diff(SweepAggregator.Row::firstValAcc)).toList());
            case SATURATING_DEEP -> meanOver(pairs.stream().map(p -> p.diff(SweepAggregator.Row::testAcc)).toList());
            case HIGHER_LEARNING_RATES -> {
                double top = sweep.dimensions().get(TrainKeys.LEARNING_RATE).stream().mapToDouble(v -> (Double) v).max().orElseThrow();
                yield meanOver(pairs.stream().filter(p -> p.c().get(TrainKeys.LEARNING_RATE) == top).map(p -> p.diff(SweepAggregator.Row::testAcc))
                        .toList());
            }
            case INIT_INSENSITIVITY -> meanOver(bySetting(pairs, TrainKeys.WEIGHT_SCALE).values().stream()
                    .map(set -> rangeDiff(set)).toList());
            case REGULARIZATION -> meanOver(bySetting(pairs, TrainKeys.DROPOUT).values().stream().map(set -> {
                Pair none = set.stream().min(Comparator.comparingDouble(p -> p.c().get(TrainKeys.DROPOUT))).orElseThrow();
                Pair most = set.stream().max(Comparator.comparingDouble(p -> p.c().get(TrainKeys.DROPOUT))).orElseThrow();
                return subtract(none.diff(SweepAggregator.Row::testAcc), most.diff(SweepAggregator.Row::testAcc));
            }).toList());
            case SMALL_BATCH -> {
                List<Map<Long, Double>> d = new ArrayList<>();
                for (List<SweepAggregator.Row> g : groups.values()) {
                    TrainSettings c = g.get(0).c();
                    if (c.bn() != BnMode.GHOST) continue;
                    List<SweepAggregator.Row> local = groups.get(SweepAggregator.group(c.with(TrainKeys.BN, BnMode.LOCAL)));
                    if (local != null) d.add(new Pair(local, g).diff(SweepAggregator.Row::testAcc));
                }
                yield meanOver(d);
            }
        };
    }

    /** Pairs grouped by everything but one setting (the pairs of one set differ only in it). */
    static Map<SweepPoint.Key, List<Pair>> bySetting(List<Pair> pairs, Setting<?> setting) {
        Map<SweepPoint.Key, List<Pair>> sets = new LinkedHashMap<>();
        for (Pair p : pairs) sets.computeIfAbsent(SweepAggregator.group(p.c()).without(setting), k -> new ArrayList<>()).add(p);
        return sets;
    }

    /** Per seed: the reference's range of test accuracy over the set minus BN's. */
    static Map<Long, Double> rangeDiff(List<Pair> set) {
        Map<Long, Double> out = new TreeMap<>();
        Map<Long, List<Double>> bn = new TreeMap<>(), ref = new TreeMap<>();
        for (Pair p : set) {
            SweepAggregator.bySeed(p.bn(), SweepAggregator.Row::testAcc).forEach((s, v) -> bn.computeIfAbsent(s, k -> new ArrayList<>()).add(v));
            SweepAggregator.bySeed(p.ref(), SweepAggregator.Row::testAcc).forEach((s, v) -> ref.computeIfAbsent(s, k -> new ArrayList<>()).add(v));
        }
        bn.forEach((s, v) -> {
            if (ref.containsKey(s) && v.size() == set.size() && ref.get(s).size() == set.size()) out.put(s, range(ref.get(s)) - range(v));
        });
        return out;
    }

    private static double range(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElseThrow() - v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    /** Per seed (seeds both have): a − b. */
    private static Map<Long, Double> subtract(Map<Long, Double> a, Map<Long, Double> b) {
        Map<Long, Double> out = new TreeMap<>();
        a.forEach((s, v) -> {
            if (b.containsKey(s)) out.put(s, v - b.get(s));
        });
        return out;
    }

    /** Where the effect was measured, from the sweep's configurations. */
    static String measured(SweepSettings sweep) {
        List<TrainSettings> all = sweep.configurations();
        Function<Function<TrainSettings, String>, String> values = f -> all.stream().map(f).collect(Collectors.toCollection(TreeSet::new))
                .stream().collect(Collectors.joining(", "));
        return sweep.base().dataset().id() + "; hidden " + values.apply(c -> Arrays.toString(c.hidden())) + "; activation "
                + values.apply(c -> c.activation().id()) + "; " + values.apply(c -> c.get(TrainKeys.UPDATER)) + " at learning rate "
                + values.apply(c -> TunedTable.rate(c.learningRate())) + "; batch " + values.apply(c -> String.valueOf(c.batchSize()))
                + " per worker × " + values.apply(c -> String.valueOf(c.workers())) + " workers; " + values.apply(c -> String.valueOf(c.epochs()))
                + " epochs; BN " + values.apply(c -> c.bn().id()) + "; " + all.stream().map(TrainSettings::seed).distinct().count() + " seeds";
    }
}
