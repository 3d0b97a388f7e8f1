package bnsweep.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bnsweep.config.ConfigLoader;
import bnsweep.config.TrainSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A network too large for the heap is refused before it trains, in one line naming the setting, the need and the heap. */
class MemoryEstimateTest {
    static TrainSettings settings(String... overrides) {
        return TrainSettings.from(ConfigLoader.load(Path.of("conf/mnist.conf"), List.of(overrides)));
    }

    @Test
    void countsTheDenseParametersByHand() {
        // 784-300-100-10: 784*300 + 300 + 300*100 + 100 + 100*10 + 10
        assertEquals(266_610, MemoryEstimate.parameters(settings()));
        // Adam: params + 2 moments = 3 floats each; local, 2 workers: 3 + 2*2 = 7 copies
        assertEquals(7L * 3 * 266_610 * 4, MemoryEstimate.bytes(settings(), true));
        assertEquals(3L * 1 * 266_610 * 4, MemoryEstimate.bytes(settings("updater=sgd", "momentum=0"), false));
    }

    @Test
    void theProbesHiddenLayerIsRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryEstimate.check(settings("hidden=400000"), true, 4L << 30));
        assertEquals("hidden=[400000]: the network has 318,000,010 parameters; training it with 2 workers in this JVM needs at least"
                + " 24.9 GiB of Java heap (parameters and adam state, in the copies the driver and each worker keeps), the driver has 4.0 GiB:"
                + " give it more (BNSWEEP_DRIVER_MEMORY, --driver-memory) or choose smaller hidden layers", e.getMessage());
        MemoryEstimate.check(settings(), true, 4L << 30); // the default network fits easily
    }
}
