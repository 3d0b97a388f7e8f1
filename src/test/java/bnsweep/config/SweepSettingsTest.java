package bnsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.bn.BnMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepSettingsTest {
    static SweepSettings sweep(String... overrides) {
        return SweepSettings.from(ConfigLoader.load(Path.of("conf/smoke-sweep.conf"), List.of(overrides)));
    }

    @Test
    void theDefaultGridIsSeedThenBatchThenBnMode() {
        List<String> ids = sweep("sweep.bn=none,sync", "sweep.batch-sizes=32,64", "sweep.seeds=1,2").configurations().stream()
                .map(TrainSettings::configId).toList();
        assertEquals(List.of("mnist-none-b32-w2-s1", "mnist-sync-b32-w2-s1", "mnist-none-b64-w2-s1", "mnist-sync-b64-w2-s1",
                "mnist-none-b32-w2-s2", "mnist-sync-b32-w2-s2", "mnist-none-b64-w2-s2", "mnist-sync-b64-w2-s2"), ids);
    }

    @Test
    void extraDimensionsMakeVariantsAndNoBnPointsCollapse() {
        SweepSettings s = sweep("sweep.bn=none,local", "sweep.batch-sizes=32", "sweep.seeds=1", "sweep.input-scaling=standardize,unit",
                "sweep.input-bn=false,true", "sweep.bn-placement=before-activation,after-activation", "workers=1");
        List<TrainSettings> c = s.configurations();
        // per scaling: one no-BN configuration and 2 x 2 BN ones
        assertEquals(10, c.size());
        assertEquals(2, c.stream().filter(x -> x.bn() == BnMode.NONE).count());
        TrainSettings bn = c.stream().filter(x -> x.bn() == BnMode.LOCAL && x.inputBn() && x.inputScaling().id().equals("unit")
                && x.bnPlacement().id().equals("after-activation")).findFirst().orElseThrow();
        assertEquals("input-scaling=unit, bn-placement=after-activation, input-bn=true", bn.variant());
        assertEquals("mnist-local-b32-w1-s1-input-scaling_unit-bn-placement_after-activation-input-bn_true", bn.configId());
        TrainSettings twin = s.reference(bn);
        assertEquals("input-scaling=unit", twin.variant());
        assertTrue(c.stream().anyMatch(x -> x.configId().equals(twin.configId())), "the twin is a configuration of the grid");
        assertEquals(bn.network(bnsweep.data.DatasetKind.MNIST.imageShape()).withoutBatchNorm(), twin.network(bnsweep.data.DatasetKind.MNIST.imageShape()), "twins differ only in BN");
        assertNull(sweep("sweep.bn=sync").reference(bn));
    }

    @Test
    void armsDifferInMoreThanBnAndAreComparedWithTheFirstArm() {
        SweepSettings s = SweepSettings.from(ConfigLoader.load(Path.of("conf/notebooks/a-mnist-keras.conf"), List.of("sweep.seeds=1,2")));
        List<TrainSettings> c = s.configurations();
        assertEquals(List.of("mnist-none-b32-w1-s1-arm_plain", "mnist-local-b32-w1-s1-arm_keras-bn", "mnist-none-b32-w1-s2-arm_plain",
                "mnist-local-b32-w1-s2-arm_keras-bn"), c.stream().map(TrainSettings::configId).toList());
        TrainSettings plain = c.get(0), bn = c.get(1);
        assertEquals(bnsweep.model.Activation.LEAKYRELU, plain.activation());
        assertEquals(0.3, (double) plain.get(TrainKeys.LEAKYRELU_ALPHA));
        assertEquals("he-normal-truncated", plain.get(TrainKeys.WEIGHT_INIT).id());
        assertEquals(bnsweep.model.Activation.RELU, bn.activation());
        assertEquals(0.01, (double) bn.get(TrainKeys.BN_RUNNING_RATE));
        assertEquals(0.001, (double) bn.get(TrainKeys.BN_EPSILON));
        assertEquals("glorot-uniform", bn.initialisation().weights().id());
        assertEquals("glorot-uniform", plain.initialisation().outputWeights().id(), "both arms' Dense(10) is Glorot uniform");
        assertTrue(bn.inputBn());
        assertEquals(0.01, (double) bn.get(TrainKeys.LEAKYRELU_ALPHA), "what one arm sets, the other keeps at the base value");
        // the BN layers carry the arm's constants: eps 1e-3 and DL4J decay 1 - 0.01
        var layer = (bnsweep.bn.BatchNorm) bn.initialNetwork(bnsweep.data.DatasetKind.MNIST.imageShape()).getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(0.001, layer.getEps(), 1e-12);
        assertEquals(0.99, layer.getDecay(), 1e-12);
        assertEquals(plain.configId(), s.reference(bn).configId(), "compared with the first arm of the same seed");
        assertNull(s.reference(plain));
        assertEquals(plain.seed(), s.reference(bn).seed());
    }

    @Test
    void armsAreCheckedWhenTheSweepIsRead() {
        Path conf = Path.of("conf/notebooks/a-mnist-keras.conf");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SweepSettings.from(ConfigLoader.load(conf, List.of("sweep.arms=x"))))
                .getMessage().contains("'sweep.arms[0]'"));
        IllegalArgumentException bnToo = assertThrows(IllegalArgumentException.class,
                () -> SweepSettings.from(ConfigLoader.load(conf, List.of("sweep.bn=none,sync"))));
        assertTrue(bnToo.getMessage().contains("'sweep.bn'"), bnToo.getMessage());
        IllegalArgumentException swept = assertThrows(IllegalArgumentException.class,
                () -> SweepSettings.from(ConfigLoader.load(conf, List.of("sweep.weight-inits=he-normal,glorot-uniform"))));
        assertTrue(swept.getMessage().contains("'sweep.arms[0].weight-init'") && swept.getMessage().contains("sweep.weight-inits"), swept.getMessage());
    }

    /** Every shipped sweep file reads and builds its grid (a table's once given its path); each claims sweep tests a claim. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("sweepFiles")
    void everyShippedSweepReads(Path file) {
        List<String> table = file.toString().contains("table") ? List.of("table.path=t.csv") : List.of();
        SweepSettings s = SweepSettings.from(ConfigLoader.load(file, table));
        assertTrue(s.configurations().size() >= 2, file.toString());
        if (file.startsWith("conf/claims")) assertEquals(1, s.claims().size(), file + " tests one claim");
    }

    static java.util.stream.Stream<Path> sweepFiles() throws java.io.IOException {
        return java.nio.file.Files.walk(Path.of("conf")).filter(p -> p.toString().endsWith("-sweep.conf") || p.startsWith("conf/claims")
                || p.startsWith("conf/notebooks")).filter(p -> p.toString().endsWith(".conf")).sorted();
    }

    @Test
    void workersIsADimension() {
        List<TrainSettings> c = sweep("sweep.bn=sync", "sweep.batch-sizes=32", "sweep.seeds=1", "sweep.workers=1,2").configurations();
        assertEquals(List.of("mnist-sync-b32-w1-s1", "mnist-sync-b32-w2-s1"), c.stream().map(TrainSettings::configId).toList());
        assertEquals(List.of(32, 64), c.stream().map(TrainSettings::bnBatch).toList());
    }

    @Test
    void everyConfigurationIsCheckedWhenTheSweepIsRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sweep("bn=ghost", "ghost-batch=16", "sweep.bn=ghost", "sweep.batch-sizes=64,24"));
        assertTrue(e.getMessage().contains("'ghost-batch'") && e.getMessage().contains("24"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sweep("sweep.seeds=1,1")).getMessage().contains("repeats"));
    }
}
