package bnsweep.engine.collective;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.util.TransportConf;

/**
 * A worker's end of the collective: one connection to the {@link CollectiveHub}, blocking calls.
 * Every worker of a session must make the same sequence of calls (same operations, same array
 * lengths); each call returns when all workers have made it, or throws a CollectiveException
 * (a worker did not arrive within the time-out, the session was aborted, the hub is unreachable).
 */
public final class CollectiveClient implements AutoCloseable {
    /** How much longer than the hub's time-out a worker waits before it gives up on the hub itself. */
    static final long HUB_GRACE_MILLIS = 15_000;

    private final Ticket ticket;
    private final int rank;
    private final TransportContext context;
    private final TransportClientFactory factory;
    private final TransportClient client;
    private long seq;
    private long callNanos;
    private int steps;
    private double lossSum;

    CollectiveClient(Ticket ticket, int rank, SparkConf sparkConf) {
        if (rank < 0 || rank >= ticket.world()) throw new IllegalArgumentException("rank " + rank + " of " + ticket.world());
        this.ticket = ticket;
        this.rank = rank;
        TransportConf conf = Transport.conf(sparkConf, ticket.timeoutMillis() + 2 * HUB_GRACE_MILLIS);
        this.context = Transport.context(conf, null);
        this.factory = context.createClientFactory(Transport.clientBootstraps(sparkConf, conf));
        try {
            this.client = factory.createClient(ticket.host(), ticket.port());
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new CollectiveException("worker " + rank + " cannot reach the collective hub at " + ticket.host() + ":"
                    + ticket.port() + " (" + e.getMessage() + ")", e);
        }
    }

    /** Joins the session from inside a Spark task (takes the executor's SparkConf). */
    public static CollectiveClient join(Ticket ticket, int rank) {
        SparkEnv env = SparkEnv.get();
        return new CollectiveClient(ticket, rank, env == null ? new SparkConf(false) : env.conf());
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
        long t0 = System.nanoTime();
        ByteBuffer req = Wire.request(ticket, rank, seq, Wire.ALL_REDUCE, steps, lossSum, data.length * Float.BYTES);
        req.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data);
        ByteBuffer result = call(req.position(req.capacity()).flip(), Wire.ALL_REDUCE);
        if (result.remaining() != data.length * Float.BYTES) throw new CollectiveException("all-reduce reply has the wrong length");
        result.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        callNanos += System.nanoTime() - t0;
    }

    /** Every worker's {@code mine}, indexed by rank. */
    public byte[][] allGather(byte[] mine) {
        long t0 = System.nanoTime();
        ByteBuffer req = Wire.request(ticket, rank, seq, Wire.ALL_GATHER, steps, lossSum, mine.length);
        req.put(mine).flip();
        ByteBuffer result = call(req, Wire.ALL_GATHER);
        byte[][] all = new byte[ticket.world()][];
        for (int r = 0; r < all.length; r++) {
            int n = result.getInt();
            if (n < 0 || n > result.remaining()) throw new CollectiveException("all-gather reply is malformed");
            all[r] = new byte[n];
            result.get(all[r]);
        }
        callNanos += System.nanoTime() - t0;
        return all;
    }

    private ByteBuffer call(ByteBuffer request, byte op) {
        long wait = ticket.timeoutMillis() + HUB_GRACE_MILLIS;
        try {
            ByteBuffer reply = client.sendRpcSync(request, wait);
            seq++;
            return Wire.result(reply);
        } catch (CollectiveException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                throw new CollectiveException("worker " + rank + ": no answer from the collective hub at " + ticket.host() + ":"
                        + ticket.port() + " within " + wait / 1000 + " s (" + Wire.opName(op) + " call " + seq + ")", e);
            }
            throw new CollectiveException("worker " + rank + ": " + Wire.opName(op) + " call " + seq + " failed: " + cause, e);
        }
    }

    @Override
    public void close() {
        if (client != null) client.close();
        if (factory != null) factory.close();
        context.close();
    }
}
