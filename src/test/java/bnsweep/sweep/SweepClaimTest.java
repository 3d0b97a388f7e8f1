package bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.ConfigLoader;
import bnsweep.config.SweepSettings;
import bnsweep.util.fs.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sweep refuses in its OUT before it changes anything there: files it did not write, in words. */
class SweepClaimTest {
    @TempDir
    Path out;

    static SweepSettings smoke() {
        return SweepSettings.from(ConfigLoader.load(Path.of("conf/smoke-sweep.conf"), List.of()));
    }

    @Test
    void aHistoryWithAnotherHeaderIsRefusedNamingTheColumns() throws Exception {
        Path h = Files.writeString(out.resolve("history.csv"), "id,name,when,state\nx,smoke,2026-01-01,complete\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepRunner.claim(Location.of(out), smoke(), null));
        assertEquals(Location.of(h) + " has the columns id,name,when,state, expected run_id,sweep,start,end,status (written by another"
                + " version of bnsweep, or edited?): move it aside, and the next sweep starts a new history", e.getMessage());
        assertTrue(!Files.exists(out.resolve("sweep.json")) && !Files.exists(out.resolve("manifest.json")), "nothing written");
        assertEquals("id,name,when,state\nx,smoke,2026-01-01,complete\n", Files.readString(h), "history left as it was");
    }

    @Test
    void aDamagedSweepJsonIsNamedWithItsLineAndColumn() throws Exception {
        Files.writeString(out.resolve("sweep.json"), "{\n  \"fingerprint\" : \"abc\",\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepRunner.claim(Location.of(out), smoke(), null));
        assertTrue(e.getMessage().matches(".*sweep\\.json is not valid JSON \\(line 3, column 1\\): restore it, or choose a new --out"), e.getMessage());
    }

    @Test
    void itsOwnHistoryIsAccepted() throws Exception {
        Files.writeString(out.resolve("history.csv"), RunHistory.HEADER + "\nr1,smoke,2026-01-01T00:00:00Z,,running\n");
        SweepRunner.claim(Location.of(out), smoke(), null);
        assertTrue(Files.exists(out.resolve("sweep.json")));
    }
}
