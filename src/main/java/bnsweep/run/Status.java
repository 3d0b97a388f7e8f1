package bnsweep.run;

import bnsweep.util.Ids;

/** The status a manifest.json and history.csv record for a run or a sweep (their {@code status}), by its id. */
public enum Status implements Ids.Named {
    /** Started and not ended (or killed without a chance to say so: history.csv turns it into interrupted). */
    RUNNING,
    /** Every output written: the only status that counts as done. */
    COMPLETE,
    FAILED,
    /** Stopped by SIGTERM or Ctrl-C; its checkpoint kept. */
    INTERRUPTED;

    /** Whether {@code status} (as recorded) is this one. */
    public boolean is(String status) {
        return id().equals(status);
    }
}
