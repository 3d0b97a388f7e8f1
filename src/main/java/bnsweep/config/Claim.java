package bnsweep.config;

import bnsweep.util.Ids;

/**
 * A claim BN notebooks make, as one sentence bnsweep can test, and how its effect is measured
 * ({@code sweep.claims}; the sweeps in {@code conf/claims/} test one each). Every effect is a
 * difference in points of accuracy computed per seed, so that its mean, 95% interval and paired
 * t-test come from the seeds; a positive effect supports the claim. "BN" is every configuration
 * compared with a reference (summary.csv's comparison: the no-BN twin, or the first arm).
 */
public enum Claim implements Ids.Named {
    FASTER_CONVERGENCE("BN converges faster: after the first epoch its validation accuracy is higher than without BN.",
            "validation accuracy after epoch 1, BN − reference, per seed (mean over the sweep's comparisons)"),
    HIGHER_LEARNING_RATES("BN allows higher learning rates: at the sweep's largest learning rate BN reaches a higher test accuracy"
            + " than without BN.", "test accuracy at the largest of sweep.learning-rates, BN − reference, per seed (tuned.csv gives"
                    + " each arm's best and largest stable learning rate)"),
    INIT_INSENSITIVITY("BN makes training less sensitive to the scale of the initial weights: its test accuracy varies less across"
            + " weight scales than without BN.", "per seed, the range (max − min) of test accuracy over sweep.weight-scales without BN"
                    + " minus the same range with BN"),
    REGULARIZATION("BN regularises, so dropout adds less: dropout improves the test accuracy of the network without BN more than"
            + " that of the network with BN.", "per seed, (BN − reference without dropout) − (BN − reference with the sweep's"
                    + " largest dropout), i.e. the reference's gain from dropout minus BN's"),
    SATURATING_DEEP("With BN a deep network of saturating units (sigmoid or tanh) trains; without BN it trains worse.",
            "test accuracy, BN − reference, per seed"),
    SMALL_BATCH("BN needs batches: normalising over a few examples (bn = ghost, ghost-batch) gives a lower test accuracy than"
            + " normalising over the whole minibatch (bn = local).", "test accuracy, local − ghost at the same batch size, per seed");

    private final String statement, effect;

    Claim(String statement, String effect) {
        this.statement = statement;
        this.effect = effect;
    }

    public String statement() {
        return statement;
    }

    /** How the effect is computed from the sweep's runs. */
    public String effect() {
        return effect;
    }

    public static Claim fromId(String id) {
        return Ids.byId("claim", id, values());
    }
}
