package bnsweep.model;

import bnsweep.util.Ids;
import java.nio.FloatBuffer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * The hidden activations (setting {@code activation}), each as DL4J computes it and as bnsweep's
 * training step does ({@link #apply}, {@link #backprop}): a = f(z) elementwise, and the
 * derivative from the output a alone (so the step keeps a, not z). {@code alpha} is LeakyReLU's
 * slope for negative inputs; ELU's α is 1, as DL4J's default.
 * <pre>
 *   relu       a = max(0, z)                      f' = 1 if a > 0, else 0
 *   tanh       a = tanh z                         f' = 1 − a²
 *   sigmoid    a = 1 / (1 + e^−z)                 f' = a (1 − a)
 *   leakyrelu  a = z if z ≥ 0, else alpha·z       f' = 1 if a > 0, else alpha
 *   elu        a = z if z ≥ 0, else e^z − 1        f' = 1 if a > 0, else a + 1
 * </pre>
 */
public enum Activation implements Ids.Named {
    RELU, TANH, SIGMOID, LEAKYRELU, ELU;

    public static Activation fromId(String id) {
        return Ids.byId("activation", id, values());
    }

    /** DL4J's activation function of the same definition. */
    public IActivation toDl4j(double alpha) {
        return switch (this) {
            case RELU -> new ActivationReLU();
            case TANH -> new ActivationTanH();
            case SIGMOID -> new ActivationSigmoid();
            case LEAKYRELU -> new ActivationLReLU(alpha);
            case ELU -> new ActivationELU();
        };
    }

    /** z → f(z), in place, for the elements [from, to) of {@code z}. */
    public void apply(FloatBuffer z, int from, int to, float alpha) {
        switch (this) { // one loop per function: a branch per element would keep the JIT from tight loops
            case RELU -> {
                for (int k = from; k < to; k++) z.put(k, Math.max(z.get(k), 0f));
            }
            case LEAKYRELU -> {
                for (int k = from; k < to; k++) {
                    float v = z.get(k);
                    z.put(k, v >= 0 ? v : alpha * v);
                }
            }
            default -> {
                for (int k = from; k < to; k++) z.put(k, f(z.get(k), alpha));
            }
        }
    }

    /** f(z + bias[j]) for row-major rows of {@code width} columns, in place: a Dense layer's bias and activation in one pass. */
    public void applyWithBias(FloatBuffer z, int rows, int width, FloatBuffer bias, float alpha) {
        float[] b = new float[width];
        bias.get(0, b);
        if (this == RELU) {
            for (int i = 0, k = 0; i < rows; i++) for (int j = 0; j < width; j++, k++) z.put(k, Math.max(z.get(k) + b[j], 0f));
        } else {
            for (int i = 0, k = 0; i < rows; i++) for (int j = 0; j < width; j++, k++) z.put(k, f(z.get(k) + b[j], alpha));
        }
    }

    /** dL/dz = dL/da · f'(z), in place in {@code d}, from the outputs {@code a}, for the elements [from, to). */
    public void backprop(FloatBuffer a, FloatBuffer d, int from, int to, float alpha) {
        switch (this) {
            case RELU -> {
                for (int k = from; k < to; k++) if (a.get(k) <= 0) d.put(k, 0f);
            }
            case TANH -> {
                for (int k = from; k < to; k++) {
                    float v = a.get(k);
                    d.put(k, d.get(k) * (1 - v * v));
                }
            }
            default -> {
                for (int k = from; k < to; k++) d.put(k, d.get(k) * derivative(a.get(k), alpha));
            }
        }
    }

    float f(float z, float alpha) {
        return switch (this) {
            case RELU -> z > 0 ? z : 0f;
            case TANH -> (float) Math.tanh(z);
            case SIGMOID -> (float) (1 / (1 + Math.exp(-z)));
            case LEAKYRELU -> z >= 0 ? z : alpha * z;
            case ELU -> z >= 0 ? z : (float) Math.expm1(z);
        };
    }

    float derivative(float a, float alpha) {
        return switch (this) {
            case RELU -> a > 0 ? 1f : 0f;
            case TANH -> 1 - a * a;
            case SIGMOID -> a * (1 - a);
            case LEAKYRELU -> a > 0 ? 1f : alpha;
            case ELU -> a > 0 ? 1f : a + 1;
        };
    }
}
