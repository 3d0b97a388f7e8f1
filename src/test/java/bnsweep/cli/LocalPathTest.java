package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Directory options take local paths and file:// URIs; a Hadoop URI is refused instead of becoming a folder named "hdfs:". */
class LocalPathTest {
    @Test
    void pathsAndFileUris() {
        LocalPath c = new LocalPath();
        assertEquals(Path.of("runs/x"), c.convert("runs/x"));
        assertEquals(Path.of("/tmp/x y"), c.convert("file:///tmp/x%20y"));
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> c.convert("hdfs://namenode:8020/runs/x"));
        assertTrue(e.getMessage().startsWith("hdfs://namenode:8020/runs/x: only local paths and file:// URIs"), e.getMessage());
        assertThrows(TypeConversionException.class, () -> c.convert("s3a://bucket/runs"));
    }

    @Test
    void theCommandLineSaysSoAndWritesNothing() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(err, true), "sweep", "--config", "conf/smoke-sweep.conf", "--data-dir", "data",
                "--out", "s3a://bucket/runs/x");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("s3a://bucket/runs/x: only local paths and file:// URIs are supported"), err.toString());
        assertTrue(!java.nio.file.Files.exists(Path.of("s3a:")), "no local folder named after the scheme");
    }
}
