package bnsweep.engine.collective;

import java.nio.ByteBuffer;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.server.OneForOneStreamManager;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.StreamManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub's side of TCP workers: decode and check each frame, refuse foreign ones, then {@link CollectiveHub#accept}. */
final class TcpHandler extends RpcHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TcpHandler.class);
    private final CollectiveHub hub;
    private final StreamManager streams = new OneForOneStreamManager();

    TcpHandler(CollectiveHub hub) {
        this.hub = hub;
    }

    @Override
    public void receive(TransportClient client, ByteBuffer message, RpcResponseCallback callback) {
        Contribution c;
        try {
            Wire.Request r = Wire.decode(message);
            if (!hub.ownsToken(r.token())) {
                LOG.warn("collective: refused a message from {} that does not carry this run's token", client.getSocketAddress());
                callback.onSuccess(Wire.error("refused: the message does not belong to this training run"));
                return;
            }
            c = Wire.contribution(r);
        } catch (CollectiveException e) {
            LOG.warn("collective: refused a message from {}: {}", client.getSocketAddress(), e.getMessage());
            callback.onSuccess(Wire.error("refused: " + e.getMessage()));
            return;
        }
        hub.accept(c, client, new Reply() {
            @Override
            public void ok(Result result) {
                callback.onSuccess(result.encoded());
            }

            @Override
            public void fail(String message) {
                callback.onSuccess(Wire.error(message));
            }
        });
    }

    @Override
    public void channelInactive(TransportClient client) {
        hub.disconnected(-1, client);
    }

    @Override
    public StreamManager getStreamManager() {
        return streams;
    }
}
