package bnsweep.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A feed-forward classifier: inputs -> hidden Dense layers -> softmax over classes, optionally with
 * Batch Normalization in every hidden block ({@code placement}: before or after its activation)
 * and on the input ({@code inputBn}), and dropout after every hidden block.
 *
 * @param leakyReluAlpha slope for negative inputs when {@code activation} is leakyrelu
 * @param dropout        rate of dropout after every hidden block in training, 0 = none
 * @param init           how the Dense layers' weights and biases start
 */
public record NetworkSpec(int inputs, int classes, int[] hidden, Activation activation, boolean batchNorm,
                          UpdaterSpec updater, long seed, BnPlacement placement, boolean inputBn, double dropout,
                          double leakyReluAlpha, Initialisation init) implements Serializable {

    public NetworkSpec {
        if (inputs <= 0 || classes <= 1) throw new IllegalArgumentException("bad inputs/classes " + inputs + "/" + classes);
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h <= 0)) {
            throw new IllegalArgumentException("hidden sizes must be positive integers, not " + Arrays.toString(hidden));
        }
        if (activation == null) throw new IllegalArgumentException("no activation");
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout);
        if (init == null) throw new IllegalArgumentException("no initialisation");
        if (!(leakyReluAlpha > 0 && leakyReluAlpha < 1)) throw new IllegalArgumentException("leakyrelu alpha must be in (0, 1), not " + leakyReluAlpha);
    }

    /** BN (if any) before each activation, no input BN, no dropout, DL4J's LeakyReLU slope 0.01. */
    public NetworkSpec(int inputs, int classes, int[] hidden, Activation activation, boolean batchNorm, UpdaterSpec updater, long seed) {
        this(inputs, classes, hidden, activation, batchNorm, updater, seed, BnPlacement.BEFORE_ACTIVATION, false, 0, 0.01,
                Initialisation.DEFAULT);
    }

    /** The same network without any BN layer (the twin whose Dense weights a BN network starts from). */
    public NetworkSpec withoutBatchNorm() {
        return new NetworkSpec(inputs, classes, hidden, activation, false, updater, seed, BnPlacement.BEFORE_ACTIVATION, false, dropout,
                leakyReluAlpha, init);
    }
}
