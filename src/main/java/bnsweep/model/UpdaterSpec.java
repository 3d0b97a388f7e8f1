package bnsweep.model;

import java.io.Serializable;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The optimiser: {@code adam} (β₁ 0.9, β₂ 0.999, ε {@code adamEpsilon} where Keras and DL4J put it:
 * θ ← θ − lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m / (√v + ε); {@code UpdaterSpecTest} checks it) or {@code sgd} (Nesterov momentum
 * when momentum > 0).
 */
public record UpdaterSpec(String name, double learningRate, double momentum, double adamEpsilon) implements Serializable {
    /** DL4J's Adam ε (Keras's is 1e-7), as configs write it: the default of the {@code adam-epsilon} setting. */
    public static final String DEFAULT_ADAM_EPSILON = "1e-8";

    public UpdaterSpec(String name, double learningRate, double momentum) {
        this(name, learningRate, momentum, Double.parseDouble(DEFAULT_ADAM_EPSILON));
    }

    public UpdaterSpec {
        if (!name.equals("adam") && !name.equals("sgd")) {
            throw new IllegalArgumentException("updater must be adam or sgd, not '" + name + "'");
        }
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning-rate must be > 0, not " + learningRate);
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), not " + momentum);
        if (!(adamEpsilon > 0)) throw new IllegalArgumentException("adam-epsilon must be > 0, not " + adamEpsilon);
    }

    public IUpdater toDl4j() {
        if (name.equals("adam")) return new Adam(learningRate, Adam.DEFAULT_ADAM_BETA1_MEAN_DECAY, Adam.DEFAULT_ADAM_BETA2_VAR_DECAY, adamEpsilon);
        return momentum > 0 ? new Nesterovs(learningRate, momentum) : new Sgd(learningRate);
    }
}
