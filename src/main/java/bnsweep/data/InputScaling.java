package bnsweep.data;

import bnsweep.util.Ids;
import java.util.Arrays;

/**
 * How pixel bytes b (0..255) become network inputs (config key {@code input-scaling}). Every
 * variant is x = (b / 255 − m[c]) / s[c] per channel c, with its own m and s.
 */
public enum InputScaling implements Ids.Named {
    STANDARDIZE("(b/255 − mean[c]) / std[c], mean and std per channel fitted on the training split"),
    UNIT("b / 255, in [0, 1]"),
    CENTERED("(b/255 − 0.5) / 0.5, in [−1, 1]"),
    RAW("b as it is, 0 to 255");

    private final String formula;

    InputScaling(String formula) {
        this.formula = formula;
    }

    public String formula() {
        return formula;
    }

    /** The per-channel constants of this scaling; {@code fitted} are the training split's (used by standardize). */
    public Normalization constants(Normalization fitted) {
        int channels = fitted.mean().length;
        return switch (this) {
            case STANDARDIZE -> fitted;
            case UNIT -> uniform(channels, 0, 1);
            case CENTERED -> uniform(channels, 0.5, 0.5);
            case RAW -> uniform(channels, 0, 1 / 255.0);
        };
    }

    private static Normalization uniform(int channels, double mean, double std) {
        double[] m = new double[channels], s = new double[channels];
        Arrays.fill(m, mean);
        Arrays.fill(s, std);
        return new Normalization(m, s);
    }

    public static InputScaling fromId(String id) {
        return Ids.byId("input scaling", id, values());
    }
}
