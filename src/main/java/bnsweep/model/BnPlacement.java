package bnsweep.model;

import bnsweep.util.Ids;

/** Where a hidden block's BN layer sits (config key {@code bn-placement}). */
public enum BnPlacement implements Ids.Named {
    /** Dense(no bias) → BN → activation (Ioffe & Szegedy 2015; BN's β replaces the bias). */
    BEFORE_ACTIVATION,
    /** Dense(bias) → activation → BN (as many notebooks do). */
    AFTER_ACTIVATION;

    public static BnPlacement fromId(String id) {
        return Ids.byId("bn placement", id, values());
    }
}
