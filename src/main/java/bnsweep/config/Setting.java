package bnsweep.config;

import bnsweep.util.Ids;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.Function;

/**
 * One setting, declared once: its key, its default (HOCON text), what it means, and how a value is
 * read and checked. The defaults file, the settings table of docs/reference.md, manifests and sweep dimensions all derive
 * from these declarations ({@link TrainKeys}, and the sweep's own keys in {@code SweepSettings}).
 *
 * @param sweepKey the key of its list under {@code sweep { }} when the setting can be a sweep
 *                 dimension (e.g. {@code batch-sizes}), else null
 * @param sweepDefault the HOCON default of that list ({@code []}: the setting's own value only)
 * @param scope what the setting is about: the data, the network's inputs, training, or only how a run is carried out
 */
public record Setting<T>(String key, String defaultValue, String description, Reader<T> reader, Function<T, Object> json,
                         String sweepKey, String sweepDefault, Scope scope) implements Serializable {

    /** What a setting is about; it decides where the setting may be given (an arm, a Spark ML Param) and what fingerprints hold. */
    public enum Scope {
        /** Which data and how it is prepared: one value for a whole sweep (arms cannot set it); not a Param of the Spark ML estimator. */
        DATA,
        /** How the prepared data becomes the network's inputs: per configuration, but not a Param of the estimator (its DataFrame is its input). */
        INPUT,
        /** What is trained and how. */
        TRAINING,
        /** How a run is carried out, not what it computes (left out of fingerprints). */
        OPERATIONAL
    }

    /** Reads a value at a path of a config; an IllegalArgumentException says what is wrong with it (not which key). */
    @FunctionalInterface
    public interface Reader<T> extends Serializable {
        T read(Config c, String path);
    }

    /** The value of this setting in {@code c}; a bad one is an IllegalArgumentException naming the key. */
    public T read(Config c) {
        return read(c, key, key);
    }

    /** The declared default, read and checked as any value is. */
    public T parsedDefault() {
        return read(ConfigFactory.parseString(key + " = " + defaultValue));
    }

    /** A value given as an item of a sweep list, checked as the setting itself is; errors name {@code where}. */
    public T readItem(ConfigValue item, String where) {
        return read(ConfigFactory.empty().withValue("v", item), "v", where);
    }

    private T read(Config c, String path, String name) {
        try {
            return reader.read(c, path);
        } catch (ConfigException.Missing e) {
            throw new IllegalArgumentException("missing key '" + name + "'", e);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad value for '" + name + "': " + e.getMessage().replaceFirst("^.*?: ", ""), e);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("bad value for '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The value as written to manifests (ids for enumerations). */
    public Object toJson(Object value) {
        @SuppressWarnings("unchecked") T v = (T) value;
        return json.apply(v);
    }

    /** Its row of the settings table (docs/reference.md): key, default, meaning (and the sweep list, if any). */
    public String markdownRow() {
        String sweep = sweepable() ? " Sweep dimension: `sweep." + sweepKey + "`" + (sweepDefault.equals("[]") ? "" : ", default `" + sweepDefault + "`") + "." : "";
        return "| `" + key + "` | `" + defaultValue + "` | " + description + (sweep.isEmpty() ? "" : (description.endsWith(".") ? "" : ".") + sweep) + " |";
    }

    public boolean sweepable() {
        return sweepKey != null;
    }

    /** The key of this setting's list in a sweep ({@code sweep.batch-sizes}); only for a {@link #sweepable} one. */
    public String sweepPath() {
        if (sweepKey == null) throw new IllegalStateException(key + " is not swept");
        return "sweep." + sweepKey;
    }

    public Setting<T> sweptAs(String list, String listDefault) {
        return new Setting<>(key, defaultValue, description, reader, json, list, listDefault, scope);
    }

    /** This setting in another {@link Scope} (declared {@link Scope#TRAINING} unless said). */
    public Setting<T> in(Scope newScope) {
        return new Setting<>(key, defaultValue, description, reader, json, sweepKey, sweepDefault, newScope);
    }

    /** True when it changes how a run is carried out, not what it computes. */
    public boolean operational() {
        return scope == Scope.OPERATIONAL;
    }

    // ---- kinds of settings -------------------------------------------------------------------

    /** A whole number >= min; "1.5" or "64.9" are refused, not truncated. */
    public static Setting<Integer> integer(String key, int def, int min, String description) {
        return new Setting<>(key, String.valueOf(def), description, (c, p) -> {
            int v = wholeNumber(c, p).intValueExact();
            if (v < min) throw new IllegalArgumentException(v + " (must be >= " + min + ")");
            return v;
        }, v -> v, null, null, Scope.TRAINING);
    }

    public static Setting<Long> longInteger(String key, long def, String description) {
        return new Setting<>(key, String.valueOf(def), description, (c, p) -> wholeNumber(c, p).longValueExact(), v -> v, null, null, Scope.TRAINING);
    }

    /** A finite number accepted by {@code ok} (whose text says what is allowed); NaN and Infinity are refused. */
    public static Setting<Double> number(String key, String def, DoublePredicate ok, String allowed, String description) {
        return new Setting<>(key, def, description, (c, p) -> {
            double v = c.getDouble(p);
            if (!Double.isFinite(v) || !ok.test(v)) throw new IllegalArgumentException(v + " (" + allowed + ")");
            return v;
        }, v -> v, null, null, Scope.TRAINING);
    }

    /** Text, possibly empty (its default given as HOCON: {@code "\"\""} for empty). */
    public static Setting<String> text(String key, String def, String description) {
        return new Setting<>(key, def, description, Config::getString, v -> v, null, null, Scope.TRAINING);
    }

    /** Text that may not be empty. */
    public static Setting<String> name(String key, String def, String description) {
        return new Setting<>(key, def, description, (c, p) -> {
            String v = c.getString(p);
            if (v.isEmpty()) throw new IllegalArgumentException("empty (give a name)");
            return v;
        }, v -> v, null, null, Scope.TRAINING);
    }

    /** A list (possibly empty) of non-empty names, none twice. */
    public static Setting<List<String>> names(String key, String def, String description) {
        return new Setting<>(key, def, description, (c, p) -> {
            List<String> v = c.getStringList(p);
            if (v.stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException(v + " (an empty name)");
            if (v.stream().distinct().count() < v.size()) throw new IllegalArgumentException(v + " (a name twice)");
            return List.copyOf(v);
        }, v -> v, null, null, Scope.TRAINING);
    }

    public static Setting<Boolean> bool(String key, boolean def, String description) {
        return new Setting<>(key, String.valueOf(def), description, Config::getBoolean, v -> v, null, null, Scope.TRAINING);
    }

    /** One of a fixed set of names, turned into a value by {@code fromId} (which says what is known when it is not). */
    public static <T> Setting<T> choice(String key, String def, Function<String, T> fromId, Function<T, String> id, String description) {
        return new Setting<>(key, def, description, (c, p) -> fromId.apply(c.getString(p)), id::apply, null, null, Scope.TRAINING);
    }

    /** One of {@code allowed}, kept as the name. */
    public static Setting<String> oneOf(String key, String def, List<String> allowed, String description) {
        return choice(key, def, v -> Ids.oneOf(key, v, allowed), v -> v, description);
    }

    /** A list (possibly empty) of names, each turned into a value by {@code fromId}. */
    public static <T> Setting<List<T>> choices(String key, String def, Function<String, T> fromId, Function<T, String> id, String description) {
        return new Setting<>(key, def, description, (c, p) -> c.getStringList(p).stream().map(fromId).toList(),
                v -> v.stream().map(id).toList(), null, null, Scope.TRAINING);
    }

    /** A non-empty list of whole numbers >= 1. */
    public static Setting<int[]> positiveInts(String key, String def, String description) {
        return new Setting<>(key, def, description, (c, p) -> {
            int[] v = c.getList(p).stream().mapToInt(item -> wholeNumber(ConfigFactory.empty().withValue("v", item), "v").intValueExact())
                    .toArray();
            if (v.length == 0 || Arrays.stream(v).anyMatch(h -> h <= 0)) {
                throw new IllegalArgumentException(Arrays.toString(v) + " (need one or more positive sizes)");
            }
            return v;
        }, v -> v, null, null, Scope.TRAINING);
    }

    /** A whole number, from a number or a numeric string (as command-line values are); a fraction is refused. */
    static BigDecimal wholeNumber(Config c, String path) {
        String text = c.getValue(path).unwrapped().toString().trim();
        try {
            BigDecimal v = new BigDecimal(text);
            if (v.stripTrailingZeros().scale() > 0) throw new IllegalArgumentException(text + " (must be a whole number)");
            if (v.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) throw new IllegalArgumentException(text + " (too large)");
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' (must be a whole number)");
        }
    }
}
