package bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void fitsPerChannelOnTheGivenRowsOnly() {
        // 3 images of 2 channels x 2 pixels; row 2 is excluded and would change everything
        byte[] px = {0, (byte) 255, 10, 10, (byte) 255, 0, 30, 30, 77, 77, 77, 77};
        LabeledImages img = new LabeledImages(px, new byte[] {0, 1, 2}, 4);
        Normalization n = Normalization.fit(img, new int[] {0, 1}, 2);
        assertEquals(0.5, n.mean()[0], 1e-12);
        assertEquals(0.5, n.std()[0], 1e-12);
        assertEquals(20 / 255.0, n.mean()[1], 1e-12);
        assertEquals(10 / 255.0, n.std()[1], 1e-12);
        float[] out = new float[4];
        n.apply(new byte[] {(byte) 255, 0, 30, 10}, 2, out, 0);
        assertEquals(1f, out[0], 1e-6);
        assertEquals(-1f, out[1], 1e-6);
        assertEquals(1f, out[2], 1e-5);
        assertEquals(-1f, out[3], 1e-5);
    }
}
