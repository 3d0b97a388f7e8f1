package bnsweep.engine.collective;

import bnsweep.config.CollectiveSettings;
import java.io.Serializable;

/**
 * What a worker needs to join one collective session: where the hub listens, the run's secret token, the session (one
 * per epoch attempt), the number of workers, how they exchange and where an executor's collective server listens
 * ({@code settings}), and the largest payload of a call. Travels to the executors inside the task closure.
 */
public record Ticket(String host, int port, byte[] token, int session, int world, CollectiveSettings settings, long maxPayload)
        implements Serializable {
    /** The longest wait of a worker for another at a call. */
    public long timeoutMillis() {
        return settings.timeoutMillis();
    }
}
