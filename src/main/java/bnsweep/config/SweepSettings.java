package bnsweep.config;

import bnsweep.bn.BnMode;
import bnsweep.model.BnPlacement;
import bnsweep.util.AtomicFiles;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep: base training settings and the grid over its dimensions. Every training setting declared
 * with a sweep list ({@link Setting#sweepKey()}) is a dimension: {@code sweep.bn},
 * {@code sweep.batch-sizes}, {@code sweep.seeds}, {@code sweep.workers}, {@code sweep.input-scaling}, ...
 * An empty list means the base setting's value only.
 *
 * @param dimensions each swept setting with its values (a single value when not swept)
 */
public record SweepSettings(String name, TrainSettings base, Map<Setting<?>, List<Object>> dimensions, List<Arm> arms, List<Claim> claims,
                            double targetValAcc, int parallel) {
    public static final Setting<String> NAME = new Setting<>("sweep.name", "sweep", "names the sweep in history.csv and the report",
            Config::getString, v -> v, null, null, Setting.Scope.TRAINING);
    public static final Setting<Double> TARGET = Setting.number("sweep.target-val-acc", "0", v -> v >= 0 && v <= 1, "0 to 1, 0 = none",
            "validation accuracy for epochs/seconds-to-target; 0 = none");

    public static final Setting<Integer> PARALLEL = Setting.integer("sweep.parallel", 0, 0, "configurations that train at once, each"
            + " in a Spark scheduler pool of its own; 0 = as many as the master's task slots allow (slots / the largest workers)")
            .in(Setting.Scope.OPERATIONAL);

    public static final Setting<List<Claim>> CLAIMS = Setting.choices("sweep.claims", "[]", Claim::fromId, Claim::id, "claims the sweep"
            + " tests, e.g. `[higher-learning-rates]`: the report opens with each one's effect, 95% interval and verdict (see"
            + " [Claims](#claims))");

    /** The sweep's own settings (the dimension lists come from {@link TrainKeys}). */
    public static final List<Setting<?>> KEYS = List.of(NAME, TARGET, PARALLEL, CLAIMS);

    /** The dimensions that are not training-setting values of their own in tables: seed and BN mode and batch size have columns. */
    private static final List<Setting<?>> TABLE_COLUMNS = List.of(TrainKeys.SEED, TrainKeys.BN, TrainKeys.BATCH_SIZE);

    public static SweepSettings from(Config c) {
        TrainSettings base = TrainSettings.from(c);
        Map<Setting<?>, List<Object>> dims = new LinkedHashMap<>();
        for (Setting<?> s : TrainKeys.ALL) {
            if (!s.sweepable()) continue;
            String path = s.sweepPath();
            List<Object> values = new ArrayList<>();
            List<? extends ConfigValue> items;
            try {
                items = c.getList(path);
            } catch (ConfigException e) {
                throw new IllegalArgumentException("bad value for '" + path + "': " + e.getMessage().replaceFirst("^.*?: ", "") + " (a list)", e);
            }
            for (ConfigValue item : items) values.add(s.readItem(item, path));
            if (values.isEmpty()) values.add(base.get(s));
            if (new LinkedHashSet<>(values.stream().map(SweepSettings::comparable).toList()).size() != values.size()) {
                throw new IllegalArgumentException("bad value for '" + path + "': " + items.stream().map(i -> i.unwrapped().toString()).toList()
                        + " repeats a value");
            }
            dims.put(s, List.copyOf(values));
        }
        String bnList = TrainKeys.BN.sweepPath();
        boolean bnGiven = !c.getValue(bnList).origin().description().startsWith(ConfigLoader.DEFAULTS_ORIGIN);
        // bn is left out of what the arms may not set: with arms, the arms set it and sweep.bn may not be given
        List<Arm> arms = Arm.read(c, dims.entrySet().stream().filter(e -> e.getValue().size() > 1 && e.getKey() != TrainKeys.BN)
                .map(Map.Entry::getKey).toList());
        if (!arms.isEmpty()) {
            if (bnGiven) throw new IllegalArgumentException("bad key '" + bnList + "': with " + Arm.KEY + " each arm sets its own bn; remove " + bnList);
            Object firstBn = arms.get(0).settings().getOrDefault(TrainKeys.BN, base.bn());
            if (firstBn != BnMode.NONE) {
                throw new IllegalArgumentException("bad value for '" + Arm.KEY + "[0].bn': the first arm is what the others are compared"
                        + " with and must be bn = none, not " + ((BnMode) firstBn).id());
            }
            dims.put(TrainKeys.BN, List.of(base.bn()));
        }
        SweepSettings sweep = new SweepSettings(NAME.read(c), base, dims, arms, CLAIMS.read(c), TARGET.read(c), PARALLEL.read(c));
        sweep.configurations(); // every configuration is checked now, not when the sweep reaches it
        return sweep;
    }

    /**
     * Every configuration, seed by seed (so that early results cover the whole grid of one seed), then
     * the other dimensions in declaration order, BN mode innermost, and innermost of all each arm.
     * Without BN, input-bn and bn-placement mean nothing: those points collapse to one no-BN configuration.
     */
    public List<TrainSettings> configurations() {
        List<Setting<?>> order = new ArrayList<>();
        order.add(TrainKeys.SEED);
        for (Setting<?> s : dimensions.keySet()) if (s != TrainKeys.SEED && s != TrainKeys.BN) order.add(s);
        order.add(TrainKeys.BN);
        Map<String, TrainSettings> all = new LinkedHashMap<>();
        grid(order, 0, base, all);
        return List.copyOf(all.values());
    }

    private void grid(List<Setting<?>> order, int d, TrainSettings point, Map<String, TrainSettings> out) {
        if (d == order.size()) {
            for (TrainSettings p : arms.isEmpty() ? List.of(point) : arms.stream().map(a -> a.apply(point, null, base)).toList()) {
                TrainSettings c = canonical(p);
                c = c.at(point(c)).validated();
                out.putIfAbsent(c.configId(), c);
            }
            return;
        }
        @SuppressWarnings("unchecked") Setting<Object> s = (Setting<Object>) order.get(d);
        for (Object v : dimensions.get(s)) grid(order, d + 1, point.with(s, v), out);
    }

    /**
     * What configuration {@code c} is compared with, paired by seed: with arms, the first arm at the
     * same point of the other dimensions (null for the first arm itself); else the BN-free twin (same
     * seed, batch size and other dimensions, so the same initial Dense weights), or null when the grid
     * has no {@code bn = none}.
     */
    public TrainSettings reference(TrainSettings c) {
        if (!arms.isEmpty()) {
            if (c.arm().equals(arms.get(0).name())) return null;
            Arm own = arms.stream().filter(a -> a.name().equals(c.arm())).findFirst().orElseThrow();
            TrainSettings ref = canonical(arms.get(0).apply(c, own, base));
            return ref.at(point(ref));
        }
        if (!c.bn().batchNorm() || !dimensions.get(TrainKeys.BN).contains(BnMode.NONE)) return null;
        TrainSettings twin = canonical(c.with(TrainKeys.BN, BnMode.NONE));
        return twin.at(point(twin));
    }

    private static TrainSettings canonical(TrainSettings c) {
        if (c.bn().batchNorm()) return c;
        return c.with(TrainKeys.INPUT_BN, false).with(TrainKeys.BN_PLACEMENT, BnPlacement.BEFORE_ACTIVATION);
    }

    /** c's arm and the swept dimensions (more than one value) that have no column of their own, as they matter to c. */
    private SweepPoint point(TrainSettings c) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<Setting<?>, List<Object>> e : dimensions.entrySet()) {
            Setting<?> s = e.getKey();
            if (TABLE_COLUMNS.contains(s) || e.getValue().size() < 2) continue;
            if (!c.bn().batchNorm() && (s == TrainKeys.INPUT_BN || s == TrainKeys.BN_PLACEMENT)) continue;
            keys.add(s.key());
        }
        return new SweepPoint(c.arm(), keys);
    }

    /** A swept value as one that compares by content (a list of sizes is an int[]). */
    private static String comparable(Object v) {
        return v instanceof int[] a ? Arrays.toString(a) : String.valueOf(v);
    }

    /** The values of one dimension, as written to sweep.json. */
    public List<Object> values(Setting<?> s) {
        return dimensions.get(s).stream().map(s::toJson).toList();
    }

    public List<BnMode> bnModes() {
        return dimensions.get(TrainKeys.BN).stream().map(BnMode.class::cast).toList();
    }

    public boolean hasTarget() {
        return targetValAcc > 0;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(base.asMap());
        m.put(NAME.key(), name);
        for (Setting<?> s : dimensions.keySet()) {
            boolean swept = !s.sweepDefault().equals("[]") || dimensions.get(s).size() > 1 || !dimensions.get(s).get(0).equals(base.get(s));
            if (swept) {
                m.remove(s.key());
                m.put(s.sweepPath(), values(s));
            }
        }
        if (!arms.isEmpty()) m.put(Arm.KEY, arms.stream().map(Arm::asMap).toList());
        m.put(TARGET.key(), targetValAcc);
        m.put(PARALLEL.key(), parallel);
        if (!claims.isEmpty()) m.put(CLAIMS.key(), CLAIMS.toJson(claims));
        return m;
    }

    /** Keys the user may set: the training settings, the sweep's own, and a list per sweepable setting (with defaults). */
    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        for (Setting<?> s : TrainKeys.ALL) d.put(s.key(), s.defaultValue());
        for (Setting<?> s : KEYS) d.put(s.key(), s.defaultValue());
        for (Setting<?> s : TrainKeys.ALL) if (s.sweepable()) d.put(s.sweepPath(), s.sweepDefault());
        d.put(Arm.KEY, Arm.DEFAULT);
        return d;
    }

    /** sha256 of the resolved sweep configuration: identifies "the same sweep". */
    public String fingerprint() {
        try {
            Map<String, Object> what = asMap();
            what.keySet().removeAll(TrainKeys.OPERATIONAL);
            for (Setting<?> s : KEYS) if (s.operational()) what.remove(s.key());
            byte[] json = AtomicFiles.JSON.writeValueAsBytes(what);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Configurations to train at once on a master with {@code slots} task slots: {@link #PARALLEL}, or slots / the largest workers. */
    public int parallelOn(int slots) {
        if (parallel > 0) return parallel;
        int widest = dimensions.get(TrainKeys.WORKERS).stream().mapToInt(w -> (Integer) w).max().orElse(1);
        return Math.max(1, slots / widest);
    }

    /** Settings with a sweep list of more than one value. */
    public Set<Setting<?>> swept() {
        Set<Setting<?>> s = new LinkedHashSet<>();
        dimensions.forEach((k, v) -> {
            if (v.size() > 1) s.add(k);
        });
        return s;
    }
}
