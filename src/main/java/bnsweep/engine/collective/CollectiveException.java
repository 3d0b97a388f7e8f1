package bnsweep.engine.collective;

/** A collective operation failed: a worker did not arrive in time, a message was refused, the hub went away. */
public final class CollectiveException extends RuntimeException {
    public CollectiveException(String message) {
        super(message);
    }

    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The driver ended the session ({@link CollectiveHub#ABORTED}): the failure that made it do so is reported elsewhere. */
    public boolean abortedByDriver() {
        return getMessage() != null && getMessage().startsWith(CollectiveHub.ABORTED);
    }
}
