package bnsweep.data;

import java.util.List;

/**
 * Images as unsigned bytes, one row of {@code featureCount} bytes per image (channel-major for
 * colour images, as CIFAR-10 stores them), and their labels 0..9.
 */
public record LabeledImages(byte[] pixels, byte[] labels, int featureCount) {
    public LabeledImages {
        if (pixels.length != (long) labels.length * featureCount) {
            throw new IllegalArgumentException("pixels " + pixels.length + " != labels " + labels.length
                    + " x featureCount " + featureCount);
        }
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Concatenates parts in order. */
    public static LabeledImages concat(List<LabeledImages> parts) {
        int f = parts.get(0).featureCount();
        int n = parts.stream().mapToInt(LabeledImages::size).sum();
        byte[] px = new byte[n * f];
        byte[] lb = new byte[n];
        int at = 0;
        for (LabeledImages p : parts) {
            System.arraycopy(p.pixels, 0, px, at * f, p.pixels.length);
            System.arraycopy(p.labels, 0, lb, at, p.size());
            at += p.size();
        }
        return new LabeledImages(px, lb, f);
    }
}
