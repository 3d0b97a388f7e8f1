package bnsweep.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bnsweep.bn.BnInference;
import bnsweep.bn.BnMode;
import bnsweep.config.SyncAlgorithm;
import bnsweep.data.DatasetKind;
import bnsweep.data.InputScaling;
import bnsweep.model.BnPlacement;
import bnsweep.model.LrScaling;
import bnsweep.shard.Partitioning;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ids config files, manifests and tables use, derived from the enum constants: renaming a constant must not change one silently. */
class IdsTest {
    static List<String> ids(Ids.Named[] values) {
        return Arrays.stream(values).map(Ids.Named::id).toList();
    }

    @Test
    void everyEnumKeepsTheIdsConfigFilesUse() {
        assertEquals(List.of("none", "local", "sync", "ghost"), ids(BnMode.values()));
        assertEquals(List.of("averaged", "merged", "precise"), ids(BnInference.values()));
        assertEquals(List.of("average", "gradients"), ids(SyncAlgorithm.values()));
        assertEquals(List.of("mnist", "fashion-mnist", "cifar10", "table"), ids(DatasetKind.values()));
        assertEquals(List.of("auto", "parquet", "csv", "libsvm"), ids(bnsweep.data.TableFormat.values()));
        assertEquals(List.of("running", "complete", "failed", "interrupted"), ids(bnsweep.run.Status.values()));
        assertEquals(List.of("bnsweep", "dl4j"), ids(bnsweep.config.TrainingStep.values()));
        assertEquals(List.of("relu", "tanh", "sigmoid", "leakyrelu", "elu"), ids(bnsweep.model.Activation.values()));
        assertEquals(List.of("standardize", "unit", "centered", "raw"), ids(InputScaling.values()));
        assertEquals(List.of("before-activation", "after-activation"), ids(BnPlacement.values()));
        assertEquals(List.of("none", "linear", "sqrt"), ids(LrScaling.values()));
        assertEquals(List.of("iid", "label-sorted"), ids(Partitioning.values()));
    }

    @Test
    void anUnknownIdNamesWhatIsKnown() {
        assertEquals(Partitioning.LABEL_SORTED, Partitioning.fromId("label-sorted"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Partitioning.fromId("sorted"));
        assertEquals("unknown partitioning 'sorted' (known: iid, label-sorted)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BnMode.fromId("naive")); // renamed, with its own message
    }
}
