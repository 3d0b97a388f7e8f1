package bnsweep.model;

import bnsweep.util.Ids;
import java.util.SplittableRandom;

/**
 * How a Dense layer's initial weights W (fan_in inputs, fan_out outputs) are drawn (config keys
 * {@code weight-init}, {@code output-weight-init}). Each constant's formula is its description, and
 * {@link #sample} draws exactly that; the frameworks' names for it are given beside it.
 */
public enum WeightInit implements Ids.Named {
    HE_NORMAL("N(0, 2/fan_in): PyTorch `kaiming_normal_`, DL4J `WeightInit.RELU` (bnsweep's draw is DL4J's own)"),
    HE_NORMAL_TRUNCATED("normal with σ = √(2/fan_in) / 0.87962566, redrawn outside ±2σ, so the variance is 2/fan_in:"
            + " Keras `he_normal`"),
    GLOROT_UNIFORM("U(−a, a), a = √(6/(fan_in + fan_out)): Keras's default `glorot_uniform`, PyTorch `xavier_uniform_`"),
    GLOROT_NORMAL("N(0, 2/(fan_in + fan_out)): PyTorch `xavier_normal_` (Keras `glorot_normal` truncates as `he_normal` does)"),
    LECUN_NORMAL("N(0, 1/fan_in) (Keras `lecun_normal` truncates as `he_normal` does)"),
    TORCH_DEFAULT("U(−a, a), a = 1/√fan_in: PyTorch `nn.Linear`'s default (`kaiming_uniform_` with a = √5)");

    /** Keras's correction of a ±2σ truncated normal's standard deviation: the std of N(0,1) truncated to [−2, 2]. */
    static final double TRUNCATED_STD = 0.87962566103423978;

    private final String formula;

    WeightInit(String formula) {
        this.formula = formula;
    }

    public String formula() {
        return formula;
    }

    public static WeightInit fromId(String id) {
        return Ids.byId("weight init", id, values());
    }

    /** One weight drawn from this scheme for a layer of {@code fanIn} inputs and {@code fanOut} outputs. */
    public double sample(int fanIn, int fanOut, SplittableRandom rng) {
        return switch (this) {
            case HE_NORMAL -> gaussian(rng) * Math.sqrt(2.0 / fanIn);
            case HE_NORMAL_TRUNCATED -> truncatedGaussian(rng) * Math.sqrt(2.0 / fanIn) / TRUNCATED_STD;
            case GLOROT_UNIFORM -> uniform(rng, Math.sqrt(6.0 / (fanIn + fanOut)));
            case GLOROT_NORMAL -> gaussian(rng) * Math.sqrt(2.0 / (fanIn + fanOut));
            case LECUN_NORMAL -> gaussian(rng) * Math.sqrt(1.0 / fanIn);
            case TORCH_DEFAULT -> uniform(rng, 1 / Math.sqrt(fanIn));
        };
    }

    static double uniform(SplittableRandom rng, double a) {
        return (2 * rng.nextDouble() - 1) * a;
    }

    /** Standard normal (Box–Muller, one of the pair), from {@code rng} alone so that a seed gives the same weights everywhere. */
    static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble(); // (0, 1]
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Standard normal conditioned on [−2, 2], by redrawing (as TensorFlow's truncated_normal does). */
    static double truncatedGaussian(SplittableRandom rng) {
        double z;
        do {
            z = gaussian(rng);
        } while (Math.abs(z) > 2);
        return z;
    }
}
