package bnsweep.util;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java float arrays and ND4J arrays. ND4J's own float[] conversions go element
 * by element through an indexer; on the averaging hot path (megabytes per round, per worker) a
 * single memcpy through the buffer's pointer is several times faster. Arrays that are not a whole,
 * offset-free float buffer fall back to ND4J's copy.
 */
public final class NdArrays {
    private NdArrays() {}

    /** Copies {@code src} into {@code dst} (same length, row-major order). */
    public static void write(float[] src, INDArray dst) {
        if (dst.length() != src.length) throw new IllegalArgumentException("length " + dst.length() + " != " + src.length);
        if (isWholeFloatBuffer(dst)) {
            new FloatPointer(dst.data().addressPointer()).put(src, 0, src.length);
        } else {
            dst.assign(Nd4j.createFromArray(src).reshape(dst.shape()));
        }
    }

    /** The elements of {@code a} in row-major order. */
    public static float[] read(INDArray a) {
        if (!isWholeFloatBuffer(a)) return a.dup('c').reshape(a.length()).toFloatVector();
        float[] out = new float[(int) a.length()];
        new FloatPointer(a.data().addressPointer()).get(out, 0, out.length);
        return out;
    }

    /** Elements [offset, offset + length) of a whole float buffer (e.g. a network's flattened parameters). */
    public static float[] read(INDArray a, int offset, int length) {
        if (!isWholeFloatBuffer(a)) return Arrays.copyOfRange(a.toFloatVector(), offset, offset + length);
        float[] out = new float[length];
        FloatPointer p = new FloatPointer(a.data().addressPointer());
        p.position(offset).get(out, 0, length);
        return out;
    }

    /** A new row-major [rows x cols] float matrix holding {@code src}. */
    public static INDArray matrix(float[] src, long rows, long cols) {
        INDArray m = Nd4j.createUninitializedDetached(DataType.FLOAT, 'c', rows, cols);
        write(src, m);
        return m;
    }

    /**
     * The memory of a float array whose elements are contiguous (a whole buffer, or a view such as one
     * parameter of a network's flattened parameters) as a direct buffer over it, native order, no copy:
     * element k of the array's memory (row-major for 'c', column-major for 'f') at index k.
     */
    public static FloatBuffer memory(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.elementWiseStride() != 1) {
            throw new IllegalArgumentException("not a contiguous float array: " + a.shapeInfoToString());
        }
        // a view's buffer already starts at the view's offset into the buffer it views
        long from = a.offset() - a.data().offset();
        return new FloatPointer(a.data().addressPointer()).position(from).limit(from + a.length()).asBuffer();
    }

    /** Elements [from, from + length) of a direct buffer, as a direct buffer of their own (its index 0 is {@code from}). */
    public static FloatBuffer slice(FloatBuffer b, int from, int length) {
        return b.duplicate().position(from).limit(from + length).slice();
    }

    /** A direct, native-order buffer of {@code n} floats (zeros), outside the Java heap. */
    public static FloatBuffer direct(int n) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(n, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static boolean isWholeFloatBuffer(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.offset() == 0 && a.data().length() == a.length()
                && (a.ordering() == 'c' || a.rank() <= 1 || a.isVector()) && !a.isView();
    }
}
