package bnsweep.engine.collective;

/**
 * One worker's end of the exchanges among the workers of a session ({@code collective = ring}): its mailbox, how it
 * sends ({@link Peers}), and the waits the algorithms make ({@link Ring}, {@link Doubling}), each bounded by the
 * session's time-out and ended early when the task is cancelled, a send failed or the awaited peer went away.
 */
final class PeerGroup implements AutoCloseable {
    final Ticket ticket;
    final int rank;
    final int world;
    final Peers peers;
    private final Mailbox box;
    private final Runnable cancelled;

    PeerGroup(Ticket ticket, Mailbox box, Peers peers, Runnable cancelled) {
        this.ticket = ticket;
        this.rank = box.rank();
        this.world = ticket.world();
        this.box = box;
        this.peers = peers;
        this.cancelled = cancelled;
    }

    /** What worker {@code from} sent as part {@code tag} of call {@code seq}, after checking it made the same call. */
    Object take(int from, long seq, int tag, long callSize, String call) {
        PeerServer.Part p = (PeerServer.Part) box.take(from, seq, tag, ticket.timeoutMillis(), cancelled, call, peers.where(from));
        if (p.callSize() != callSize) {
            throw new CollectiveException(call + ": worker " + from + " made a different call (" + describe(p.callSize()) + ") than worker "
                    + rank + " (" + describe(callSize) + ")");
        }
        return p.data();
    }

    private static String describe(long callSize) {
        return callSize >= 0 ? "an all-reduce of " + callSize + " floats" : callSize == Doubling.GATHER ? "an all-gather"
                : "a float64 all-reduce of " + (Doubling.GATHER - 1 - callSize) + " values";
    }

    @Override
    public void close() {
        try {
            peers.close();
        } finally {
            Endpoints.unregister(ticket, box);
        }
    }
}
