package bnsweep.util;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Values a config file names by id (the enums of settings), and looking them up: the one place that does it. */
public final class Ids {
    private Ids() {}

    /**
     * An enum constant with the name config files use for it: its Java name in lower case, '_' as '-'
     * ({@code LABEL_SORTED} is {@code label-sorted}), so that no enum spells its ids twice.
     */
    public interface Named {
        String name();

        default String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The one of {@code values} whose id is {@code id}; else an IllegalArgumentException "unknown WHAT 'x' (known: a, b, c)". */
    public static <T extends Named> T byId(String what, String id, T[] values) {
        for (T v : values) if (v.id().equals(id)) return v;
        throw unknown(what, id, Arrays.stream(values).map(Named::id).toList());
    }

    /** {@code id} if it is one of {@code names}; else as {@link #byId}. */
    public static String oneOf(String what, String id, List<String> names) {
        if (names.contains(id)) return id;
        throw unknown(what, id, names);
    }

    private static IllegalArgumentException unknown(String what, String id, List<String> known) {
        return new IllegalArgumentException("unknown " + what + " '" + id + "' (known: " + String.join(", ", known) + ")");
    }

    /** Ids of all {@code values}, comma-separated. */
    public static String list(Named[] values) {
        return Arrays.stream(values).map(Named::id).collect(Collectors.joining(", "));
    }
}
