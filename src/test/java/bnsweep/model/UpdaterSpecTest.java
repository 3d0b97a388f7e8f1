package bnsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

class UpdaterSpecTest {
    /** Adam's update after {@code steps} steps of the same gradient g, as DL4J computes it. */
    private static double[] adamUpdates(double epsilon, double lr, double g, int steps) {
        UpdaterSpec spec = new UpdaterSpec("adam", lr, 0, epsilon);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        GradientUpdater<?> updater = spec.toDl4j().instantiate(state, true);
        double[] updates = new double[steps];
        for (int t = 0; t < steps; t++) {
            INDArray gradient = Nd4j.createFromArray(new double[] {g}).reshape(1, 1);
            updater.applyUpdater(gradient, t, 0);
            updates[t] = gradient.getDouble(0);
        }
        return updates;
    }

    @Test
    void adamEpsilonEntersTheUpdateAsKerasAndDl4jDefineIt() {
        // Keras (TF) and DL4J: update_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m_t / (√v_t + ε), ε outside the bias correction
        // ("epsilon hat" of Kingma & Ba). Computed by hand for a constant gradient g:
        double lr = 0.1, g = 0.1, eps = 0.01, b1 = 0.9, b2 = 0.999;
        double[] dl4j = adamUpdates(eps, lr, g, 3);
        double m = 0, v = 0;
        for (int t = 1; t <= 3; t++) {
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double expected = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)) * m / (Math.sqrt(v) + eps);
            assertEquals(expected, dl4j[t - 1], 1e-9, "step " + t);
        }
        // The first step is lr·g/(|g| + ε/√(1 − β₂)): with ε = 0.01 about a quarter of lr, not lr·g/(|g| + ε) ≈ 0.91·lr.
        assertEquals(lr * g / (g + eps / Math.sqrt(1 - b2)), dl4j[0], 1e-9);
    }

    @Test
    void defaultEpsilonIsDl4jsAndRejectsNonPositive() {
        assertEquals(1e-8, new UpdaterSpec("adam", 1e-3, 0).adamEpsilon());
        assertEquals(1e-7, ((org.nd4j.linalg.learning.config.Adam) new UpdaterSpec("adam", 1e-3, 0, 1e-7).toDl4j()).getEpsilon());
        assertThrows(IllegalArgumentException.class, () -> new UpdaterSpec("adam", 1e-3, 0, 0));
    }
}
