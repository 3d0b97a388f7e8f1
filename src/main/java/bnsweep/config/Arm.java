package bnsweep.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One arm of a sweep ({@code sweep.arms}): a name and the training settings in which it differs
 * from the base, e.g. the two networks of a notebook, one with BN and one without, that differ in
 * activation and initialisation too. Every arm runs at every point of the sweep's other dimensions;
 * the first arm is the reference the others are compared with, paired by seed (same seed: same data
 * order, and the same initial weights where the arms' Dense layers and initialisation agree).
 */
public record Arm(String name, Map<Setting<?>, Object> settings) implements Serializable {
    public static final String KEY = "sweep.arms";

    /** The list's default: no arms, the BN modes of {@code sweep.bn} are compared with {@code bn = none}. */
    public static final String DEFAULT = "[]";

    /** The arms of {@code sweep.arms}; {@code swept} are the settings the sweep's lists vary, which an arm may not set. */
    static List<Arm> read(Config c, Collection<Setting<?>> swept) {
        List<? extends ConfigValue> items;
        try {
            items = c.getList(KEY);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad value for '" + KEY + "': " + e.getMessage().replaceFirst("^.*?: ", "") + " (a list)", e);
        }
        List<Arm> arms = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String where = KEY + "[" + i + "]";
            if (!(items.get(i) instanceof ConfigObject o)) throw new IllegalArgumentException("bad value for '" + where + "': not an object { name = ..., key = value ... }");
            Object name = o.unwrapped().get("name");
            if (!(name instanceof String n) || !n.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("bad value for '" + where + ".name': " + name + " (each arm needs a name of a-z, 0-9 and '-')");
            }
            if (!names.add(n)) throw new IllegalArgumentException("bad value for '" + where + ".name': '" + n + "' names two arms");
            Map<Setting<?>, Object> settings = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
                if (e.getKey().equals("name")) continue;
                String key = where + "." + e.getKey();
                Setting<?> s;
                try {
                    s = TrainKeys.byKey(e.getKey());
                } catch (IllegalArgumentException unknown) {
                    throw new IllegalArgumentException("unknown key '" + key + "' (an arm sets training settings)", unknown);
                }
                if (s.operational() || s.scope() == Setting.Scope.DATA || s == TrainKeys.SEED) {
                    throw new IllegalArgumentException("bad key '" + key + "': arms share " + s.key() + " (set it outside the arms)");
                }
                if (swept.contains(s)) {
                    throw new IllegalArgumentException("bad key '" + key + "': sweep." + s.sweepKey() + " sweeps " + s.key()
                            + " over every arm; an arm cannot also set it");
                }
                settings.put(s, s.readItem(e.getValue(), key));
            }
            arms.add(new Arm(n, Map.copyOf(settings)));
        }
        if (arms.size() == 1) throw new IllegalArgumentException("bad value for '" + KEY + "': one arm compares nothing (give two or more, or none)");
        return List.copyOf(arms);
    }

    /** {@code c} as this arm: the settings {@code other} (another arm) set return to {@code base}'s values, then this arm's are set. */
    TrainSettings apply(TrainSettings c, Arm other, TrainSettings base) {
        TrainSettings out = c;
        if (other != null) for (Setting<?> s : other.settings.keySet()) out = set(out, s, base.get(s));
        for (Map.Entry<Setting<?>, Object> e : settings.entrySet()) out = set(out, e.getKey(), e.getValue());
        return out.withArm(name);
    }

    @SuppressWarnings("unchecked")
    private static TrainSettings set(TrainSettings c, Setting<?> s, Object v) {
        return c.with((Setting<Object>) s, v);
    }

    /** As written to sweep.json: name and settings. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        for (Setting<?> s : TrainKeys.ALL) if (settings.containsKey(s)) m.put(s.key(), s.toJson(settings.get(s)));
        return m;
    }
}
