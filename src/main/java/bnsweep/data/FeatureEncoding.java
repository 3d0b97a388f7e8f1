package bnsweep.data;

import java.io.Serializable;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * How the {@code features} value of a prepared row becomes the network's inputs: {@link #width()}
 * floats written at an offset. Images store pixel bytes and are scaled per channel; tables store a
 * Spark ML vector and are standardised per feature (or passed as they are).
 */
public interface FeatureEncoding extends Serializable {
    /** Inputs per example. */
    int width();

    /** Writes the inputs of one row's {@code features} value into {@code out[offset, offset + width)}. */
    void write(Object features, float[] out, int offset);

    /** Pixel bytes (channel-major), scaled per channel: x = (b/255 − mean[c]) / std[c] ({@link Normalization}). */
    static FeatureEncoding image(Normalization perChannel, int width) {
        int channels = perChannel.mean().length;
        return new FeatureEncoding() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public void write(Object features, float[] out, int offset) {
                byte[] px = (byte[]) features;
                if (px.length != width) throw new IllegalStateException("an image of " + px.length + " bytes, expected " + width);
                perChannel.apply(px, channels, out, offset);
            }
        };
    }

    /**
     * A Spark ML vector (dense or sparse) standardised per feature: x = (v − mean[j]) / std[j], and 0
     * where std[j] = 0 (a feature constant over the training rows), as Spark ML's StandardScaler
     * does; with {@code perFeature} null, the values as they are.
     */
    static FeatureEncoding vector(Normalization perFeature, int width) {
        if (perFeature != null && perFeature.mean().length != width) {
            throw new IllegalArgumentException(perFeature.mean().length + " standardisation constants for " + width + " features");
        }
        return new FeatureEncoding() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public void write(Object features, float[] out, int offset) {
                Vector v = (Vector) features;
                if (v.size() != width) throw new IllegalStateException("a vector of " + v.size() + " features, expected " + width);
                if (v instanceof SparseVector s) {
                    for (int j = 0; j < width; j++) out[offset + j] = input(j, 0);
                    for (int k = 0; k < s.indices().length; k++) out[offset + s.indices()[k]] = input(s.indices()[k], s.values()[k]);
                } else {
                    double[] values = ((DenseVector) v).values();
                    for (int j = 0; j < width; j++) out[offset + j] = input(j, values[j]);
                }
            }

            private float input(int j, double x) {
                if (perFeature == null) return (float) x;
                double std = perFeature.std()[j];
                return (float) (std == 0 ? 0 : (x - perFeature.mean()[j]) / std);
            }
        };
    }
}
