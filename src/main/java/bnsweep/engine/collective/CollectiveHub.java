package bnsweep.engine.collective;

import bnsweep.config.CollectiveAlgorithm;
import bnsweep.config.CollectiveSettings;
import bnsweep.util.Timers;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.server.TransportServer;
import org.apache.spark.network.util.TransportConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collective's hub, in the Spark driver. With {@code collective = hub} it is a star: each worker sends its
 * contribution to a call; when all {@code world} workers of the session have sent theirs, the hub combines them
 * (all-reduce: float32 or float64 sums, added in rank order; all-gather: the byte arrays by rank) and answers every
 * worker with the result. With {@code collective = ring} the workers exchange among themselves ({@link PeerGroup}) and
 * the hub keeps the rest: the rendezvous (one all-gather of the workers' addresses), the session, progress notes,
 * time-outs of the rendezvous and the abort of a failed attempt. Workers reach it over TCP on Spark's transport
 * ({@link TcpLink}); it listens on {@code collective-bind-address} (else the driver's own address,
 * {@code spark.driver.bindAddress} or {@code spark.driver.host}; {@code 0.0.0.0} for every interface) at the first
 * free port of {@code collective-ports}, and tells the workers {@code collective-driver-address} (else
 * {@code spark.driver.host}). Workers running in this JVM (local mode) call it directly ({@link LocalLink}), with the
 * same checks.
 *
 * <p>Safety: a contribution must carry the run's random token (else it is refused and logged),
 * belong to the open session (one per epoch attempt) and be the sender's next call; sizes are
 * checked before anything is copied. Every wait is bounded: when a call's first contribution
 * arrives a timer starts, and if the call is not complete when it fires, the session fails with a
 * message naming the workers that did not arrive. A worker whose connection closes mid-session
 * fails it at once. The driver aborts a session whose Spark stage failed.
 */
public final class CollectiveHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectiveHub.class);
    private static final Map<String, CollectiveHub> IN_THIS_JVM = new ConcurrentHashMap<>();
    /** The largest payload any run may send (1 GiB). */
    public static final long MAX_PAYLOAD = Wire.MAX_PAYLOAD;

    private final byte[] token = new byte[Wire.TOKEN_BYTES];
    private final CollectiveSettings settings;
    private final long timeoutMillis;
    private final String advertisedHost;
    private final TransportContext context;
    private final TransportServer server;
    private final ScheduledExecutorService timers = Timers.daemon("bnsweep-collective-timer");
    private HubSession current;
    private int lastSessionId;
    /** The largest payload a worker of this run may send ({@link #limitPayload}); bounds the frames FrameGuard lets through. */
    private volatile long maxPayload = Wire.MAX_PAYLOAD;

    /**
     * @param bindHost       the address to listen on ({@code 0.0.0.0}: every interface)
     * @param advertisedHost the address workers connect to (never a wildcard)
     */
    public CollectiveHub(SparkConf sparkConf, String bindHost, String advertisedHost, CollectiveSettings settings) {
        if (bindHost == null || bindHost.isEmpty()) throw new IllegalArgumentException("no address for the collective hub to listen on");
        if (advertisedHost == null || advertisedHost.isEmpty() || advertisedHost.equals("0.0.0.0") || advertisedHost.equals("::")) {
            throw new IllegalArgumentException("workers cannot connect to '" + advertisedHost + "': set collective-driver-address or"
                    + " spark.driver.host to an address of the driver");
        }
        new SecureRandom().nextBytes(token);
        this.settings = settings;
        this.timeoutMillis = settings.timeoutMillis();
        this.advertisedHost = advertisedHost;
        TransportConf conf = Transport.conf(sparkConf, timeoutMillis + 2 * CollectiveClient.HUB_GRACE_MILLIS);
        this.context = Transport.context(conf, new TcpHandler(this));
        List<org.apache.spark.network.server.TransportServerBootstrap> bootstraps = new ArrayList<>(Transport.serverBootstraps(sparkConf, conf));
        // without spark.authenticate nothing vouches for a peer: check each frame's head before Spark buffers the frame
        if (bootstraps.isEmpty()) {
            bootstraps.add(FrameGuard.bootstrap(Wire.MAGIC, this::ownsToken, () -> FrameGuard.SPARK_HEAD + Wire.HEADER_BYTES + maxPayload));
        }
        this.server = Listener.start(context, bindHost, settings.ports(), bootstraps, "the collective hub");
        IN_THIS_JVM.put(advertisedHost + ":" + port(), this);
    }

    /** A hub in the driver, on the addresses the settings give, else those of Spark's own driver endpoints. */
    public static CollectiveHub onDriver(SparkConf conf, CollectiveSettings settings) {
        String host = settings.driverAddress().isEmpty() ? conf.get("spark.driver.host", "127.0.0.1") : settings.driverAddress();
        String bind = settings.bindAddress().isEmpty() ? conf.get("spark.driver.bindAddress", host) : settings.bindAddress();
        return new CollectiveHub(conf, bind, host, settings);
    }

    /** A hub with {@code algorithm}, on any free port (tests and benchmarks). */
    public static CollectiveHub on(String host, CollectiveAlgorithm algorithm, long timeoutMillis) {
        return new CollectiveHub(new SparkConf(false), host, host, CollectiveSettings.of(algorithm, timeoutMillis));
    }

    /** Whether {@code candidate} is this run's token (in constant time). */
    boolean ownsToken(byte[] candidate) {
        return MessageDigest.isEqual(token, candidate);
    }

    /** The hub a ticket names, if it lives in this JVM (and the ticket carries its token). */
    static CollectiveHub inThisJvm(Ticket t) {
        CollectiveHub hub = IN_THIS_JVM.get(t.host() + ":" + t.port());
        return hub != null && MessageDigest.isEqual(hub.token, t.token()) ? hub : null;
    }

    /** The largest payload this run's workers send (its largest all-reduce or all-gather part); larger frames close the connection. */
    public void limitPayload(long bytes) {
        if (bytes < 1 || bytes > Wire.MAX_PAYLOAD) throw new IllegalArgumentException("payload limit " + bytes + " outside 1.." + Wire.MAX_PAYLOAD);
        maxPayload = bytes;
    }

    public int port() {
        return server.getPort();
    }

    /** Opens a new session for {@code world} workers; the previous one, if still open, is aborted. */
    public synchronized Ticket open(int world) {
        if (current != null) fail(current, "superseded by a new session");
        current = new HubSession(++lastSessionId, world);
        return new Ticket(advertisedHost, port(), token.clone(), current.id, world, settings, maxPayload);
    }

    /** Ends session {@code session} after it succeeded; later calls of it are refused. */
    public synchronized void finish(int session) {
        if (current != null && current.id == session) current = null;
    }

    /**
     * Prefix of the failure every call of a session gets when the driver ended it (its Spark stage failed, or the hub
     * closed): the workers' tasks then stop as killed, since the stage's own failure is already reported.
     */
    public static final String ABORTED = "aborted by the driver: ";

    /** Fails session {@code session} (if it is the open one): every waiting and later call gets {@link #ABORTED} + {@code reason}. */
    public synchronized void abort(int session, String reason) {
        if (current != null && current.id == session) fail(current, ABORTED + reason);
    }

    /**
     * Progress of the open session: steps (the slowest worker's) and mean minibatch loss, as of its last completed call
     * through the hub or of the workers' last progress notes, whichever is further.
     */
    public synchronized Progress progress(int session) {
        if (current == null || current.id != session) return new Progress(0, Double.NaN);
        return current.progress();
    }

    public record Progress(int steps, double meanLoss) {}

    @Override
    public void close() {
        IN_THIS_JVM.remove(advertisedHost + ":" + port(), this);
        synchronized (this) {
            if (current != null) fail(current, ABORTED + "the collective hub closed");
        }
        timers.shutdownNow();
        server.close();
        context.close();
    }

    /** Takes one contribution; answers {@code reply} when the call completes or fails, or at once if it is refused. */
    synchronized void accept(Contribution c, Object link, Reply reply) {
        HubSession s = current;
        if (c.op() == Wire.NOTE) {
            if (s != null && s.id == c.session() && c.rank() >= 0 && c.rank() < s.world) s.note(c.rank(), c.steps(), c.lossSum());
            reply.ok(Result.NONE);
            return;
        }
        String refusal = s == null || c.session() != s.id ? "refused: session " + c.session() + " is over (an earlier epoch attempt)"
                : s.failure != null ? s.failure
                : c.world() != s.world || c.rank() < 0 || c.rank() >= s.world
                        ? "refused: worker " + c.rank() + " of " + c.world() + " in a session of " + s.world + " workers"
                : c.seq() != s.seq ? "refused: worker " + c.rank() + " sent call " + c.seq() + " while call " + s.seq + " is open"
                : null;
        if (refusal != null) {
            reply.fail(refusal);
            return;
        }
        HubSession.Call call = s.pending;
        if (call == null) {
            HubSession.Call started = call = new HubSession.Call(s.seq, c.op(), c.bytes(), s.world);
            call.timer = timers.schedule(() -> timedOut(s, started), timeoutMillis, TimeUnit.MILLISECONDS);
            s.pending = call;
        } else if (call.op != c.op() || (call.op != Wire.ALL_GATHER && call.bytes != c.bytes())) {
            String why = "worker " + c.rank() + " sent " + Wire.opName(c.op()) + " of " + c.bytes() + " bytes to call " + call.seq
                    + ", a " + Wire.opName(call.op) + " of " + call.bytes + " bytes";
            fail(s, why);
            reply.fail(why);
            return;
        }
        if (call.replies[c.rank()] != null) {
            reply.fail("refused: worker " + c.rank() + " sent call " + call.seq + " twice");
            return;
        }
        s.links[c.rank()] = link;
        call.parts[c.rank()] = c;
        call.replies[c.rank()] = reply;
        if (++call.arrived == s.world) {
            complete(s, call);
        } else {
            for (int k = 0; k < s.world; k++) if (s.gone[k] && call.replies[k] == null) fail(s, "worker " + k + "'s connection closed");
        }
    }

    private void complete(HubSession s, HubSession.Call call) {
        call.timer.cancel(false);
        Result result = call.combine();
        s.pending = null;
        s.seq++;
        s.done(call.parts);
        for (Reply r : call.replies) r.ok(result);
    }

    /** A worker's link went away: fatal to the session if that worker still owes the open call. */
    synchronized void disconnected(int sessionOrAny, Object link) {
        HubSession s = current;
        if (s == null || s.failure != null || (sessionOrAny >= 0 && sessionOrAny != s.id)) return;
        for (int k = 0; k < s.world; k++) {
            if (s.links[k] != link) continue;
            s.gone[k] = true;
            if (s.pending != null && s.pending.replies[k] == null) {
                fail(s, "worker " + k + "'s connection closed before it reached " + Wire.opName(s.pending.op) + " call " + s.pending.seq);
            }
        }
    }

    private synchronized void timedOut(HubSession s, HubSession.Call call) {
        if (s.pending != call || s.failure != null) return;
        List<Integer> missing = new ArrayList<>(), arrived = new ArrayList<>();
        for (int k = 0; k < s.world; k++) (call.replies[k] == null ? missing : arrived).add(k);
        fail(s, "collective " + Wire.opName(call.op) + " call " + call.seq + ": worker" + (missing.size() == 1 ? " " : "s ")
                + join(missing) + " did not arrive within " + timeoutMillis / 1000.0 + " s (arrived: " + join(arrived) + ")");
    }

    private static String join(List<Integer> ranks) {
        return ranks.isEmpty() ? "none" : ranks.toString().replaceAll("[\\[\\]]", "");
    }

    private void fail(HubSession s, String reason) {
        if (s.failure != null) return;
        s.failure = reason;
        LOG.warn("collective session {}: {}", s.id, reason);
        HubSession.Call call = s.pending;
        if (call == null) return;
        if (call.timer != null) call.timer.cancel(false);
        for (Reply r : call.replies) if (r != null) r.fail(reason);
    }
}
