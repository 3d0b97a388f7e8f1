package bnsweep.run;

/** The process was asked to stop (SIGTERM, Ctrl-C) while training; what was done is recorded as "interrupted". */
public final class RunInterrupted extends RuntimeException {
    public RunInterrupted(String message, Throwable cause) {
        super(message, cause);
    }
}
