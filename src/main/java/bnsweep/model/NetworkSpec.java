package bnsweep.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A feed-forward classifier: inputs -> hidden Dense layers -> softmax over classes, optionally
 * with Batch Normalization between each hidden Dense and its activation.
 */
public record NetworkSpec(int inputs, int classes, int[] hidden, String activation, boolean batchNorm,
                          UpdaterSpec updater, long seed) implements Serializable {
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "leakyrelu", "elu");

    public NetworkSpec {
        if (inputs <= 0 || classes <= 1) throw new IllegalArgumentException("bad inputs/classes " + inputs + "/" + classes);
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h <= 0)) {
            throw new IllegalArgumentException("hidden sizes must be positive integers, not " + Arrays.toString(hidden));
        }
        if (!ACTIVATIONS.contains(activation)) {
            throw new IllegalArgumentException("activation must be one of " + ACTIVATIONS + ", not '" + activation + "'");
        }
    }

    public NetworkSpec withBatchNorm(boolean on) {
        return new NetworkSpec(inputs, classes, hidden, activation, on, updater, seed);
    }
}
