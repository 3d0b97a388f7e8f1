package bnsweep.engine.collective;

import java.util.Arrays;

/**
 * Peers in this JVM (Spark local mode, where every worker is a thread of the driver): a send puts a copy straight into
 * the receiver's mailbox, as {@link LocalLink} calls the hub without the network. Ordering, checks and time-outs are
 * those of TCP; only the sockets are skipped.
 */
final class InMemoryPeers implements Peers {
    private final Ticket ticket;
    private final Mailbox own;
    private final Mailbox[] others;

    InMemoryPeers(Ticket ticket, Mailbox own) {
        this.ticket = ticket;
        this.own = own;
        this.others = new Mailbox[ticket.world()];
    }

    private Mailbox to(int rank) {
        if (others[rank] == null) others[rank] = Endpoints.get(ticket.token(), ticket.session(), rank);
        if (others[rank] == null) own.fail("worker " + own.rank() + ": worker " + rank + " has left session " + ticket.session());
        return others[rank];
    }

    @Override
    public void floats(int to, long seq, int tag, long callSize, float[] data, int offset, int length) {
        Mailbox m = to(to);
        if (m != null) m.put(own.rank(), seq, tag, new PeerServer.Part(callSize, Arrays.copyOfRange(data, offset, offset + length)));
    }

    @Override
    public void blocks(int to, long seq, int tag, long callSize, byte[][] blocks) {
        Mailbox m = to(to);
        if (m != null) m.put(own.rank(), seq, tag, new PeerServer.Part(callSize, blocks.clone()));
    }

    /** A whole chunk: in memory there is no transfer to overlap. */
    @Override
    public int segmentFloats() {
        return Integer.MAX_VALUE;
    }

    @Override
    public String where(int rank) {
        return "in this JVM";
    }

    /** Nothing is in flight (every send was a put); the others learn that this worker left, as a closed connection tells them. */
    @Override
    public void close() {
        for (int k = 0; k < ticket.world(); k++) {
            Mailbox m = k == own.rank() ? null : Endpoints.get(ticket.token(), ticket.session(), k);
            if (m != null) m.gone(own.rank());
        }
    }
}
