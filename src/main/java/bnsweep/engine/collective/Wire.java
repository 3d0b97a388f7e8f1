package bnsweep.engine.collective;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The collective's messages, inside Spark's framed transport (spark-network-common). A request:
 * <pre>
 *   int    MAGIC
 *   byte[TOKEN_BYTES] run token  (a random secret of the training run; anything else is refused)
 *   int    session               (one per epoch attempt: a late message of a failed attempt is refused)
 *   int    rank, world
 *   long   seq                   (the worker's n-th collective call of the session, from 0)
 *   byte   op                    (ALL_REDUCE: float32 sum; ALL_REDUCE_F64: float64 sum; ALL_GATHER: bytes by rank;
 *                                 NOTE: progress only, outside the sequence of calls, answered at once)
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
    static final byte ALL_REDUCE = 1, ALL_GATHER = 2, ALL_REDUCE_F64 = 3, NOTE = 4;
    static final byte OK = 0, ERROR = 1;

    private Wire() {}

    /** A decoded request; {@code payload} is a view of the received buffer, valid only during the handler call. */
    record Request(byte[] token, int session, int rank, int world, long seq, byte op, int steps, double lossSum,
                   ByteBuffer payload) {}

    /** Writes {@code c} as a request into {@code reuse} if it is large enough, else into a new direct buffer; returns it, flipped. */
    static ByteBuffer request(Contribution c, ByteBuffer reuse) {
        int bytes = c.bytes();
        if (bytes > MAX_PAYLOAD) {
            throw new CollectiveException("payload of " + bytes + " bytes exceeds the collective's limit of " + MAX_PAYLOAD);
        }
        ByteBuffer b = reuse != null && reuse.capacity() >= HEADER_BYTES + bytes ? reuse.clear()
                : ByteBuffer.allocateDirect(HEADER_BYTES + bytes);
        b.putInt(MAGIC).put(c.token()).putInt(c.session()).putInt(c.rank()).putInt(c.world()).putLong(c.seq()).put(c.op())
                .putInt(c.steps()).putDouble(c.lossSum()).putInt(bytes);
        if (c.floats() != null) {
            b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(c.floats());
            b.position(b.position() + bytes);
        } else if (c.doubles() != null) {
            b.slice().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(c.doubles());
            b.position(b.position() + bytes);
        } else {
            b.put(c.blob());
        }
        return b.flip();
    }

    /** A received request as a contribution (its payload copied out of the transport's buffer). */
    static Contribution contribution(Request r) {
        float[] floats = null;
        double[] doubles = null;
        byte[] blob = null;
        if (r.op() == ALL_REDUCE) {
            floats = new float[r.payload().remaining() / Float.BYTES];
            r.payload().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
        } else if (r.op() == ALL_REDUCE_F64) {
            doubles = new double[r.payload().remaining() / Double.BYTES];
            r.payload().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(doubles);
        } else {
            blob = new byte[r.payload().remaining()];
            r.payload().get(blob);
        }
        return new Contribution(r.token(), r.session(), r.rank(), r.world(), r.seq(), r.op(), r.steps(), r.lossSum(), floats, doubles,
                blob);
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
        if (op != ALL_REDUCE && op != ALL_GATHER && op != ALL_REDUCE_F64 && op != NOTE) throw new CollectiveException("unknown operation " + op);
        if (length < 0 || length > MAX_PAYLOAD || length != in.remaining()) {
            throw new CollectiveException("payload length " + length + " does not match the " + in.remaining() + " bytes received");
        }
        if (op == ALL_REDUCE && length % Float.BYTES != 0) throw new CollectiveException("all-reduce payload is not whole floats");
        if (op == ALL_REDUCE_F64 && length % Double.BYTES != 0) throw new CollectiveException("all-reduce payload is not whole doubles");
        return new Request(token, session, rank, world, seq, op, steps, loss, in.slice());
    }

    static ByteBuffer error(String message) {
        if (message.length() > 4000) message = message.substring(0, 4000) + "...";
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + m.length).put(ERROR).put(m).flip();
    }

    /**
     * Decodes a reply to {@code c}: an all-reduce's sum straight into {@code c.floats()} (the
     * caller's array), an all-gather's parts by rank; or throws a CollectiveException with the hub's message.
     */
    static Result result(ByteBuffer reply, Contribution c) {
        if (!reply.hasRemaining()) throw new CollectiveException("empty reply from the collective hub");
        if (reply.get() != OK) {
            byte[] m = new byte[reply.remaining()];
            reply.get(m);
            throw new CollectiveException(new String(m, StandardCharsets.UTF_8));
        }
        if (c.floats() != null) {
            if (reply.remaining() != c.bytes()) throw new CollectiveException("all-reduce reply has the wrong length");
            reply.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(c.floats());
            return Result.sum(c.floats());
        }
        if (c.doubles() != null) {
            if (reply.remaining() != c.bytes()) throw new CollectiveException("all-reduce reply has the wrong length");
            reply.order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(c.doubles());
            return Result.sum(c.doubles());
        }
        byte[][] all = new byte[c.world()][];
        for (int r = 0; r < all.length; r++) {
            int n = reply.getInt();
            if (n < 0 || n > reply.remaining()) throw new CollectiveException("all-gather reply is malformed");
            all[r] = new byte[n];
            reply.get(all[r]);
        }
        return Result.gathered(all);
    }

    static String opName(byte op) {
        return op == ALL_REDUCE ? "all-reduce" : op == ALL_REDUCE_F64 ? "all-reduce (float64)" : op == NOTE ? "progress note" : "all-gather";
    }
}
