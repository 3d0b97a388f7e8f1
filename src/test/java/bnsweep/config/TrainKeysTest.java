package bnsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.data.InputScaling;
import bnsweep.model.BnPlacement;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values that must be refused, with the key the user typed; the new options read as declared. */
class TrainKeysTest {
    static TrainSettings settings(String... overrides) {
        return TrainSettings.from(ConfigLoader.load(Path.of("conf/mnist.conf"), List.of(overrides)));
    }

    static String refusal(String override) {
        return assertThrows(IllegalArgumentException.class, () -> SweepSettings.from(ConfigLoader.load(Path.of("conf/mnist.conf"),
                List.of(override)))).getMessage();
    }

    @Test
    void fractionsWhereWholeNumbersAreMeantAreRefusedNotTruncated() {
        assertTrue(refusal("epochs=1.5").contains("'epochs'") && refusal("epochs=1.5").contains("whole number"), refusal("epochs=1.5"));
        assertTrue(refusal("batch-size=64.9").contains("'batch-size'"), refusal("batch-size=64.9"));
        assertTrue(refusal("hidden=300,100.5").contains("'hidden'"), refusal("hidden=300,100.5"));
        assertTrue(refusal("sweep.batch-sizes=32,64.5").contains("'sweep.batch-sizes'"), refusal("sweep.batch-sizes=32,64.5"));
        assertEquals(64, settings("batch-size=64").batchSize());
    }

    @Test
    void nonFiniteNumbersAreRefusedNamingTheKeyTyped() {
        assertTrue(refusal("learning-rate=Infinity").startsWith("bad value for 'learning-rate'"), refusal("learning-rate=Infinity"));
        assertTrue(refusal("momentum=NaN").startsWith("bad value for 'momentum'"), refusal("momentum=NaN"));
        assertTrue(refusal("sweep.target-val-acc=NaN").startsWith("bad value for 'sweep.target-val-acc'"), refusal("sweep.target-val-acc=NaN"));
        assertTrue(refusal("learning-rate=-1").startsWith("bad value for 'learning-rate'"), refusal("learning-rate=-1"));
        assertTrue(refusal("dropout=1").startsWith("bad value for 'dropout'"), refusal("dropout=1"));
    }

    @Test
    void notebookOptionsAreReadAndChecked() {
        TrainSettings s = settings("input-scaling=raw", "bn-placement=after-activation", "input-bn=true", "dropout=0.2",
                "activation=leakyrelu", "leakyrelu-alpha=0.3");
        assertEquals(InputScaling.RAW, s.inputScaling());
        assertEquals(BnPlacement.AFTER_ACTIVATION, s.network(bnsweep.data.DatasetKind.MNIST.imageShape()).placement());
        assertTrue(s.network(bnsweep.data.DatasetKind.MNIST.imageShape()).inputBn());
        assertEquals(0.2, s.network(bnsweep.data.DatasetKind.MNIST.imageShape()).dropout());
        assertEquals(0.3, s.network(bnsweep.data.DatasetKind.MNIST.imageShape()).leakyReluAlpha());
        assertEquals("raw", s.asMap().get("input-scaling"));
        assertEquals("after-activation", s.asMap().get("bn-placement"));
        assertTrue(refusal("input-scaling=minmax").contains("'input-scaling'") && refusal("input-scaling=minmax").contains("unit"));
        assertTrue(refusal("bn-placement=middle").contains("'bn-placement'"));
        assertTrue(refusal("input-bn=maybe").contains("'input-bn'"));
    }

    @Test
    void everyKeyHasADefaultThatPassesItsOwnValidation() {
        TrainSettings d = TrainSettings.from(ConfigLoader.load(Path.of("conf/smoke-sweep.conf"), List.of()));
        for (Setting<?> s : TrainKeys.ALL) assertTrue(d.asMap().containsKey(s.key()), s.key());
        assertEquals(TrainKeys.ALL.size(), d.asMap().size());
    }

    @Test
    void learningRateFollowsTheGlobalBatchAsAsked() {
        assertEquals(0.001, settings("workers=4", "batch-size=64").learningRate());
        TrainSettings linear = settings("workers=4", "batch-size=64", "lr-scaling=linear");
        assertEquals(0.004, linear.learningRate(), 1e-15);
        assertEquals(0.004, linear.updater().learningRate(), 1e-15, "the updater trains with it");
        assertEquals("mnist-sync-b64-w4-s1-lr0.004000", linear.configId());
        assertEquals(0.002, settings("workers=4", "batch-size=64", "lr-scaling=sqrt").learningRate(), 1e-15);
        assertEquals(0.0005, settings("workers=1", "batch-size=64", "lr-scaling=linear", "reference-batch=128").learningRate(), 1e-15);
        assertTrue(refusal("lr-scaling=cubic").contains("'lr-scaling'"));
    }
}
