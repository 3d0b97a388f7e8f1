package bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class InputScalingTest {
    static final Normalization FITTED = new Normalization(new double[] {0.2}, new double[] {0.4});
    static final byte[] PIXELS = {0, (byte) 51, (byte) 255};

    static float[] scaled(InputScaling s) {
        float[] out = new float[3];
        s.constants(FITTED).apply(PIXELS, 1, out, 0);
        return out;
    }

    @Test
    void eachScalingGivesItsFormula() {
        assertSame(FITTED, InputScaling.STANDARDIZE.constants(FITTED));
        assertArrayEquals(new float[] {-0.5f, 0f, 2f}, scaled(InputScaling.STANDARDIZE), 1e-6f);
        assertArrayEquals(new float[] {0f, 0.2f, 1f}, scaled(InputScaling.UNIT), 1e-6f);
        assertArrayEquals(new float[] {-1f, -0.6f, 1f}, scaled(InputScaling.CENTERED), 1e-6f);
        assertArrayEquals(new float[] {0f, 51f, 255f}, scaled(InputScaling.RAW), 1e-4f);
    }
}
