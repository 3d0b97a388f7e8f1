package bnsweep.engine.collective;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The collective's messages, inside Spark's framed transport (spark-network-common). A request:
 * <pre>
 *   int    MAGIC
 *   byte[TOKEN_BYTES] run token  (a random secret of the training run; anything else is refused)
 *   int    session               (one per epoch attempt: a late message of a failed attempt is refused)
 *   int    rank, world
 *   long   seq                   (the worker's n-th collective call of the session, from 0)
 *   byte   op                    (ALL_REDUCE: float32 sum; ALL_GATHER: bytes, concatenated by rank)
 *   int    steps; double lossSum (the worker's progress, for the driver's progress line)
 *   int    payload length in bytes, then the payload
 * </pre>
 * A reply: byte status (OK or ERROR), then the result or a UTF-8 message. Every length is checked
 * against the buffer and against {@link #MAX_PAYLOAD} before anything is allocated.
 */
final class Wire {
    static final int MAGIC = 0x424E5357; // "BNSW"
    static final int TOKEN_BYTES = 16;
    static final int HEADER_BYTES = 4 + TOKEN_BYTES + 4 + 4 + 4 + 8 + 1 + 4 + 8 + 4;
    /** Largest payload accepted: 1 GiB (a network of 256M float parameters and optimizer state). */
    static final int MAX_PAYLOAD = 1 << 30;
    static final byte ALL_REDUCE = 1, ALL_GATHER = 2;
    static final byte OK = 0, ERROR = 1;

    private Wire() {}

    /** A decoded request; {@code payload} is a view of the received buffer, valid only during the handler call. */
    record Request(byte[] token, int session, int rank, int world, long seq, byte op, int steps, double lossSum,
                   ByteBuffer payload) {
        boolean tokenMatches(byte[] expected) {
            return MessageDigest.isEqual(token, expected);
        }
    }

    static ByteBuffer request(Ticket t, int rank, long seq, byte op, int steps, double lossSum, int payloadBytes) {
        if (payloadBytes < 0 || payloadBytes > MAX_PAYLOAD) {
            throw new CollectiveException("payload of " + payloadBytes + " bytes exceeds the collective's limit of " + MAX_PAYLOAD);
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payloadBytes);
        b.putInt(MAGIC).put(t.token()).putInt(t.session()).putInt(rank).putInt(t.world()).putLong(seq).put(op)
                .putInt(steps).putDouble(lossSum).putInt(payloadBytes);
        return b;
    }

    /** Decodes and checks the frame; throws CollectiveException naming what is wrong. */
    static Request decode(ByteBuffer in) {
        if (in.remaining() < HEADER_BYTES) throw new CollectiveException("message of " + in.remaining() + " bytes is shorter than a header");
        if (in.getInt() != MAGIC) throw new CollectiveException("not a bnsweep collective message");
        byte[] token = new byte[TOKEN_BYTES];
        in.get(token);
        int session = in.getInt(), rank = in.getInt(), world = in.getInt();
        long seq = in.getLong();
        byte op = in.get();
        int steps = in.getInt();
        double loss = in.getDouble();
        int length = in.getInt();
        if (op != ALL_REDUCE && op != ALL_GATHER) throw new CollectiveException("unknown operation " + op);
        if (length < 0 || length > MAX_PAYLOAD || length != in.remaining()) {
            throw new CollectiveException("payload length " + length + " does not match the " + in.remaining() + " bytes received");
        }
        if (op == ALL_REDUCE && length % Float.BYTES != 0) throw new CollectiveException("all-reduce payload is not whole floats");
        return new Request(token, session, rank, world, seq, op, steps, loss, in.slice());
    }

    static ByteBuffer error(String message) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + m.length).put(ERROR).put(m).flip();
    }

    /** The result part of a reply, or a CollectiveException with the hub's message. */
    static ByteBuffer result(ByteBuffer reply) {
        if (!reply.hasRemaining()) throw new CollectiveException("empty reply from the collective hub");
        if (reply.get() == OK) return reply;
        byte[] m = new byte[reply.remaining()];
        reply.get(m);
        throw new CollectiveException(new String(m, StandardCharsets.UTF_8));
    }

    static String opName(byte op) {
        return op == ALL_REDUCE ? "all-reduce" : "all-gather";
    }
}
