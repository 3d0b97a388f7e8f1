package bnsweep.engine.collective;

import java.io.Serializable;

/**
 * What a worker needs to join one collective session: where the hub listens, the run's secret
 * token, the session (one per epoch attempt), the number of workers and the time-out of every wait.
 * Travels to the executors inside the task closure.
 */
public record Ticket(String host, int port, byte[] token, int session, int world, long timeoutMillis)
        implements Serializable {}
