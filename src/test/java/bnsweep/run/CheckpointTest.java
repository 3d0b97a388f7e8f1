package bnsweep.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.engine.ModelState;
import bnsweep.util.fs.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint reads back as written, and one damaged on disk is refused rather than resumed from. */
class CheckpointTest {
    @TempDir
    Path dir;

    static Checkpoint checkpoint() {
        float[] params = new float[4096];
        for (int i = 0; i < params.length; i++) params[i] = (float) Math.sin(i);
        return new Checkpoint("mnist-sync-b64-w2-s1", Map.of("seed", "1"), new ModelState("{}", params, new float[8], new float[4], 42, 1),
                List.of(), 12.5);
    }

    @Test
    void readsBackAsWritten() {
        checkpoint().save(Location.of(dir));
        Checkpoint c = Checkpoint.load(Location.of(dir), "mnist-sync-b64-w2-s1");
        assertArrayEquals(checkpoint().state().params(), c.state().params());
        assertEquals(42, c.state().iteration());
    }

    @Test
    void bytesInvertedInsideTheWeightsAreRefused() throws Exception {
        checkpoint().save(Location.of(dir));
        Path f = dir.resolve(Checkpoint.FILE);
        byte[] b = Files.readAllBytes(f);
        // 16 bytes inverted in the middle of the parameters, as the probe did: Java deserialisation alone reads them without a word
        for (int i = b.length / 2; i < b.length / 2 + 16; i++) b[i] = (byte) ~b[i];
        Files.write(f, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(Location.of(dir), "mnist-sync-b64-w2-s1"));
        assertEquals(Location.of(f) + ": damaged (its contents do not match the SHA-256 recorded in it); delete it to start this configuration over",
                e.getMessage());
    }

    @Test
    void aFileWithoutTheHeaderIsRefused() throws Exception {
        Files.write(dir.resolve(Checkpoint.FILE), new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(Location.of(dir), "x"));
        assertTrue(e.getMessage().contains("not a checkpoint of this bnsweep"), e.getMessage());
    }
}
