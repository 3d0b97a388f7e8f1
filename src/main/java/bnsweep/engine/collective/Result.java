package bnsweep.engine.collective;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The outcome of a completed call: the sum (all-reduce, float32 or float64) or the contributions by
 * rank (all-gather).
 * Shared by all workers of the call: read it, never write it. Its wire form is built once, on the
 * first worker that needs it.
 */
final class Result {
    final float[] sum;
    final double[] doubleSum;
    final byte[][] gathered;
    private ByteBuffer encoded;
    /** The answer to a call that returns nothing (a progress note). */
    static final Result NONE = new Result(null, null, new byte[0][]);

    private Result(float[] sum, double[] doubleSum, byte[][] gathered) {
        this.sum = sum;
        this.doubleSum = doubleSum;
        this.gathered = gathered;
    }

    static Result sum(float[] sum) {
        return new Result(sum, null, null);
    }

    static Result sum(double[] sum) {
        return new Result(null, sum, null);
    }

    static Result gathered(byte[][] byRank) {
        return new Result(null, null, byRank);
    }

    synchronized ByteBuffer encoded() {
        if (encoded == null) {
            if (sum != null) {
                ByteBuffer out = ByteBuffer.allocateDirect(1 + sum.length * Float.BYTES).put(Wire.OK);
                out.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(sum);
                encoded = out.position(out.capacity()).flip();
            } else if (doubleSum != null) {
                ByteBuffer out = ByteBuffer.allocate(1 + doubleSum.length * Double.BYTES).put(Wire.OK);
                out.slice().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(doubleSum);
                encoded = out.position(out.capacity()).flip();
            } else if (this == NONE) {
                encoded = ByteBuffer.allocate(1).put(Wire.OK).flip();
            } else {
                int n = 1;
                for (byte[] p : gathered) n += 4 + p.length;
                ByteBuffer out = ByteBuffer.allocate(n).put(Wire.OK);
                for (byte[] p : gathered) out.putInt(p.length).put(p);
                encoded = out.flip();
            }
        }
        return encoded.duplicate();
    }
}
