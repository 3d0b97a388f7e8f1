package bnsweep.engine.collective;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.server.OneForOneStreamManager;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.StreamManager;
import org.apache.spark.network.server.TransportServer;
import org.apache.spark.network.util.TransportConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collective's hub, in the Spark driver: a star. Each worker sends its contribution to a call;
 * when all {@code world} workers of the session have sent theirs, the hub combines them (all-reduce:
 * float sums, added in rank order; all-gather: the byte arrays by rank) and answers every worker
 * with the result. It binds to the driver's own address ({@code spark.driver.bindAddress}, else
 * {@code spark.driver.host}), the one executors already reach the driver at.
 *
 * <p>Safety: a message must carry the run's random token (else it is refused and logged), belong to
 * the open session (one per epoch attempt) and be the sender's next call; sizes are checked before
 * anything is copied. Every wait is bounded: when a call's first contribution arrives a timer starts,
 * and if the call is not complete when it fires, the session fails with a message naming the workers
 * that did not arrive. A worker whose connection closes mid-session fails it at once. The driver
 * aborts a session whose Spark stage failed, so no worker waits on a dead stage.
 */
public final class CollectiveHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectiveHub.class);

    private final byte[] token = new byte[Wire.TOKEN_BYTES];
    private final long timeoutMillis;
    private final String advertisedHost;
    private final TransportContext context;
    private final TransportServer server;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bnsweep-collective-timer");
        t.setDaemon(true);
        return t;
    });
    private Session current;
    private int lastSessionId;

    /**
     * @param bindHost       the address to listen on (never a wildcard)
     * @param advertisedHost the address workers connect to
     */
    public CollectiveHub(SparkConf sparkConf, String bindHost, String advertisedHost, long timeoutMillis) {
        if (bindHost == null || bindHost.isEmpty() || bindHost.equals("0.0.0.0") || bindHost.equals("::")) {
            throw new IllegalArgumentException("the collective hub binds to one address, not '" + bindHost + "'");
        }
        if (timeoutMillis < 1) throw new IllegalArgumentException("time-out must be positive");
        new SecureRandom().nextBytes(token);
        this.timeoutMillis = timeoutMillis;
        this.advertisedHost = advertisedHost;
        TransportConf conf = Transport.conf(sparkConf, timeoutMillis + 2 * CollectiveClient.HUB_GRACE_MILLIS);
        this.context = Transport.context(conf, new Handler());
        this.server = context.createServer(bindHost, 0, Transport.serverBootstraps(sparkConf, conf));
    }

    /** A hub on the driver's address, as Spark's own driver endpoints use it. */
    public static CollectiveHub onDriver(SparkConf conf, long timeoutMillis) {
        String host = conf.get("spark.driver.host", "127.0.0.1");
        return new CollectiveHub(conf, conf.get("spark.driver.bindAddress", host), host, timeoutMillis);
    }

    public int port() {
        return server.getPort();
    }

    /** Opens a new session for {@code world} workers; the previous one, if still open, is aborted. */
    public synchronized Ticket open(int world) {
        if (current != null) fail(current, "superseded by a new session");
        current = new Session(++lastSessionId, world);
        return new Ticket(advertisedHost, port(), token.clone(), current.id, world, timeoutMillis);
    }

    /** Ends session {@code session} after it succeeded; later messages of it are refused. */
    public synchronized void finish(int session) {
        if (current != null && current.id == session) current = null;
    }

    /** Fails session {@code session} (if it is the open one): every waiting and later call gets {@code reason}. */
    public synchronized void abort(int session, String reason) {
        if (current != null && current.id == session) fail(current, reason);
    }

    /** Progress of the open session as of its last completed call: steps (the slowest worker's) and mean minibatch loss. */
    public synchronized Progress progress(int session) {
        if (current == null || current.id != session) return new Progress(0, Double.NaN);
        return new Progress(current.doneSteps, current.doneStepsSum == 0 ? Double.NaN : current.doneLossSum / current.doneStepsSum);
    }

    public record Progress(int steps, double meanLoss) {}

    @Override
    public void close() {
        synchronized (this) {
            if (current != null) fail(current, "the collective hub closed");
        }
        timers.shutdownNow();
        server.close();
        context.close();
    }

    /** One epoch attempt's calls; {@code pending} is the call being collected. */
    private static final class Session {
        final int id, world;
        final TransportClient[] clients;
        final boolean[] gone;
        long seq;
        Call pending;
        String failure;
        int doneSteps;
        long doneStepsSum;
        double doneLossSum;

        Session(int id, int world) {
            this.id = id;
            this.world = world;
            this.clients = new TransportClient[world];
            this.gone = new boolean[world];
        }
    }

    /** The contributions to one call so far. */
    private static final class Call {
        final long seq;
        final byte op;
        final int bytes;
        final float[][] floats;
        final byte[][] blobs;
        final RpcResponseCallback[] replies;
        final int[] steps;
        final double[] losses;
        int arrived;
        ScheduledFuture<?> timer;

        Call(long seq, byte op, int bytes, int world) {
            this.seq = seq;
            this.op = op;
            this.bytes = bytes;
            this.floats = op == Wire.ALL_REDUCE ? new float[world][] : null;
            this.blobs = op == Wire.ALL_GATHER ? new byte[world][] : null;
            this.replies = new RpcResponseCallback[world];
            this.steps = new int[world];
            this.losses = new double[world];
        }
    }

    private final class Handler extends RpcHandler {
        private final StreamManager streams = new OneForOneStreamManager();

        @Override
        public void receive(TransportClient client, ByteBuffer message, RpcResponseCallback callback) {
            String refusal = accept(client, message, callback);
            if (refusal != null) callback.onSuccess(Wire.error(refusal));
        }

        @Override
        public void channelInactive(TransportClient client) {
            synchronized (CollectiveHub.this) {
                Session s = current;
                if (s == null || s.failure != null) return;
                for (int r = 0; r < s.world; r++) {
                    if (s.clients[r] != client) continue;
                    s.gone[r] = true;
                    if (s.pending != null && s.pending.replies[r] == null) {
                        fail(s, "worker " + r + "'s connection closed before it reached " + Wire.opName(s.pending.op) + " call " + s.pending.seq);
                    }
                }
            }
        }

        @Override
        public StreamManager getStreamManager() {
            return streams;
        }
    }

    /** Takes one contribution; returns why it is refused, or null. */
    private String accept(TransportClient client, ByteBuffer message, RpcResponseCallback callback) {
        Wire.Request r;
        try {
            r = Wire.decode(message);
        } catch (CollectiveException e) {
            LOG.warn("collective: refused a message from {}: {}", client.getSocketAddress(), e.getMessage());
            return "refused: " + e.getMessage();
        }
        if (!r.tokenMatches(token)) {
            LOG.warn("collective: refused a message from {} that does not carry this run's token", client.getSocketAddress());
            return "refused: the message does not belong to this training run";
        }
        synchronized (this) {
            Session s = current;
            if (s == null || r.session() != s.id) return "refused: session " + r.session() + " is over (an earlier epoch attempt)";
            if (s.failure != null) return s.failure;
            if (r.world() != s.world || r.rank() < 0 || r.rank() >= s.world) {
                return "refused: worker " + r.rank() + " of " + r.world() + " in a session of " + s.world + " workers";
            }
            if (r.seq() != s.seq) return "refused: worker " + r.rank() + " sent call " + r.seq() + " while call " + s.seq + " is open";
            Call c = s.pending;
            if (c == null) {
                c = new Call(s.seq, r.op(), r.payload().remaining(), s.world);
                Call started = c;
                c.timer = timers.schedule(() -> timedOut(s, started), timeoutMillis, TimeUnit.MILLISECONDS);
                s.pending = c;
            } else if (c.op != r.op() || (c.op == Wire.ALL_REDUCE && c.bytes != r.payload().remaining())) {
                String why = "worker " + r.rank() + " sent " + Wire.opName(r.op()) + " of " + r.payload().remaining()
                        + " bytes to call " + c.seq + ", a " + Wire.opName(c.op) + " of " + c.bytes + " bytes";
                fail(s, why);
                return why;
            }
            if (c.replies[r.rank()] != null) return "refused: worker " + r.rank() + " sent call " + c.seq + " twice";
            s.clients[r.rank()] = client;
            if (c.op == Wire.ALL_REDUCE) {
                float[] f = new float[c.bytes / Float.BYTES];
                r.payload().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                c.floats[r.rank()] = f;
            } else {
                byte[] b = new byte[r.payload().remaining()];
                r.payload().get(b);
                c.blobs[r.rank()] = b;
            }
            c.replies[r.rank()] = callback;
            c.steps[r.rank()] = r.steps();
            c.losses[r.rank()] = r.lossSum();
            if (++c.arrived == s.world) complete(s, c);
            else for (int k = 0; k < s.world; k++) if (s.gone[k] && c.replies[k] == null) fail(s, "worker " + k + "'s connection closed");
            return null;
        }
    }

    private void complete(Session s, Call c) {
        c.timer.cancel(false);
        ByteBuffer result = c.op == Wire.ALL_REDUCE ? sum(c.floats) : concatenate(c.blobs);
        s.pending = null;
        s.seq++;
        int minSteps = Integer.MAX_VALUE;
        long stepSum = 0;
        double lossSum = 0;
        for (int k = 0; k < s.world; k++) {
            minSteps = Math.min(minSteps, c.steps[k]);
            stepSum += c.steps[k];
            lossSum += c.losses[k];
        }
        s.doneSteps = minSteps;
        s.doneStepsSum = stepSum;
        s.doneLossSum = lossSum;
        for (RpcResponseCallback reply : c.replies) reply.onSuccess(result.duplicate());
    }

    /** Elementwise sum, added in rank order: the same bits whatever order the workers arrived in. */
    private static ByteBuffer sum(float[][] parts) {
        float[] acc = parts[0];
        for (int k = 1; k < parts.length; k++) {
            float[] p = parts[k];
            for (int i = 0; i < acc.length; i++) acc[i] += p[i];
        }
        ByteBuffer out = ByteBuffer.allocate(1 + acc.length * Float.BYTES).put(Wire.OK);
        out.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(acc);
        return out.position(out.capacity()).flip();
    }

    private static ByteBuffer concatenate(byte[][] parts) {
        int n = 1;
        for (byte[] p : parts) n += 4 + p.length;
        ByteBuffer out = ByteBuffer.allocate(n).put(Wire.OK);
        for (byte[] p : parts) out.putInt(p.length).put(p);
        return out.flip();
    }

    private synchronized void timedOut(Session s, Call c) {
        if (s.pending != c || s.failure != null) return;
        List<Integer> missing = new ArrayList<>(), arrived = new ArrayList<>();
        for (int k = 0; k < s.world; k++) (c.replies[k] == null ? missing : arrived).add(k);
        fail(s, "collective " + Wire.opName(c.op) + " call " + c.seq + ": worker" + (missing.size() == 1 ? " " : "s ")
                + join(missing) + " did not arrive within " + timeoutMillis / 1000.0 + " s (arrived: " + join(arrived) + ")");
    }

    private static String join(List<Integer> ranks) {
        return ranks.isEmpty() ? "none" : ranks.toString().replaceAll("[\\[\\]]", "");
    }

    private void fail(Session s, String reason) {
        if (s.failure != null) return;
        s.failure = reason;
        LOG.warn("collective session {}: {}", s.id, reason);
        Call c = s.pending;
        if (c == null) return;
        if (c.timer != null) c.timer.cancel(false);
        for (RpcResponseCallback reply : c.replies) if (reply != null) reply.onSuccess(Wire.error(reason));
    }
}
