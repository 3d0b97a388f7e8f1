package bnsweep.engine.collective;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.TransportServerBootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first look at every TCP connection of the hub and of an executor's collective server, before Spark's frame decoder (which would buffer
 * a frame of up to 2^31 − 1 bytes before anything checks it). Without {@code spark.authenticate}
 * it reads the head of each frame as the bytes arrive: Spark's frame header (length: 8 bytes,
 * message type: 1, request id: 8, body size: 4; {@code MessageEncoder}, {@code RpcRequest}) and the
 * start of bnsweep's message ({@link Wire}, {@link PeerWire}: MAGIC and the run's token). The connection is closed
 * at the first frame that is not an RPC request, is longer than the run can need
 * ({@code maxFrame}), or does not carry the run's token, so an unauthenticated peer makes the process
 * hold at most one frame head and one network read. With {@code spark.authenticate} Spark's own
 * handshake comes first and authenticates the peer instead.
 */
final class FrameGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameGuard.class);
    /** Spark's frame head, then bnsweep's MAGIC and token: what is checked of every frame. */
    static final int SPARK_HEAD = 8 + 1 + 8 + 4, HEAD = SPARK_HEAD + 4 + Wire.TOKEN_BYTES;
    static final byte RPC_REQUEST = 3;

    private final int magic;
    private final Predicate<byte[]> knownToken;
    private final LongSupplier maxFrame;
    private final byte[] head = new byte[HEAD];
    private int headFill;
    private long bodyLeft;
    private boolean closed;

    FrameGuard(int magic, Predicate<byte[]> knownToken, LongSupplier maxFrame) {
        this.magic = magic;
        this.knownToken = knownToken;
        this.maxFrame = maxFrame;
    }

    /**
     * Installs a guard on every connection a server accepts (a server bootstrap runs before the pipeline is built).
     *
     * @param magic      what every message starts with ({@link Wire#MAGIC} or {@link PeerWire#MAGIC})
     * @param knownToken whether a token is a run's this server serves
     */
    static TransportServerBootstrap bootstrap(int magic, Predicate<byte[]> knownToken, LongSupplier maxFrame) {
        return new TransportServerBootstrap() {
            @Override
            public RpcHandler doBootstrap(Channel channel, RpcHandler rpcHandler) {
                channel.pipeline().addFirst("bnsweep-frame-guard", new FrameGuard(magic, knownToken, maxFrame));
                return rpcHandler;
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            release(msg);
            return;
        }
        if (msg instanceof ByteBuf buf) {
            String refusal = inspect(buf, buf.readerIndex(), buf.writerIndex());
            if (refusal != null) {
                closed = true;
                buf.release();
                LOG.warn("collective: closed the connection from {}: {}", ctx.channel().remoteAddress(), refusal);
                ctx.close();
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Walks bytes [from, to) of the stream; returns why the connection must close, or null. */
    String inspect(ByteBuf buf, int from, int to) {
        int at = from;
        while (at < to) {
            if (bodyLeft > 0) {
                int skip = (int) Math.min(bodyLeft, to - at);
                bodyLeft -= skip;
                at += skip;
                continue;
            }
            int n = Math.min(HEAD - headFill, to - at);
            buf.getBytes(at, head, headFill, n);
            headFill += n;
            at += n;
            if (headFill < HEAD) return null;
            headFill = 0;
            String refusal = check();
            if (refusal != null) return refusal;
        }
        return null;
    }

    /** Checks a complete frame head; on success the rest of the frame is skipped. */
    private String check() {
        long frame = 0;
        for (int i = 0; i < 8; i++) frame = (frame << 8) | (head[i] & 0xff);
        if (head[8] != RPC_REQUEST) return "message type " + head[8] + " is not an RPC request";
        long limit = maxFrame.getAsLong();
        if (frame < HEAD || frame > limit) return "a frame of " + frame + " bytes (this run's largest is " + limit + ")";
        int magic = ((head[SPARK_HEAD] & 0xff) << 24) | ((head[SPARK_HEAD + 1] & 0xff) << 16) | ((head[SPARK_HEAD + 2] & 0xff) << 8)
                | (head[SPARK_HEAD + 3] & 0xff);
        if (magic != this.magic) return "not a bnsweep collective message";
        byte[] token = new byte[Wire.TOKEN_BYTES];
        System.arraycopy(head, SPARK_HEAD + 4, token, 0, token.length);
        if (!knownToken.test(token)) return "the message does not carry this run's token";
        bodyLeft = frame - HEAD;
        return null;
    }

    private static void release(Object msg) {
        if (msg instanceof ByteBuf b) b.release();
    }
}
