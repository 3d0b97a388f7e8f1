package bnsweep.bn;

import bnsweep.util.Ids;
/**
 * The BN statistics a trained network can be evaluated with. Every BN run is evaluated with all
 * three after each epoch; the descriptions are the project's one statement of them (docs/design.md and
 * the report print them as they are).
 */
public enum BnInference implements Ids.Named {
    AVERAGED("the running statistics as the training leaves them in the model: each worker updates its own"
            + " (rate bn-running-rate) and they are averaged elementwise, mean and log10(std), with the parameters (sync = average) or at"
            + " the end of every round (sync = gradients), as DL4J's parameter averaging does."),
    MERGED("running statistics rebuilt from every step's minibatch moments of all workers: per step, the moments"
            + " each worker's BN layer updated its running statistics with (its minibatch's; with bn = sync the union's) are"
            + " merged count-weighted (parallel-variance formula) and run through the same running average;"
            + " computed from the layers' inputs, identical on every worker."),
    PRECISE("the population mean and variance of each BN layer's inputs over the training set (all of it, or a"
            + " seeded random sample of precise-bn-examples), recomputed layer by layer after each epoch with the layers"
            + " below already using theirs (precise BN, Wu & Johnson 2021); its time counts in the epoch's time.");

    /** The variant val_acc, val_loss, train_* and test_* report (chosen on real data: docs/design.md, BN modes). */
    public static final BnInference DEFAULT = MERGED;

    /** When two variants coincide, in words (docs/design.md and report). */
    public static final String COINCIDENCES = "averaged and merged coincide (up to float rounding) with one worker, and with"
            + " bn = sync, whose running statistics are global by construction; precise differs from both, which are running"
            + " averages over recent steps of a changing network.";

    private final String description;

    BnInference(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
