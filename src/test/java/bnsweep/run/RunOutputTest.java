package bnsweep.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.ConfigLoader;
import bnsweep.config.TrainSettings;
import bnsweep.engine.EvalResult;
import bnsweep.util.fs.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resume trusts of a complete run (its tables) is checked against the SHA-256 its manifest records. */
class RunOutputTest {
    @TempDir
    Path dir;

    void completeRun() {
        TrainSettings s = TrainSettings.from(ConfigLoader.load(Path.of("conf/mnist.conf"), List.of("bn=none", "epochs=1")));
        RunOutput out = new RunOutput(Location.of(dir), s);
        out.start(Map.of(), List.of());
        out.finish(new EvalResult(12.5, 95, 100), new double[] {Double.NaN, Double.NaN, Double.NaN}, 0.95, 3.0, 1, false, Map.of());
    }

    @Test
    void aCompleteRunIsTrustedWhileItsTablesMatch() throws Exception {
        assertFalse(RunOutput.isComplete(Location.of(dir)), "nothing there yet");
        completeRun();
        assertTrue(RunOutput.isComplete(Location.of(dir)));
    }

    @Test
    void aDamagedTableIsAnErrorNamingIt() throws Exception {
        completeRun();
        Path results = dir.resolve("results.csv");
        Files.writeString(results, Files.readString(results).replace("0.950000", "0.990000")); // a better number, by hand
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunOutput.isComplete(Location.of(dir)));
        assertEquals(Location.of(results) + ": damaged (it does not match the SHA-256 that manifest.json records); delete "
                + Location.of(dir) + " to train this configuration again", e.getMessage());
        Files.delete(results);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOutput.isComplete(Location.of(dir))).getMessage().contains("missing"));
    }
}
