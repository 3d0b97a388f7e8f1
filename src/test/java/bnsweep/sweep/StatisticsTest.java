package bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatisticsTest {
    @Test
    void pairedTestByHand() {
        // differences 0.1, 0.2, 0.3: mean 0.2, sd 0.1, t = 0.2 / (0.1 / sqrt 3) = 3.4641 with 2 df
        Statistics.Paired p = Statistics.paired(new double[] {1.1, 2.2, 3.3}, new double[] {1.0, 2.0, 3.0});
        assertEquals(3, p.n());
        assertEquals(0.2, p.meanDiff(), 1e-12);
        double half = 4.302652729911275 * 0.1 / Math.sqrt(3); // t(0.975, 2 df)
        assertEquals(0.2 - half, p.ciLow(), 1e-9);
        assertEquals(0.2 + half, p.ciHigh(), 1e-9);
        assertEquals(0.07417990022744855, p.pT(), 1e-9); // 2 * (1 - T_2(3.4641))
        assertTrue(Double.isNaN(p.pWilcoxon()), "fewer than 6 pairs: no Wilcoxon test");
        // pairing matters: the same values unpaired (Welch) are far from significant
        assertTrue(new org.apache.commons.math3.stat.inference.TTest().tTest(new double[] {1.1, 2.2, 3.3}, new double[] {1.0, 2.0, 3.0}) > 0.8);
    }

    @Test
    void wilcoxonFromSixPairs() {
        double[] a = {1, 2, 3, 4, 5, 6}, b = {0, 0, 0, 0, 0, 0};
        // all six differences positive: exact two-sided p = 2 / 2^6
        assertEquals(2.0 / 64, Statistics.paired(a, b).pWilcoxon(), 1e-12);
    }

    @Test
    void wilcoxonDropsZerosAndHandlesTiesExactly() {
        // {0, 0, +2, +3, +4, +5}: zeros dropped, four positive differences: 2 / 2^4 (commons-math3 gave 0.031)
        assertEquals(0.125, Statistics.signedRank(new double[] {0, 0, 2, 3, 4, 5}), 1e-12);
        assertEquals(0.125, Statistics.signedRank(new double[] {0, 0, -2, -3, -4, -5}), 1e-12, "the mirror image, the same p");
        // seven pairs with W+ = W- (ranks 1..7 split 14 / 14): p = 1, never above it (commons-math3 gave 1.0625)
        assertEquals(1.0, Statistics.signedRank(new double[] {1, 2, -3, 4, -5, -6, 7}), 1e-12);
        // ties, by hand: |d| = 1, 1, 2 -> mean ranks 1.5, 1.5, 3; d = +1, +1, +2: W+ = 6 is the maximum,
        // reached by 1 of 8 sign assignments, so P(W+ >= 6) = 1/8 and p = 2/8
        assertEquals(0.25, Statistics.signedRank(new double[] {1, 1, 2}), 1e-12);
        // d = +1, -1, +2: W+ = 4.5; sums of {1.5, 1.5, 3} over the 8 subsets: 0, 1.5, 1.5, 3, 3, 4.5, 4.5, 6;
        // P(W+ >= 4.5) = 3/8, P(W+ <= 4.5) = 7/8: p = 6/8
        assertEquals(0.75, Statistics.signedRank(new double[] {1, -1, 2}), 1e-12);
        assertEquals(1.0, Statistics.signedRank(new double[] {0, 0, 0}), 1e-12, "no difference at all");
        // differences equal but for float rounding are tied: 0.9743-0.9712 and 0.0031
        assertEquals(0.25, Statistics.signedRank(new double[] {0.9743 - 0.9712, 0.0031, 0.0062}), 1e-12);
    }

    @Test
    void holmBonferroni() {
        // sorted 0.01, 0.02, 0.04 (m = 3): 0.03, max(0.03, 0.04) = 0.04, max(0.04, 0.04) = 0.04
        assertArrayEquals(new double[] {0.04, 0.03, Double.NaN, 0.04}, Statistics.holm(new double[] {0.04, 0.01, Double.NaN, 0.02}), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, Statistics.holm(new double[] {0.6, 0.9}), 1e-12);
    }
}
