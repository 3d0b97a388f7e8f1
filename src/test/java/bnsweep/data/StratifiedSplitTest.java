package bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {
    final byte[] labels = labels(5003);

    static byte[] labels(int n) {
        Random r = new Random(3);
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) l[i] = (byte) (r.nextDouble() < 0.3 ? 1 : r.nextInt(10)); // unbalanced
        return l;
    }

    @Test
    void exactSizeDisjointAndCovering() {
        StratifiedSplit s = StratifiedSplit.of(labels, 500, 42);
        assertEquals(500, s.holdOut().length);
        assertEquals(labels.length - 500, s.train().length);
        int[] all = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.holdOut())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, labels.length).toArray(), all);
    }

    @Test
    void keepsEveryClassShareWithinOne() {
        StratifiedSplit s = StratifiedSplit.of(labels, 500, 42);
        int[] total = new int[10], held = new int[10];
        for (byte l : labels) total[l]++;
        for (int i : s.holdOut()) held[labels[i]]++;
        for (int c = 0; c < 10; c++) {
            double expected = 500.0 * total[c] / labels.length;
            assertTrue(Math.abs(held[c] - expected) < 1.0, "class " + c + ": " + held[c] + " vs " + expected);
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertArrayEquals(StratifiedSplit.of(labels, 500, 42).holdOut(), StratifiedSplit.of(labels, 500, 42).holdOut());
        assertFalse(Arrays.equals(StratifiedSplit.of(labels, 500, 42).holdOut(), StratifiedSplit.of(labels, 500, 43).holdOut()));
    }

    @Test
    void rejectsImpossibleSizes() {
        assertThrows(IllegalArgumentException.class, () -> StratifiedSplit.of(labels, labels.length, 1));
        assertThrows(IllegalArgumentException.class, () -> StratifiedSplit.of(labels, -1, 1));
    }
}
