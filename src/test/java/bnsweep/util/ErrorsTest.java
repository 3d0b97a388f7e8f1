package bnsweep.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Errors in words, as the probe of a full disk, a read-only file system and a damaged JSON file met them. */
class ErrorsTest {
    @Test
    void fileSystemErrorsInWords() {
        assertEquals("cannot write /out/c/checkpoint.bin: no space left on device",
                Errors.oneLine(new UncheckedIOException("cannot write /out/c/checkpoint.bin", new IOException("No space left on device"))));
        assertEquals("cannot write /out/m.json: /out/.m.json.tmp: read-only file system",
                Errors.oneLine(new UncheckedIOException("cannot write /out/m.json", new FileSystemException("/out/.m.json.tmp", null, "Read-only file system"))));
        assertEquals("cannot read /d: no such file or directory: /d/x",
                Errors.oneLine(new UncheckedIOException("cannot read /d", new NoSuchFileException("/d/x"))));
        assertEquals("permission denied: /etc/shadow", Errors.oneLine(new UncheckedIOException(new AccessDeniedException("/etc/shadow"))));
    }

    @Test
    void jsonErrorsWithTheirPlace() {
        Exception parse = null;
        try {
            new ObjectMapper().readTree("{\n  \"a\" : 1,\n");
        } catch (IOException e) {
            parse = e;
        }
        assertEquals("cannot read /out/sweep.json: not valid JSON (line 3, column 1)",
                Errors.oneLine(new UncheckedIOException("cannot read /out/sweep.json", (IOException) parse)));
    }

    @Test
    void noClassNamesWhereThereIsAMessage() {
        assertEquals("bad thing", Errors.oneLine(new RuntimeException("bad thing")));
        assertEquals("null pointer", Errors.oneLine(new NullPointerException()));
        assertEquals("out of memory (Java heap space): give the driver more heap (BNSWEEP_DRIVER_MEMORY, --driver-memory) or train a smaller network",
                Errors.oneLine(new OutOfMemoryError("Java heap space")));
        assertEquals("stage failed: lost executor 1", Errors.oneLine(new RuntimeException("stage failed", new IllegalStateException("lost executor 1"))));
    }
}
