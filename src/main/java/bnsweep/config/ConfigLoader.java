package bnsweep.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * HOCON config files + {@code key=value} overrides, on top of the declared defaults
 * ({@link bnsweep.config.TrainKeys} and {@link SweepSettings#defaults()}). Unknown keys
 * (in the file or on the command line) are errors naming the key, never silently ignored.
 */
public final class ConfigLoader {
    public static final String ROOT = "bnsweep";
    /** The origin description of every default value (what tells a value the user gave from a default). */
    static final String DEFAULTS_ORIGIN = "bnsweep defaults";
    private static final Config DEFAULTS = defaults();

    private static Config defaults() {
        StringBuilder hocon = new StringBuilder();
        SweepSettings.defaults().forEach((k, v) -> hocon.append(k).append(" = ").append(v).append('\n'));
        return ConfigFactory.parseString(hocon.toString(), ConfigParseOptions.defaults().setOriginDescription(DEFAULTS_ORIGIN));
    }

    private ConfigLoader() {}

    /** The resolved {@code bnsweep} block: {@code file}'s (none: the defaults) with the overrides. */
    public static Config load(Path file, List<String> overrides) {
        if (file == null) return withOverrides(ConfigFactory.empty(), overrides);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": config file not found");
        requireUtf8(file);
        Config fromFile;
        try {
            Config parsed = ConfigFactory.parseFile(file.toFile()).resolve();
            fromFile = parsed.hasPath(ROOT) ? parsed.getConfig(ROOT) : ConfigFactory.empty();
            for (String top : parsed.root().keySet()) {
                if (!top.equals(ROOT)) throw new IllegalArgumentException(file + ": unknown top-level key '" + top + "' (settings go inside bnsweep { })");
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, ?> e : fromFile.entrySet()) {
            if (!DEFAULTS.hasPath(e.getKey())) throw new IllegalArgumentException(file + ": unknown key '" + e.getKey() + "' (known: " + knownKeys() + ")");
        }
        return withOverrides(fromFile, overrides);
    }

    private static Config withOverrides(Config c, List<String> overrides) {
        for (String o : overrides == null ? List.<String>of() : overrides) c = override(o).withFallback(c);
        return withDefaults(c);
    }

    /** {@code c} (the settings of the {@code bnsweep} block, by key) over the declared defaults. */
    public static Config withDefaults(Config c) {
        return c.withFallback(DEFAULTS).resolve();
    }

    /** Refuses a file that is not UTF-8 (HOCON's encoding), naming the byte offset of the first bad byte. */
    static void requireUtf8(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, CharBuffer.allocate(bytes.length), true);
        if (r.isError()) {
            throw new IllegalArgumentException(file + ": not UTF-8 text (byte " + in.position() + " is 0x"
                    + String.format("%02x", bytes[in.position()] & 0xff) + "); save it as UTF-8");
        }
    }

    static Config override(String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("override '" + arg + "' is not key=value");
        String key = arg.substring(0, eq).trim(), value = arg.substring(eq + 1).trim();
        if (!DEFAULTS.hasPath(key)) throw new IllegalArgumentException("unknown key '" + key + "' (known: " + knownKeys() + ")");
        Object v = value;
        if (DEFAULTS.getValue(key).valueType() == com.typesafe.config.ConfigValueType.LIST) {
            List<String> items = new ArrayList<>();
            for (String s : value.replaceAll("^\\[|]$", "").split(",")) if (!s.isBlank()) items.add(s.trim());
            v = items;
        }
        return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(v, "command line " + key));
    }

    public static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>();
        DEFAULTS.entrySet().forEach(e -> keys.add(e.getKey()));
        return keys;
    }
}
