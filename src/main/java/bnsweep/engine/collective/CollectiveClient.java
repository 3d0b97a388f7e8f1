package bnsweep.engine.collective;

import bnsweep.config.CollectiveAlgorithm;
import java.nio.charset.StandardCharsets;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * A worker's end of the collective. Every worker of a session must make the same sequence of calls (same operations,
 * same array lengths); each call returns when all workers have made it, or throws a CollectiveException (a worker did
 * not arrive within the time-out, the session was aborted, a peer or the hub is unreachable).
 *
 * <p>With {@code collective = hub} every call goes through one {@link Link} to the {@link CollectiveHub}. With
 * {@code collective = ring} the worker joins its peers at the start ({@link #rendezvous}: one all-gather of the
 * workers' addresses through the hub) and then exchanges with them directly: float32 all-reduces (parameters,
 * gradients) by {@link Ring}, all-gathers and float64 all-reduces (BN's moments and backward sums) by
 * {@link Doubling}; the hub only receives its progress notes.
 */
public final class CollectiveClient implements AutoCloseable {
    /** How much longer than the hub's time-out a worker waits before it gives up on the hub itself. */
    static final long HUB_GRACE_MILLIS = 15_000;
    /** Progress notes to the hub (collective = ring) go at most this often. */
    static final long NOTE_MILLIS = 500;

    private final Ticket ticket;
    private final int rank;
    private final Link link;
    private PeerGroup group;
    /** The next call through the hub, and the next among the peers: each side counts its own. */
    private long seq;
    private long peerSeq;
    private long callNanos;
    private int steps;
    private double lossSum;
    private long lastNote;

    private CollectiveClient(Ticket ticket, int rank, Link link) {
        this.ticket = ticket;
        this.rank = rank;
        this.link = link;
    }

    private static void check(Ticket ticket, int rank) {
        if (rank < 0 || rank >= ticket.world()) throw new IllegalArgumentException("rank " + rank + " of " + ticket.world());
    }

    private static boolean peerToPeer(Ticket t) {
        return t.settings().algorithm() == CollectiveAlgorithm.RING && t.world() > 1;
    }

    /**
     * Joins over TCP, whatever JVM the hub is in (tests and benchmarks of the TCP path).
     *
     * @param ownHost   the address the other workers reach this one at (collective = ring)
     * @param cancelled run between waits; throws to end them
     */
    public static CollectiveClient tcp(Ticket ticket, int rank, SparkConf sparkConf, String ownHost, Runnable cancelled) {
        check(ticket, rank);
        CollectiveClient c = new CollectiveClient(ticket, rank, new TcpLink(ticket, rank, sparkConf));
        if (peerToPeer(ticket)) c.rendezvous(false, sparkConf, ownHost, cancelled);
        return c;
    }

    /**
     * Joins the session from inside a Spark task: directly when the hub is in this JVM (local mode: the peers too), else
     * over TCP with the executor's SparkConf (its authentication and encryption settings) and its host.
     */
    public static CollectiveClient join(Ticket ticket, int rank, Runnable cancelled) {
        check(ticket, rank);
        CollectiveHub local = CollectiveHub.inThisJvm(ticket);
        if (local != null) {
            CollectiveClient c = new CollectiveClient(ticket, rank, new LocalLink(local, ticket, rank));
            if (peerToPeer(ticket)) c.rendezvous(true, null, null, cancelled);
            return c;
        }
        SparkEnv env = SparkEnv.get();
        SparkConf conf = env == null ? new SparkConf(false) : env.conf();
        String host = env == null ? "127.0.0.1" : env.blockManager().blockManagerId().host();
        return tcp(ticket, rank, conf, host, cancelled);
    }

    /**
     * Registers this worker's mailbox, tells the others where it is and learns where they are (an all-gather through the
     * hub, which names the workers that do not arrive), then connects to them as it first sends.
     */
    private void rendezvous(boolean inThisJvm, SparkConf conf, String ownHost, Runnable cancelled) {
        Mailbox box = new Mailbox(rank, ticket.world());
        Endpoints.register(ticket, box);
        try {
            String address = "in-process";
            if (!inThisJvm) {
                String bind = ticket.settings().bindAddress().isEmpty() ? ownHost : ticket.settings().bindAddress();
                PeerServer.allow((long) ticket.maxPayload() * ((ticket.world() + 1) / 2) + 4L * ticket.world());
                PeerServer server = PeerServer.on(conf, bind, ticket.settings().ports(), ticket.timeoutMillis() + 2 * HUB_GRACE_MILLIS);
                address = ownHost + ":" + server.port();
            }
            byte[][] all = call(Wire.ALL_GATHER, null, null, address.getBytes(StandardCharsets.UTF_8)).gathered;
            String[] addresses = new String[all.length];
            for (int k = 0; k < all.length; k++) addresses[k] = new String(all[k], StandardCharsets.UTF_8);
            Peers peers = inThisJvm ? new InMemoryPeers(ticket, box) : new TcpPeers(ticket, box, addresses, conf);
            group = new PeerGroup(ticket, box, peers, cancelled);
        } catch (RuntimeException e) {
            Endpoints.unregister(ticket, box);
            link.close();
            throw e;
        }
    }

    public int rank() {
        return rank;
    }

    public int world() {
        return ticket.world();
    }

    /** Nanoseconds spent in collective calls so far (encoding, transfer and waiting for the others). */
    public long callNanos() {
        return callNanos;
    }

    /** Progress to report: steps done in this session and the sum of their losses (with the next call, or in a note). */
    public void progress(int stepsDone, double minibatchLossSum) {
        this.steps = stepsDone;
        this.lossSum = minibatchLossSum;
        long now = System.nanoTime();
        if (group != null && now - lastNote >= NOTE_MILLIS * 1_000_000L) {
            lastNote = now;
            link.note(new Contribution(ticket.token(), ticket.session(), rank, ticket.world(), -1, Wire.NOTE, steps, lossSum, null, null,
                    new byte[0]));
        }
    }

    /** Replaces {@code data} by the elementwise sum over all workers, added in a fixed order (so every run gives the same bits). */
    public void allReduceSum(float[] data) {
        allReduceSum(data, group != null ? Route.RING : Route.HUB);
    }

    /** As {@link #allReduceSum(float[])}, by {@code route} (RING only in a session of collective = ring). */
    public void allReduceSum(float[] data, Route route) {
        if (route == Route.RING) {
            long t0 = System.nanoTime();
            Ring.allReduce(peers(route), peerSeq++, data);
            callNanos += System.nanoTime() - t0;
            return;
        }
        if (route != Route.HUB) throw new IllegalArgumentException("a float32 all-reduce goes by the hub or the ring, not " + route);
        Result r = call(Wire.ALL_REDUCE, data, null, null);
        if (r.sum != data) {
            if (r.sum.length != data.length) throw new CollectiveException("all-reduce result has the wrong length");
            System.arraycopy(r.sum, 0, data, 0, data.length);
        }
    }

    /** As {@link #allReduceSum(float[])}, in float64 and in rank order (PyTorch's SyncBatchNorm all-reduces its backward sums so). */
    public void allReduceSum(double[] data) {
        if (group != null) {
            long t0 = System.nanoTime();
            Doubling.allReduce(group, peerSeq++, data);
            callNanos += System.nanoTime() - t0;
            return;
        }
        Result r = call(Wire.ALL_REDUCE_F64, null, data, null);
        if (r.doubleSum != data) {
            if (r.doubleSum.length != data.length) throw new CollectiveException("all-reduce result has the wrong length");
            System.arraycopy(r.doubleSum, 0, data, 0, data.length);
        }
    }

    /** Every worker's {@code mine}, indexed by rank. */
    public byte[][] allGather(byte[] mine) {
        return allGather(mine, group != null ? Route.DOUBLING : Route.HUB);
    }

    /** As {@link #allGather(byte[])}, by {@code route} (RING and DOUBLING only in a session of collective = ring). */
    public byte[][] allGather(byte[] mine, Route route) {
        if (route == Route.HUB) return call(Wire.ALL_GATHER, null, null, mine).gathered.clone();
        long t0 = System.nanoTime();
        byte[][] all = route == Route.RING ? Ring.allGather(peers(route), peerSeq++, mine) : Doubling.allGather(peers(route), peerSeq++, mine);
        callNanos += System.nanoTime() - t0;
        return all;
    }

    private PeerGroup peers(Route route) {
        if (group == null) {
            if (ticket.world() == 1) throw new IllegalStateException("one worker exchanges nothing");
            throw new IllegalStateException(route + " needs a session of collective = ring");
        }
        return group;
    }

    private Result call(byte op, float[] floats, double[] doubles, byte[] blob) {
        long t0 = System.nanoTime();
        Contribution c = new Contribution(ticket.token(), ticket.session(), rank, ticket.world(), seq, op, steps, lossSum, floats,
                doubles, blob);
        Result r = link.call(c, ticket.timeoutMillis() + HUB_GRACE_MILLIS);
        seq++;
        callNanos += System.nanoTime() - t0;
        return r;
    }

    @Override
    public void close() {
        try {
            if (group != null) group.close();
        } finally {
            link.close();
        }
    }
}
