package bnsweep.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    Path version(String table, int v) throws Exception {
        Path fresh = Files.createDirectories(dir.resolve(".tables/" + table + "-" + v));
        Files.writeString(fresh.resolve("part-0"), "v" + v);
        return fresh;
    }

    @Test
    void aReplacedTableNeverGoesMissing() throws Exception {
        Path table = dir.resolve("summary.parquet");
        AtomicFiles.replaceDirectory(table, version("summary", 0));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger(), missing = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                checks.incrementAndGet();
                if (!Files.exists(table, LinkOption.NOFOLLOW_LINKS)) missing.incrementAndGet();
            }
        });
        reader.start();
        for (int v = 1; v <= 200; v++) AtomicFiles.replaceDirectory(table, version("summary", v));
        stop.set(true);
        reader.join();
        assertTrue(checks.get() > 0);
        assertEquals(0, missing.get(), "moments without the table, out of " + checks.get());
        assertEquals("v200", Files.readString(table.resolve("part-0")));
    }

    @Test
    void aReaderInTheVersionBeforeCanFinishAndOlderVersionsGo() throws Exception {
        Path table = dir.resolve("results.parquet");
        AtomicFiles.replaceDirectory(table, version("results", 1));
        Path reading = table.toRealPath(); // a reader lists the table: version 1
        AtomicFiles.replaceDirectory(table, version("results", 2));
        assertEquals("v1", Files.readString(reading.resolve("part-0")), "the version before stays for readers in it");
        assertEquals("v2", Files.readString(table.resolve("part-0")));
        AtomicFiles.replaceDirectory(table, version("results", 3));
        assertFalse(Files.exists(reading), "older versions are deleted");
        Path other = version("summary", 1);
        AtomicFiles.replaceDirectory(table, version("results", 4));
        assertTrue(Files.exists(other), "other tables' versions are left alone");
        try (var left = Files.list(dir.resolve(".tables"))) {
            assertEquals(3, left.count());
        }
    }

    @Test
    void aTableWrittenAsADirectoryBeforeIsReplacedByTheLink() throws Exception {
        Path table = Files.createDirectories(dir.resolve("old.parquet"));
        Files.writeString(table.resolve("part-0"), "old");
        AtomicFiles.replaceDirectory(table, version("old", 1));
        assertTrue(Files.isSymbolicLink(table));
        assertEquals("v1", Files.readString(table.resolve("part-0")));
        assertFalse(Files.exists(dir.resolve(".old.parquet.link.tmp")));
    }
}
