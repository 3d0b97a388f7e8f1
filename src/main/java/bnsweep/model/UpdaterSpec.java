package bnsweep.model;

import java.io.Serializable;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/** The optimiser: {@code adam} (betas 0.9/0.999, eps 1e-8) or {@code sgd} (Nesterov momentum when momentum > 0). */
public record UpdaterSpec(String name, double learningRate, double momentum) implements Serializable {
    public UpdaterSpec {
        if (!name.equals("adam") && !name.equals("sgd")) {
            throw new IllegalArgumentException("updater must be adam or sgd, not '" + name + "'");
        }
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning-rate must be > 0, not " + learningRate);
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), not " + momentum);
    }

    public IUpdater toDl4j() {
        if (name.equals("adam")) return new Adam(learningRate);
        return momentum > 0 ? new Nesterovs(learningRate, momentum) : new Sgd(learningRate);
    }
}
