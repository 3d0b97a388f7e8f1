package bnsweep.run;

import bnsweep.util.Termination;

/** The process was asked to stop (SIGTERM, Ctrl-C) while training; what was done is recorded as "interrupted". */
public final class RunInterrupted extends RuntimeException {
    public RunInterrupted(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether {@code e} ended a run because the process was asked to stop (recorded as "interrupted", exit 143),
     * not because something failed: the one place that decides it.
     */
    public static boolean isInterruption(Throwable e) {
        return e instanceof RunInterrupted || Termination.requested();
    }
}
