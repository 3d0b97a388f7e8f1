package bnsweep.engine.collective;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * A worker's end of the collective: blocking calls through one {@link Link} to the
 * {@link CollectiveHub}. Every worker of a session must make the same sequence of calls (same
 * operations, same array lengths); each call returns when all workers have made it, or throws a
 * CollectiveException (a worker did not arrive within the time-out, the session was aborted, the
 * hub is unreachable).
 */
public final class CollectiveClient implements AutoCloseable {
    /** How much longer than the hub's time-out a worker waits before it gives up on the hub itself. */
    static final long HUB_GRACE_MILLIS = 15_000;

    private final Ticket ticket;
    private final int rank;
    private final Link link;
    private long seq;
    private long callNanos;
    private int steps;
    private double lossSum;

    private CollectiveClient(Ticket ticket, int rank, Link link) {
        this.ticket = ticket;
        this.rank = rank;
        this.link = link;
    }

    private static void check(Ticket ticket, int rank) {
        if (rank < 0 || rank >= ticket.world()) throw new IllegalArgumentException("rank " + rank + " of " + ticket.world());
    }

    /** Joins over TCP, whatever JVM the hub is in (tests and benchmarks of the TCP path). */
    public static CollectiveClient tcp(Ticket ticket, int rank, SparkConf sparkConf) {
        check(ticket, rank);
        return new CollectiveClient(ticket, rank, new TcpLink(ticket, rank, sparkConf));
    }

    /**
     * Joins the session from inside a Spark task: directly when the hub is in this JVM (local mode),
     * else over TCP with the executor's SparkConf (its authentication and encryption settings).
     */
    public static CollectiveClient join(Ticket ticket, int rank) {
        check(ticket, rank);
        CollectiveHub local = CollectiveHub.inThisJvm(ticket);
        if (local != null) return new CollectiveClient(ticket, rank, new LocalLink(local, ticket, rank));
        SparkEnv env = SparkEnv.get();
        return tcp(ticket, rank, env == null ? new SparkConf(false) : env.conf());
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

    /** Progress to report with the next call: steps done in this session and the sum of their losses. */
    public void progress(int stepsDone, double minibatchLossSum) {
        this.steps = stepsDone;
        this.lossSum = minibatchLossSum;
    }

    /** Replaces {@code data} by the elementwise sum over all workers, added in rank order (so every run gives the same bits). */
    public void allReduceSum(float[] data) {
        Result r = call(Wire.ALL_REDUCE, data, null, null);
        if (r.sum != data) {
            if (r.sum.length != data.length) throw new CollectiveException("all-reduce result has the wrong length");
            System.arraycopy(r.sum, 0, data, 0, data.length);
        }
    }

    /** As {@link #allReduceSum(float[])}, in float64 (PyTorch's SyncBatchNorm all-reduces its backward sums so). */
    public void allReduceSum(double[] data) {
        Result r = call(Wire.ALL_REDUCE_F64, null, data, null);
        if (r.doubleSum != data) {
            if (r.doubleSum.length != data.length) throw new CollectiveException("all-reduce result has the wrong length");
            System.arraycopy(r.doubleSum, 0, data, 0, data.length);
        }
    }

    /** Every worker's {@code mine}, indexed by rank. */
    public byte[][] allGather(byte[] mine) {
        return call(Wire.ALL_GATHER, null, null, mine).gathered.clone();
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
        link.close();
    }
}
