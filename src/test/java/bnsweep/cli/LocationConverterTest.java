package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.util.fs.Location;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/**
 * Directory options: local paths and file:// URIs are local; hdfs:// goes through Hadoop; a scheme no
 * filesystem on the class path serves is refused in one line instead of becoming a folder named "s3a:".
 */
class LocationConverterTest {
    private final LocationConverter c = new LocationConverter();

    @Test
    void pathsAndUris() {
        assertEquals(Location.of(Path.of("runs/x")), c.convert("runs/x"));
        assertEquals(Location.of(Path.of("/tmp/x y")), c.convert("file:///tmp/x%20y"));
        Location hdfs = c.convert("hdfs://localhost:1/runs/x");
        assertTrue(hdfs.local().isEmpty());
        assertEquals("hdfs://localhost:1/runs/x/configs/a", hdfs.resolve("configs/a").uri());
        // a colon makes no URI without ":/" after a scheme: these are local paths
        assertEquals(Location.of(Path.of("runs/nightly 12:30")), c.convert("runs/nightly 12:30"));
        assertEquals(Location.of(Path.of("x:30")), c.convert("x:30"));
        assertEquals(Location.of(Path.of("nightly:2026-12-01")), c.convert("nightly:2026-12-01"));
    }

    @Test
    void aSchemeWithoutFilesystemIsRefused() {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> c.convert("s3a://bucket/runs"));
        assertTrue(e.getMessage().startsWith("s3a://bucket/runs: no Hadoop filesystem for scheme 's3a'"), e.getMessage());
        TypeConversionException u = assertThrows(TypeConversionException.class, () -> c.convert("nosuchfs://host/runs"));
        assertTrue(u.getMessage().startsWith("nosuchfs://host/runs: no Hadoop filesystem for scheme 'nosuchfs'"), u.getMessage());
        TypeConversionException bad = assertThrows(TypeConversionException.class, () -> c.convert("hdfs://localhost:1/my runs"));
        assertTrue(bad.getMessage().startsWith("hdfs://localhost:1/my runs: not a valid URI ("), bad.getMessage());
        TypeConversionException h = assertThrows(TypeConversionException.class, () -> c.convert("hdfs://no-such-host.invalid/runs"));
        assertTrue(h.getMessage().contains("cannot open its filesystem"), h.getMessage());
    }

    @Test
    void theCommandLineSaysSoAndWritesNothing() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(err, true), "sweep", "--config", "conf/smoke-sweep.conf", "--data-dir", "data",
                "--out", "s3a://bucket/runs/x");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("s3a://bucket/runs/x: no Hadoop filesystem for scheme 's3a'"), err.toString());
        assertFalse(Files.exists(Path.of("s3a:")), "no local folder named after the scheme");
    }
}
