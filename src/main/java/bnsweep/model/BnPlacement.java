package bnsweep.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a hidden block's BN layer sits (config key {@code bn-placement}). */
public enum BnPlacement {
    /** Dense(no bias) → BN → activation (Ioffe & Szegedy 2015; BN's β replaces the bias). */
    BEFORE_ACTIVATION("before-activation"),
    /** Dense(bias) → activation → BN (as many notebooks do). */
    AFTER_ACTIVATION("after-activation");

    private final String id;

    BnPlacement(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static BnPlacement fromId(String id) {
        for (BnPlacement v : values()) if (v.id.equals(id)) return v;
        throw new IllegalArgumentException("'" + id + "' (one of " + Arrays.stream(values()).map(BnPlacement::id).collect(Collectors.joining(", ")) + ")");
    }
}
