package bnsweep.config;

import bnsweep.bn.BnMode;
import bnsweep.model.LrScaling;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A configuration's place in its sweep, as values: the arm of {@code sweep.arms} (empty without
 * arms) and the keys of the swept settings that set it apart beyond those its id always names
 * (the sweep's dimensions with more than one value and no column of their own). What identifies a
 * configuration, a group of seeds or a tuned series is a {@link Key} of setting values, compared as
 * values; text is made only for output: the id ({@link #id}) and the {@code variant} column
 * ({@link #text}).
 */
public record SweepPoint(String arm, List<String> keys) implements Serializable {
    /** A configuration outside a sweep: no arm, no extra dimensions. */
    public static final SweepPoint NONE = new SweepPoint("", List.of());

    public SweepPoint {
        keys = List.copyOf(keys);
        for (String k : keys) TrainKeys.byKey(k); // an unknown key fails here, not when the id is made
    }

    /** This point in arm {@code name}. */
    SweepPoint withArm(String name) {
        return new SweepPoint(name, keys);
    }

    /**
     * The values that identify {@code c}: dataset, BN mode (and ghost batch), batch size, workers,
     * seed, the learning rate when {@code lr-scaling} scales it, and each of this point's settings;
     * values as their JSON text, so lists compare by content.
     */
    Key key(TrainSettings c) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(TrainKeys.DATASET.key(), c.dataset().id());
        v.put(TrainKeys.BN.key(), c.bn().id());
        if (c.bn() == BnMode.GHOST) v.put(TrainKeys.GHOST_BATCH.key(), String.valueOf(c.ghostBatch()));
        v.put(TrainKeys.BATCH_SIZE.key(), String.valueOf(c.batchSize()));
        v.put(TrainKeys.WORKERS.key(), String.valueOf(c.workers()));
        v.put(TrainKeys.SEED.key(), String.valueOf(c.seed()));
        if (c.get(TrainKeys.LR_SCALING) != LrScaling.NONE) v.put(TrainKeys.LEARNING_RATE.key(), rate(c.learningRate()));
        for (String k : keys) v.put(k, value(c, TrainKeys.byKey(k)));
        return new Key(arm, v);
    }

    /**
     * Readable, unique within a sweep: dataset-bn-b{batch}-w{workers}-s{seed} (ghost: bn{g}, e.g.
     * ghost16), with lr-scaling the learning rate used (-lr0.002), then the arm and the point's
     * values, e.g. {@code -input-scaling_unit-input-bn_true}.
     */
    String id(TrainSettings c) {
        StringBuilder id = new StringBuilder(c.dataset().id() + "-" + c.bn().id() + (c.bn() == BnMode.GHOST ? String.valueOf(c.ghostBatch()) : "")
                + "-b" + c.batchSize() + "-w" + c.workers() + "-s" + c.seed());
        if (c.get(TrainKeys.LR_SCALING) != LrScaling.NONE) id.append("-lr").append(rate(c.learningRate()));
        if (!arm.isEmpty()) id.append("-arm_").append(arm);
        for (String k : keys) {
            if (!k.equals(TrainKeys.WORKERS.key())) id.append('-').append(k).append('_').append(value(c, TrainKeys.byKey(k)));
        }
        return id.toString();
    }

    /** "arm=a, key=value, …" of {@code c} but for the settings {@code leftOut}: the variant column. */
    public String text(TrainSettings c, Set<Setting<?>> leftOut) {
        List<String> parts = new ArrayList<>();
        if (!arm.isEmpty()) parts.add("arm=" + arm);
        for (String k : keys) {
            Setting<?> s = TrainKeys.byKey(k);
            if (!leftOut.contains(s)) parts.add(k + "=" + value(c, s));
        }
        return String.join(", ", parts);
    }

    private static String value(TrainSettings c, Setting<?> s) {
        Object v = s.toJson(c.get(s));
        return v instanceof int[] a ? Arrays.toString(a) : String.valueOf(v);
    }

    private static String rate(double lr) {
        return String.format(Locale.ROOT, "%.4g", lr);
    }

    /** What identifies a configuration (or, without some settings, a set of them), compared as values. */
    public record Key(String arm, Map<String, String> values) implements Serializable {
        public Key {
            values = Map.copyOf(values);
        }

        /** The same without {@code settings}: e.g. without the seed, the group of a configuration's repetitions. */
        public Key without(Setting<?>... settings) {
            Set<String> out = Arrays.stream(settings).map(Setting::key).collect(Collectors.toSet());
            Map<String, String> v = new LinkedHashMap<>(values);
            v.keySet().removeAll(out);
            return new Key(arm, v);
        }
    }
}
