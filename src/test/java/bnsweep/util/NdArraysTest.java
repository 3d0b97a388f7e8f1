package bnsweep.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** memory(): a direct buffer over exactly an array's elements, a whole array's or a view's, no copy. */
class NdArraysTest {
    @Test
    void memoryIsTheArraysOwnElementsForWholeArraysAndViews() {
        INDArray flat = Nd4j.linspace(1, 20, 20).castTo(DataType.FLOAT).reshape(1, 20);
        FloatBuffer all = NdArrays.memory(flat);
        assertEquals(20, all.capacity());
        assertEquals(1f, all.get(0));
        INDArray view = flat.reshape(flat.length()).get(NDArrayIndex.interval(5, 9));
        FloatBuffer v = NdArrays.memory(view);
        assertEquals(4, v.capacity());
        assertEquals(6f, v.get(0));
        v.put(3, -1f);
        assertEquals(-1f, flat.getFloat(8), "a write through the buffer lands in the array");
        INDArray viewOfView = view.get(NDArrayIndex.interval(1, 3));
        assertEquals(7f, NdArrays.memory(viewOfView).get(0));
        assertEquals(8f, NdArrays.slice(all, 7, 3).get(0));
    }
}
