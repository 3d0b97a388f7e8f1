package bnsweep.util;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Looking up a value by the name a config file uses for it. */
public final class Ids {
    private Ids() {}

    /** The one of {@code values} whose id is {@code id}; else an IllegalArgumentException "'x' (one of a, b, c)". */
    @SafeVarargs
    public static <T> T byId(String id, Function<T, String> idOf, T... values) {
        for (T v : values) if (idOf.apply(v).equals(id)) return v;
        throw new IllegalArgumentException("'" + id + "' (one of " + Arrays.stream(values).map(idOf).collect(Collectors.joining(", ")) + ")");
    }
}
