package bnsweep.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A seeded, stratified hold-out: {@code size} examples chosen so that every class keeps its share
 * (largest-remainder rounding), the rest stays for training. Same labels + size + seed, same split.
 */
public record StratifiedSplit(int[] train, int[] holdOut) {

    /** Not stratified: the first {@code size} of {@code n} examples held out, the rest for training (a notebook's {@code x_train[:size]}). */
    public static StratifiedSplit first(int n, int size) {
        if (size < 0 || size >= n) throw new IllegalArgumentException("validation size " + size + " must be in [0, " + n + ")");
        return new StratifiedSplit(IntStream.range(size, n).toArray(), IntStream.range(0, size).toArray());
    }

    /** Images: labels 0..9. */
    public static StratifiedSplit of(byte[] labels, int size, long seed) {
        int[] l = new int[labels.length];
        for (int i = 0; i < l.length; i++) l[i] = labels[i];
        return of(l, size, seed);
    }

    /** Labels 0..K−1 (K = the largest label + 1). */
    public static StratifiedSplit of(int[] labels, int size, long seed) {
        int n = labels.length;
        if (size < 0 || size >= n) {
            throw new IllegalArgumentException("validation size " + size + " must be in [0, " + n + ")");
        }
        int k = Arrays.stream(labels).max().orElse(0) + 1;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < n; i++) byClass.get(labels[i]).add(i);

        int[] quota = quotas(byClass.stream().mapToInt(List::size).toArray(), n, size);
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] held = new boolean[n];
        for (int c = 0; c < k; c++) {
            int[] idx = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            shuffle(idx, rng);
            for (int j = 0; j < quota[c]; j++) held[idx[j]] = true;
        }
        int[] hold = new int[size];
        int[] train = new int[n - size];
        for (int i = 0, h = 0, t = 0; i < n; i++) {
            if (held[i]) hold[h++] = i; else train[t++] = i;
        }
        return new StratifiedSplit(train, hold);
    }

    /** Per-class counts proportional to class sizes, summing exactly to {@code size}. */
    static int[] quotas(int[] classSizes, int n, int size) {
        int k = classSizes.length;
        int[] q = new int[k];
        double[] frac = new double[k];
        int assigned = 0;
        for (int c = 0; c < k; c++) {
            double exact = (double) size * classSizes[c] / n;
            q[c] = (int) Math.floor(exact);
            frac[c] = exact - q[c];
            assigned += q[c];
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) order[c] = c;
        Arrays.sort(order, (a, b) -> frac[a] != frac[b] ? Double.compare(frac[b], frac[a]) : Integer.compare(a, b));
        for (int j = 0; assigned < size; j++, assigned++) q[order[j % k]]++;
        return q;
    }

    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
