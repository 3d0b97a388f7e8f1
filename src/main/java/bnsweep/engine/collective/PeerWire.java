package bnsweep.engine.collective;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The messages workers send each other (ring segments, recursive-doubling blocks), inside Spark's framed transport:
 * <pre>
 *   int    MAGIC                 ("BNSP"; the hub's messages start "BNSW")
 *   byte[Wire.TOKEN_BYTES] run token  (FrameGuard checks MAGIC and token before Spark buffers the frame)
 *   int    session, from, to     (the epoch attempt; sender's and receiver's rank)
 *   long   seq                   (the collective call of the session, counted from 0 by every worker alike)
 *   byte   op                    (FLOATS: a ring segment of float32; BYTES: recursive-doubling blocks)
 *   int    tag                   (phase, step and segment within the call: {@link #tag})
 *   long   callSize              (floats or bytes of the whole call: both ends must agree)
 *   int    payload length, then the payload
 * </pre>
 * Every length is checked against the buffer before anything is allocated. The reply to each message is one byte,
 * {@link Wire#OK}, or {@link Wire#ERROR} and a UTF-8 message.
 */
final class PeerWire {
    static final int MAGIC = 0x424E5350; // "BNSP"
    static final int HEADER_BYTES = 4 + Wire.TOKEN_BYTES + 4 + 4 + 4 + 8 + 1 + 4 + 8 + 4;
    static final byte FLOATS = 1, BYTES = 2;
    /** Phases of a call, the high bits of a tag. */
    static final int REDUCE_SCATTER = 0, ALL_GATHER = 1, DOUBLING = 2;
    static final int MAX_STEP = (1 << 12) - 1, MAX_SEGMENT = (1 << 17) - 1;

    private PeerWire() {}

    /** A decoded message; {@code payload} is a view of the received buffer, valid only while the handler runs. */
    record Frame(byte[] token, int session, int from, int to, long seq, byte op, int tag, long callSize, ByteBuffer payload) {}

    static int tag(int phase, int step, int segment) {
        if (step > MAX_STEP || segment > MAX_SEGMENT) throw new IllegalArgumentException("step " + step + ", segment " + segment);
        return phase << 29 | step << 17 | segment;
    }

    static String tagName(int tag) {
        int phase = tag >>> 29, step = (tag >>> 17) & MAX_STEP, segment = tag & MAX_SEGMENT;
        String p = phase == REDUCE_SCATTER ? "reduce-scatter" : phase == ALL_GATHER ? "all-gather" : "doubling";
        return p + " step " + step + (phase == DOUBLING ? "" : " segment " + segment);
    }

    /** The head of a message, with room for {@code payloadBytes} after it (position at the payload). */
    static ByteBuffer head(Ticket t, int from, int to, long seq, byte op, int tag, long callSize, int payloadBytes) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payloadBytes);
        return b.putInt(MAGIC).put(t.token()).putInt(t.session()).putInt(from).putInt(to).putLong(seq).put(op).putInt(tag)
                .putLong(callSize).putInt(payloadBytes);
    }

    static ByteBuffer floats(Ticket t, int from, int to, long seq, int tag, long callSize, float[] data, int offset, int length) {
        ByteBuffer b = head(t, from, to, seq, FLOATS, tag, callSize, length * Float.BYTES);
        b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data, offset, length);
        return b.position(b.capacity()).flip();
    }

    /** Blocks, each as its length and its bytes. */
    static ByteBuffer blocks(Ticket t, int from, int to, long seq, int tag, long callSize, byte[][] blocks) {
        int n = 0;
        for (byte[] b : blocks) n += 4 + b.length;
        ByteBuffer b = head(t, from, to, seq, BYTES, tag, callSize, n);
        for (byte[] block : blocks) b.putInt(block.length).put(block);
        return b.flip();
    }

    /** Decodes and checks a message; throws CollectiveException naming what is wrong. */
    static Frame decode(ByteBuffer in, long maxPayload) {
        if (in.remaining() < HEADER_BYTES) throw new CollectiveException("message of " + in.remaining() + " bytes is shorter than a header");
        if (in.getInt() != MAGIC) throw new CollectiveException("not a bnsweep worker-to-worker message");
        byte[] token = new byte[Wire.TOKEN_BYTES];
        in.get(token);
        int session = in.getInt(), from = in.getInt(), to = in.getInt();
        long seq = in.getLong();
        byte op = in.get();
        int tag = in.getInt();
        long callSize = in.getLong();
        int length = in.getInt();
        if (op != FLOATS && op != BYTES) throw new CollectiveException("unknown operation " + op);
        if (length < 0 || length > maxPayload || length != in.remaining()) {
            throw new CollectiveException("payload length " + length + " does not match the " + in.remaining() + " bytes received");
        }
        if (op == FLOATS && length % Float.BYTES != 0) throw new CollectiveException("a segment that is not whole floats");
        return new Frame(token, session, from, to, seq, op, tag, callSize, in.slice());
    }

    /** The payload of a frame copied out of the transport's buffer: a float[] segment, or the byte[] blocks. */
    static Object payload(Frame f) {
        ByteBuffer p = f.payload();
        if (f.op() == FLOATS) {
            float[] x = new float[p.remaining() / Float.BYTES];
            p.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
            return x;
        }
        java.util.List<byte[]> blocks = new java.util.ArrayList<>();
        while (p.hasRemaining()) {
            if (p.remaining() < 4) throw new CollectiveException("blocks are malformed");
            int n = p.getInt();
            if (n < 0 || n > p.remaining()) throw new CollectiveException("blocks are malformed");
            byte[] b = new byte[n];
            p.get(b);
            blocks.add(b);
        }
        return blocks.toArray(new byte[0][]);
    }

    static ByteBuffer ok() {
        return ByteBuffer.allocate(1).put(Wire.OK).flip();
    }

    /** Null for an OK reply, else the peer's message. */
    static String refusal(ByteBuffer reply) {
        if (!reply.hasRemaining()) return "an empty reply";
        if (reply.get() == Wire.OK) return null;
        byte[] m = new byte[reply.remaining()];
        reply.get(m);
        return new String(m, StandardCharsets.UTF_8);
    }
}
