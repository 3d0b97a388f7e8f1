package bnsweep.model;

import bnsweep.util.Ids;
import java.util.SplittableRandom;

/** How a Dense layer's initial biases are set (config key {@code bias-init}); each formula is its description. */
public enum BiasInit implements Ids.Named {
    ZEROS("0: Keras's and DL4J's default"),
    TORCH_DEFAULT("U(−a, a), a = 1/√fan_in: PyTorch `nn.Linear`'s default");

    private final String formula;

    BiasInit(String formula) {
        this.formula = formula;
    }

    public String formula() {
        return formula;
    }

    public static BiasInit fromId(String id) {
        return Ids.byId("bias init", id, values());
    }

    public double sample(int fanIn, SplittableRandom rng) {
        return this == ZEROS ? 0 : WeightInit.uniform(rng, 1 / Math.sqrt(fanIn));
    }
}
