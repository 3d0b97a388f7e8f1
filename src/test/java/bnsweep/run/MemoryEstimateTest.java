package bnsweep.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.ConfigLoader;
import bnsweep.config.TrainSettings;
import bnsweep.data.DataShape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A network too large for the heap is refused before it trains, in one line naming the setting, the need and the heap. */
class MemoryEstimateTest {
    static final DataShape MNIST = bnsweep.data.DatasetKind.MNIST.imageShape();

    static TrainSettings settings(String... overrides) {
        return TrainSettings.from(ConfigLoader.load(Path.of("conf/mnist.conf"), List.of(overrides)));
    }

    @Test
    void countsTheDenseParametersByHand() {
        // 784-300-100-10: 784*300 + 300 + 300*100 + 100 + 100*10 + 10
        assertEquals(266_610, MemoryEstimate.parameters(settings(), MNIST));
        // Adam: params + 2 moments = 3 floats each; local, 2 workers: 3 + 2*2 = 7 copies
        assertEquals(7L * 3 * 266_610 * 4, MemoryEstimate.bytes(settings(), MNIST, true));
        assertEquals(3L * 1 * 266_610 * 4, MemoryEstimate.bytes(settings("updater=sgd", "momentum=0"), MNIST, false));
    }

    @Test
    void theProbesHiddenLayerIsRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryEstimate.check(settings("hidden=400000"), MNIST, true, 4L << 30));
        assertEquals("hidden=[400000]: the network 784-400000-10 (784 inputs, 10 classes) has 318,000,010 parameters; training it with 2 workers in this JVM needs at least"
                + " 24.9 GiB of Java heap (parameters and adam state, in the copies the driver and each worker keeps), the driver has 4.0 GiB:"
                + " give it more (BNSWEEP_DRIVER_MEMORY, --driver-memory) or choose smaller hidden layers", e.getMessage());
        MemoryEstimate.check(settings(), MNIST, true, 4L << 30); // the default network fits easily
    }

    /** A table too wide for the network the settings describe is refused before training, naming its width. */
    @Test
    void aTableTooWideIsRefusedInOneLine() {
        DataShape wide = new DataShape(2_000_000, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryEstimate.check(settings(), wide, true, 4L << 30));
        assertTrue(e.getMessage().startsWith("hidden=[300,100]: the network 2000000-300-100-3 (2000000 inputs, 3 classes) has 600,030,703"
                + " parameters;"), e.getMessage());
        MemoryEstimate.check(settings(), new DataShape(20, 3), true, 4L << 30);
    }
}
