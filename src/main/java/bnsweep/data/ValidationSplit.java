package bnsweep.data;

import bnsweep.util.Ids;

/**
 * Which training images data-prep holds out for validation (config key {@code validation-split},
 * data-prep's {@code --val-split}): a stratified seeded sample ({@link StratifiedSplit}), or the
 * first ones of the official training file, as a notebook's {@code x_train[:5000]} does.
 */
public enum ValidationSplit implements Ids.Named {
    STRATIFIED,
    FIRST;

    public static ValidationSplit fromId(String id) {
        return Ids.byId("validation split", id, values());
    }

    /** The prepared dataset's directory name under DATA_DIR/&lt;dataset&gt;: {@code prepared}, or {@code prepared-first}. */
    public String preparedDir() {
        return this == STRATIFIED ? PreparedDataset.DIR : PreparedDataset.DIR + "-" + id();
    }
}
