package bnsweep.engine.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A peer that is not one of the run's workers is cut off at the head of its first frame, before
 * Spark's frame decoder would buffer the frame: no token, a claimed length beyond what the run
 * needs, or another message type close the connection at once, and the hub serves its workers on.
 */
class FrameGuardTest {
    /** The first bytes of a frame as Spark's MessageEncoder writes an RpcRequest, then bnsweep's MAGIC and a token. */
    static byte[] head(long frameLength, byte type, int magic, byte[] token) {
        return ByteBuffer.allocate(FrameGuard.HEAD).putLong(frameLength).put(type).putLong(1).putInt((int) Math.min(Integer.MAX_VALUE, frameLength - 21))
                .putInt(magic).put(token).array();
    }

    /** Sends {@code head}, then up to 64 MiB more; returns the bytes the hub took before it closed the connection (-1: never closed). */
    static long sentBeforeClose(int port, byte[] head) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(head);
            out.flush();
            assertEquals(-1, in.read(), "the hub closes the connection without answering");
            long sent = head.length;
            byte[] chunk = new byte[1 << 20];
            try {
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (SocketException closed) {
                return sent;
            }
            return -1;
        }
    }

    @Test
    void foreignFramesCloseTheConnectionAtTheirHead() throws Exception {
        try (CollectiveHub hub = CollectiveHub.on("127.0.0.1", bnsweep.config.CollectiveAlgorithm.HUB, 20_000)) {
            Ticket t = hub.open(2);
            hub.limitPayload(1 << 20);
            byte[] wrong = new byte[Wire.TOKEN_BYTES];
            // the probe's attack: a 2 GiB frame; here without the token, with the token but over the run's limit, and of another type
            long[] sent = {
                sentBeforeClose(hub.port(), head(Integer.MAX_VALUE, FrameGuard.RPC_REQUEST, Wire.MAGIC, wrong)),
                sentBeforeClose(hub.port(), head(Integer.MAX_VALUE, FrameGuard.RPC_REQUEST, Wire.MAGIC, t.token())),
                sentBeforeClose(hub.port(), head(1000, (byte) 6, Wire.MAGIC, t.token())),
                sentBeforeClose(hub.port(), head(1000, FrameGuard.RPC_REQUEST, 0x12345678, t.token())),
            };
            for (long s : sent) assertTrue(s >= 0 && s < 32L << 20, "closed while the peer was still sending: " + s + " bytes taken");
            // the run's own workers are served as before, over TCP
            List<float[]> r = CollectiveTest.asWorkers(t, false, c -> {
                float[] x = {c.rank() + 1, 2};
                c.allReduceSum(x);
                return x;
            });
            for (float[] x : r) assertArrayEquals(new float[] {3, 4}, x);
        }
    }

    /** An executor's collective server (collective = ring) guards its connections the same way, with its own MAGIC. */
    @Test
    void theExecutorsServerClosesForeignFramesAtTheirHead() throws Exception {
        try (CollectiveHub hub = CollectiveHub.on("127.0.0.1", bnsweep.config.CollectiveAlgorithm.RING, 20_000)) {
            Ticket t = hub.open(1);
            Mailbox box = new Mailbox(0, 1);
            Endpoints.register(t, box);
            try {
                int port = PeerServer.on(CollectiveTest.CONF, "127.0.0.1", bnsweep.config.PortRange.ANY, 60_000).port();
                long[] sent = {
                    sentBeforeClose(port, head(Integer.MAX_VALUE, FrameGuard.RPC_REQUEST, PeerWire.MAGIC, new byte[Wire.TOKEN_BYTES])),
                    sentBeforeClose(port, head(Integer.MAX_VALUE, FrameGuard.RPC_REQUEST, PeerWire.MAGIC, t.token())),
                    sentBeforeClose(port, head(1000, FrameGuard.RPC_REQUEST, Wire.MAGIC, t.token())),
                };
                for (long s : sent) assertTrue(s >= 0 && s < 32L << 20, "closed while the peer was still sending: " + s + " bytes taken");
            } finally {
                Endpoints.unregister(t, box);
            }
        }
    }

    @Test
    void inspectFollowsFramesAcrossReads() {
        // two frames of a legitimate worker, cut into pieces at arbitrary places: accepted; a third with a bad token: refused
        CollectiveHub hub = CollectiveHub.on("127.0.0.1", bnsweep.config.CollectiveAlgorithm.HUB, 20_000);
        try {
            byte[] token = hub.open(1).token();
            FrameGuard g = new FrameGuard(Wire.MAGIC, hub::ownsToken, () -> 10_000);
            ByteBuffer stream = ByteBuffer.allocate(3 * 200);
            for (int f = 0; f < 2; f++) stream.put(head(200, FrameGuard.RPC_REQUEST, Wire.MAGIC, token)).put(new byte[200 - FrameGuard.HEAD]);
            stream.put(head(200, FrameGuard.RPC_REQUEST, Wire.MAGIC, new byte[Wire.TOKEN_BYTES]));
            io.netty.buffer.ByteBuf all = io.netty.buffer.Unpooled.wrappedBuffer(stream.array(), 0, stream.position());
            int[] cuts = {0, 3, 40, 41, 199, 200, 250, 400, 420, all.writerIndex()};
            String refusal = null;
            for (int i = 0; i + 1 < cuts.length && refusal == null; i++) {
                refusal = g.inspect(all, cuts[i], cuts[i + 1]);
                if (cuts[i + 1] <= 400) assertEquals(null, refusal, "bytes up to " + cuts[i + 1] + " are two good frames");
            }
            assertEquals("the message does not carry this run's token", refusal);
        } finally {
            hub.close();
        }
    }
}
