package bnsweep.data;

import java.io.Serializable;

/**
 * Per-channel standardisation of pixels scaled to [0, 1]: x' = (b / 255 - mean[c]) / std[c].
 * Fitted on the training split only, so validation and test see constants they did not influence.
 */
public record Normalization(double[] mean, double[] std) implements Serializable {

    /** Fits mean and (population) std per channel over the given rows; two passes for accuracy. */
    public static Normalization fit(LabeledImages images, int[] rows, int channels) {
        int f = images.featureCount();
        int plane = f / channels;
        byte[] px = images.pixels();
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int r : rows) {
                int base = r * f + c * plane;
                for (int j = 0; j < plane; j++) sum += Byte.toUnsignedInt(px[base + j]);
            }
            double m = sum / 255.0 / ((double) rows.length * plane);
            double ss = 0;
            for (int r : rows) {
                int base = r * f + c * plane;
                for (int j = 0; j < plane; j++) {
                    double d = Byte.toUnsignedInt(px[base + j]) / 255.0 - m;
                    ss += d * d;
                }
            }
            mean[c] = m;
            std[c] = Math.sqrt(ss / ((double) rows.length * plane));
            if (!(std[c] > 0)) throw new IllegalArgumentException("channel " + c + " is constant over the training split");
        }
        return new Normalization(mean, std);
    }

    /** Writes the normalised pixels of one image into {@code out} at {@code offset}. */
    public void apply(byte[] pixels, int channels, float[] out, int offset) {
        int plane = pixels.length / channels;
        for (int c = 0; c < channels; c++) {
            float m = (float) mean[c];
            float inv = (float) (1.0 / (255.0 * std[c]));
            float shift = 255f * m;
            for (int j = 0; j < plane; j++) {
                int k = c * plane + j;
                out[offset + k] = (Byte.toUnsignedInt(pixels[k]) - shift) * inv;
            }
        }
    }
}
