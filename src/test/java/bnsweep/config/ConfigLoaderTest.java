package bnsweep.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.bn.BnMode;
import bnsweep.data.DatasetKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void shippedConfigsResolve() {
        TrainSettings m = TrainSettings.from(ConfigLoader.load(Path.of("conf/mnist.conf"), List.of()));
        assertEquals(DatasetKind.MNIST, m.dataset());
        assertArrayEquals(new int[] {300, 100}, m.hidden());
        assertEquals(64, m.batchSize());
        TrainSettings c = TrainSettings.from(ConfigLoader.load(Path.of("conf/cifar10.conf"), List.of()));
        assertEquals(DatasetKind.CIFAR10, c.dataset());
        assertArrayEquals(new int[] {512, 256}, c.hidden());
    }

    @Test
    void overridesWinOverFileOverDefaults() throws IOException {
        Path f = Files.writeString(dir.resolve("a.conf"), "bnsweep { epochs = 7, seed = 4 }");
        TrainSettings s = TrainSettings.from(ConfigLoader.load(f, List.of("seed=9", "hidden=512,256", "bn=none", "learning-rate=0.01")));
        assertEquals(7, s.epochs());
        assertEquals(9, s.seed());
        assertArrayEquals(new int[] {512, 256}, s.hidden());
        assertEquals(BnMode.NONE, s.bn());
        assertEquals(0.01, s.updater().learningRate());
        assertEquals("adam", s.updater().name());
    }

    @Test
    void unknownKeysInTheFileAreNamed() throws IOException {
        Path f = Files.writeString(dir.resolve("b.conf"), "bnsweep { batchsize = 7 }");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains("b.conf: unknown key 'batchsize'"), e.getMessage());
        Path g = Files.writeString(dir.resolve("c.conf"), "other { x = 1 }");
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(g, List.of()));
        Path h = Files.writeString(dir.resolve("d.conf"), "bnsweep { epochs = ");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(h, List.of())).getMessage().contains("d.conf"));
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedAtItsFirstBadByte() throws IOException {
        // "café" saved as Latin-1: é is the single byte 0xe9, at offset 29; HOCON would read it as U+FFFD
        Path f = Files.write(dir.resolve("latin1.conf"), "bnsweep { sweep { name = \"caf\u00e9 \u00e0\" } }".getBytes(StandardCharsets.ISO_8859_1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(f, List.of()));
        assertEquals(f + ": not UTF-8 text (byte 29 is 0xe9); save it as UTF-8", e.getMessage());
        Path utf8 = Files.writeString(dir.resolve("utf8.conf"), "bnsweep { sweep { name = \"caf\u00e9 \u00e0\" } }");
        assertEquals("caf\u00e9 \u00e0", ConfigLoader.load(utf8, List.of()).getString("sweep.name"), "UTF-8 is read as it is");
    }

    @Test
    void badListValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainSettings.from(ConfigLoader.load(Path.of("conf/mnist.conf"), List.of("hidden=300,x"))));
        assertTrue(e.getMessage().contains("'hidden'"), e.getMessage());
    }
}
