package bnsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPointTest {
    @TempDir
    Path tmp;

    static List<TrainSettings> configurations(String conf, String... overrides) {
        return SweepSettings.from(ConfigLoader.load(Path.of(conf), List.of(overrides))).configurations();
    }

    @Test
    void theSeedsOfOneSettingShareAKeyWhateverItsTextContains() throws Exception {
        // an arm named like a seed suffix: cutting "-s<seed>" out of the id text would split its group
        Path conf = tmp.resolve("arms.conf");
        Files.writeString(conf, Files.readString(Path.of("conf/notebooks/a-mnist-keras.conf")).replace("name = plain,", "name = plain-s1,")
                .replace("name = keras-bn,", "name = bn-s2,"));
        List<TrainSettings> c = configurations(conf.toString(), "sweep.seeds=1,2");
        assertEquals(List.of("mnist-none-b32-w1-s1-arm_plain-s1", "mnist-local-b32-w1-s1-arm_bn-s2", "mnist-none-b32-w1-s2-arm_plain-s1",
                "mnist-local-b32-w1-s2-arm_bn-s2"), c.stream().map(TrainSettings::configId).toList());
        assertEquals(c.get(0).key().without(TrainKeys.SEED), c.get(2).key().without(TrainKeys.SEED));
        assertEquals(c.get(1).key().without(TrainKeys.SEED), c.get(3).key().without(TrainKeys.SEED));
        assertNotEquals(c.get(0).key().without(TrainKeys.SEED), c.get(1).key().without(TrainKeys.SEED));
        assertEquals(4, c.stream().map(TrainSettings::key).distinct().count(), "every configuration its own key");
    }

    @Test
    void aKeyWithoutTheLearningRateJoinsTheRatesOfOneSeriesAndTheTextLeavesItOut() {
        List<TrainSettings> c = configurations("conf/smoke-sweep.conf", "sweep.bn=none,sync", "sweep.batch-sizes=32", "sweep.seeds=1",
                "sweep.learning-rates=0.001,0.01", "sweep.input-bn=false,true");
        TrainSettings slow = c.stream().filter(x -> x.inputBn() && x.learningRate() == 0.001).findFirst().orElseThrow();
        TrainSettings fast = c.stream().filter(x -> x.inputBn() && x.learningRate() == 0.01).findFirst().orElseThrow();
        assertNotEquals(slow.key(), fast.key());
        assertEquals(slow.key().without(TrainKeys.SEED, TrainKeys.LEARNING_RATE), fast.key().without(TrainKeys.SEED, TrainKeys.LEARNING_RATE));
        TrainSettings plain = c.stream().filter(x -> !x.inputBn() && x.bn().batchNorm() && x.learningRate() == 0.01).findFirst().orElseThrow();
        assertNotEquals(plain.key().without(TrainKeys.LEARNING_RATE), fast.key().without(TrainKeys.LEARNING_RATE), "input-bn still tells them apart");
        assertEquals("input-bn=true, learning-rate=0.01", fast.variant());
        assertEquals("input-bn=true", fast.point().text(fast, Set.of(TrainKeys.LEARNING_RATE)));
    }
}
