package bnsweep.engine.collective;

import bnsweep.config.PortRange;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.server.OneForOneStreamManager;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.StreamManager;
import org.apache.spark.network.server.TransportServer;
import org.apache.spark.network.server.TransportServerBootstrap;
import org.apache.spark.network.util.TransportConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor's collective server: where the other workers' ring segments and recursive-doubling blocks arrive for the
 * workers of this JVM ({@link Endpoints}). One per JVM and address, started by the first worker that needs it and kept,
 * as Spark keeps an executor's block manager port; on the first free port of {@code collective-ports}. The same checks
 * as the hub's: the run's token (FrameGuard, before a frame is buffered) or {@code spark.authenticate}, a live session,
 * sizes before copies. A sender's connection that closes tells the workers it sent to, so a wait for it ends at once.
 */
final class PeerServer extends RpcHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PeerServer.class);
    private static final Map<String, PeerServer> BY_ADDRESS = new ConcurrentHashMap<>();
    /** The largest message a peer may send: a ring segment, or half the workers' blocks of the largest payload. */
    static volatile long maxPayload = Ring.SEGMENT_FLOATS * Float.BYTES;

    private final StreamManager streams = new OneForOneStreamManager();
    /** The workers each connection delivered to, and from whom: told when it closes. */
    private final Map<TransportClient, Set<Delivery>> deliveries = new ConcurrentHashMap<>();
    private final TransportServer server;

    private record Delivery(Mailbox box, int from) {}

    private PeerServer(SparkConf sparkConf, String bindHost, PortRange ports, long idleMillis) {
        TransportConf conf = Transport.conf(sparkConf, idleMillis);
        TransportContext context = Transport.context(conf, this);
        List<TransportServerBootstrap> bootstraps = new ArrayList<>(Transport.serverBootstraps(sparkConf, conf));
        if (bootstraps.isEmpty()) {
            bootstraps.add(FrameGuard.bootstrap(PeerWire.MAGIC, Endpoints::knowsToken,
                    () -> FrameGuard.SPARK_HEAD + PeerWire.HEADER_BYTES + maxPayload));
        }
        this.server = Listener.start(context, bindHost, ports, bootstraps, "the collective server of this executor");
    }

    /** This JVM's server on {@code bindHost}, started on first use. */
    static PeerServer on(SparkConf sparkConf, String bindHost, PortRange ports, long idleMillis) {
        return BY_ADDRESS.computeIfAbsent(bindHost + "/" + ports, k -> new PeerServer(sparkConf, bindHost, ports, idleMillis));
    }

    /** Allows messages of {@code bytes} (a worker registering a session whose blocks may be that large). */
    static synchronized void allow(long bytes) {
        maxPayload = Math.max(maxPayload, Math.min(bytes, Wire.MAX_PAYLOAD));
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void receive(TransportClient client, ByteBuffer message, RpcResponseCallback callback) {
        try {
            PeerWire.Frame f = PeerWire.decode(message, maxPayload);
            Mailbox box = Endpoints.get(f.token(), f.session(), f.to());
            if (box == null) {
                String why = "refused: worker " + f.to() + " of session " + f.session() + " is not here (a message of an earlier epoch"
                        + " attempt, or of another run)";
                LOG.warn("collective: {} from {}", why, client.getSocketAddress());
                callback.onSuccess(Wire.error(why));
                return;
            }
            deliveries.computeIfAbsent(client, c -> ConcurrentHashMap.newKeySet()).add(new Delivery(box, f.from()));
            box.put(f.from(), f.seq(), f.tag(), new Part(f.callSize(), PeerWire.payload(f)));
            callback.onSuccess(PeerWire.ok());
        } catch (CollectiveException e) {
            LOG.warn("collective: refused a message from {}: {}", client.getSocketAddress(), e.getMessage());
            callback.onSuccess(Wire.error("refused: " + e.getMessage()));
        }
    }

    @Override
    public void channelInactive(TransportClient client) {
        Set<Delivery> gone = deliveries.remove(client);
        if (gone != null) for (Delivery d : gone) d.box().gone(d.from());
    }

    @Override
    public StreamManager getStreamManager() {
        return streams;
    }

    /** What a peer sent: the size of its whole call (both ends must agree) and the payload (float[] or byte[][]). */
    record Part(long callSize, Object data) {}
}
