package bnsweep.bn;

import bnsweep.util.Ids;
import java.util.Map;

/**
 * Whether and how a network's BN layers normalise in training (config key {@code bn}). The
 * descriptions are the project's one statement of what each mode computes: docs/design.md ("BN modes")
 * and the report's Background print them as they are.
 */
public enum BnMode implements Ids.Named {
    NONE("no BatchNormalization layers."),
    LOCAL("every step, each worker's BN layers normalise with the mean and (biased) variance of that worker's own"
            + " minibatch: BN batch = b, the batch size per worker. This is what DL4J's, Keras's and PyTorch's BatchNorm do"
            + " under data-parallel training."),
    SYNC("SyncBatchNorm: every step, each BN layer normalises with the mean and variance of the union of all"
            + " workers' minibatches (BN batch = W·b): the workers' (count, mean, M2) are all-gathered and merged with the"
            + " parallel-variance formula, and the backward pass uses the sums of Σdy and Σdy·x̂ over all workers and the"
            + " global count, as PyTorch's SyncBatchNorm does. Its running statistics are the same on every worker."),
    GHOST("ghost BN (Hoffer et al. 2017): each worker normalises its minibatch in consecutive virtual batches of"
            + " ghost-batch examples (BN batch = g; ghost-batch must divide the batch size); the running statistics are"
            + " updated with the moments of the worker's whole minibatch.");

    /** Names of earlier versions and what became of them. */
    private static final Map<String, String> RENAMED = Map.of(
            "naive", "the running statistics 'naive' averaged are now the inference variant 'averaged'",
            "exact", "the running statistics 'exact' merged are now the inference variant 'merged'",
            "exact-precise", "precise BN is now the inference variant 'precise'");

    private final String description;

    BnMode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean batchNorm() {
        return this != NONE;
    }

    /** Examples per normalisation: b for local, W·b for sync, g for ghost; 0 without BN. */
    public int bnBatch(int batchSize, int workers, int ghostBatch) {
        return switch (this) {
            case NONE -> 0;
            case LOCAL -> batchSize;
            case SYNC -> batchSize * workers;
            case GHOST -> ghostBatch;
        };
    }

    public static BnMode fromId(String id) {
        if (RENAMED.containsKey(id)) {
            throw new IllegalArgumentException("bn mode '" + id + "' is gone: bn now says how BN normalises in training (" + Ids.list(values())
                    + "), and every BN run is evaluated with all inference statistics (averaged, merged, precise); " + RENAMED.get(id));
        }
        return Ids.byId("bn mode", id, values());
    }
}
