package bnsweep.ml;

import bnsweep.config.ConfigLoader;
import bnsweep.config.Setting;
import bnsweep.config.TrainKeys;
import bnsweep.config.TrainSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.runtime.AbstractFunction1;

/**
 * The Spark ML Params of {@link BnMlpClassifier} and its model, derived from the setting
 * declarations ({@link TrainKeys}): one Param per training setting (not those about the data or the
 * network's input scaling: the DataFrame is the data), named as the key in camelCase
 * ({@code batch-size} is {@code batchSize}), documented by the declaration, with its default, and
 * valid exactly when the declaration accepts the value. A number is an Int, Long or Double Param, a
 * yes/no a Boolean Param, a list of sizes an IntArray Param, a choice a String Param holding its id.
 */
final class SettingParams implements Serializable {
    /** The settings that are Params: those about training and how it is carried out. */
    static final List<Setting<?>> SETTINGS = TrainKeys.ALL.stream()
            .filter(s -> s.scope() == Setting.Scope.TRAINING || s.scope() == Setting.Scope.OPERATIONAL).toList();

    /** By setting key (not by Setting: this travels with a model into Spark's closures). */
    private final Map<String, Param<?>> params = new LinkedHashMap<>();

    /** The Params of {@code owner}, with their defaults set on it. */
    SettingParams(Params owner, java.util.function.BiConsumer<Param<Object>, Object> setDefault) {
        for (Setting<?> s : SETTINGS) {
            Param<?> p = param(owner, s);
            params.put(s.key(), p);
            @SuppressWarnings("unchecked") Param<Object> any = (Param<Object>) p;
            setDefault.accept(any, toParam(s, s.parsedDefault()));
        }
    }

    /** Spark ML's name of a setting's Param: its key in camelCase. */
    static String name(Setting<?> s) {
        StringBuilder b = new StringBuilder();
        for (String part : s.key().split("-")) {
            b.append(b.isEmpty() ? part : part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1));
        }
        return b.toString();
    }

    Param<?>[] all() {
        return params.values().toArray(Param<?>[]::new);
    }

    @SuppressWarnings("unchecked")
    <T> Param<T> of(Setting<?> s) {
        return (Param<T>) params.get(s.key());
    }

    /** The training settings the Params of {@code owner} hold; an IllegalArgumentException naming the Param when they do not go together. */
    TrainSettings settings(Params owner) {
        Config c = ConfigFactory.empty();
        for (Map.Entry<String, Param<?>> e : params.entrySet()) {
            Object v = owner.getOrDefault(e.getValue());
            c = c.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(v instanceof int[] a ? Arrays.stream(a).boxed().toList() : v));
        }
        try {
            return TrainSettings.from(ConfigLoader.withDefaults(c));
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            for (Setting<?> s : SETTINGS) m = m.replace("'" + s.key() + "'", "'" + name(s) + "'").replace(" " + s.key() + " ", " " + name(s) + " ");
            throw new IllegalArgumentException(m, e);
        }
    }

    private static Param<?> param(Params owner, Setting<?> s) {
        Object def = s.parsedDefault();
        String name = name(s), doc = s.description().replace("`", "") + " (bnsweep setting " + s.key() + ")";
        String key = s.key(); // not the Setting: a Param travels with its model into Spark's closures
        SerializablePredicate valid = v -> {
            try {
                TrainKeys.byKey(key).readItem(ConfigValueFactory.fromAnyRef(v instanceof int[] a ? Arrays.stream(a).boxed().toList() : v), name);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        };
        if (def instanceof Integer) return new IntParam(owner.uid(), name, doc, new Valid<>(valid));
        if (def instanceof Long) return new LongParam(owner.uid(), name, doc, new Valid<>(valid));
        if (def instanceof Double) return new DoubleParam(owner.uid(), name, doc, new Valid<>(valid));
        if (def instanceof Boolean) return new BooleanParam(owner.uid(), name, doc);
        if (def instanceof int[]) return new IntArrayParam(owner, name, doc, new Valid<int[]>(valid));
        return new Param<String>(owner.uid(), name, doc, new Valid<String>(valid));
    }

    /** A setting's value as its Param holds it: choices by their id. */
    private static Object toParam(Setting<?> s, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Boolean || value instanceof int[]) {
            return value;
        }
        return String.valueOf(s.toJson(value));
    }

    /** A Param's isValid: whether the declaration reads the value. */
    static final class Valid<T> extends AbstractFunction1<T, Object> implements Serializable {
        private final SerializablePredicate test;

        Valid(SerializablePredicate test) {
            this.test = test;
        }

        @Override
        public Object apply(T v) {
            return test.test(v);
        }
    }

    interface SerializablePredicate extends Predicate<Object>, Serializable {}
}
