package bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Test;

/** A table's inputs: (x − mean)/std per feature, 0 for a constant feature; dense and sparse vectors alike; raw as it is. */
class FeatureEncodingTest {
    static final Normalization NORM = new Normalization(new double[] {1, 0, 5}, new double[] {2, 0.5, 0});

    @Test
    void standardisesPerFeatureDenseAndSparseAlike() {
        float[] dense = new float[5], sparse = new float[5];
        FeatureEncoding.vector(NORM, 3).write(Vectors.dense(3, 0, 7), dense, 1);
        FeatureEncoding.vector(NORM, 3).write(Vectors.dense(3, 0, 7).toSparse(), sparse, 1);
        float[] expected = {0, 1f, 0f, 0f, 0}; // (3-1)/2, (0-0)/0.5, constant feature -> 0
        assertArrayEquals(expected, dense, 1e-7f);
        assertArrayEquals(expected, sparse, 1e-7f);
        float[] raw = new float[3];
        FeatureEncoding.vector(null, 3).write(Vectors.sparse(3, new int[] {2}, new double[] {-4}), raw, 0);
        assertArrayEquals(new float[] {0, 0, -4}, raw);
    }

    @Test
    void aVectorOfAnotherWidthIsRefused() {
        assertThrows(IllegalStateException.class, () -> FeatureEncoding.vector(null, 3).write(Vectors.dense(1, 2), new float[3], 0));
    }
}
