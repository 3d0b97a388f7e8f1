package bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTarExtractorTest {
    @TempDir
    Path dir;

    Path tarGz(Map<String, byte[]> entries) throws IOException {
        Path archive = dir.resolve("a.tar.gz");
        try (OutputStream out = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    @Test
    void extractsRegularFiles() throws IOException {
        Path archive = tarGz(Map.of("cifar-10-batches-bin/test_batch.bin", new byte[] {1, 2, 3}));
        SafeTarExtractor.extract(archive, dir.resolve("out"));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("out/cifar-10-batches-bin/test_batch.bin")));
    }

    @Test
    void refusesEntriesEscapingTheTarget() throws IOException {
        Path archive = tarGz(Map.of("../escaped.bin", new byte[] {9}));
        DataException e = assertThrows(DataException.class, () -> SafeTarExtractor.extract(archive, dir.resolve("out")));
        assertTrue(e.getMessage().contains("escapes the target directory"), e.getMessage());
        assertTrue(e.getMessage().startsWith(archive.toString()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped.bin")));
    }

    @Test
    void refusesAbsolutePaths() throws IOException {
        Path outside = dir.resolve("abs-target.bin").toAbsolutePath();
        Path archive = tarGz(Map.of(outside.toString(), new byte[] {9}));
        assertThrows(DataException.class, () -> SafeTarExtractor.extract(archive, dir.resolve("out")));
        assertFalse(Files.exists(outside));
    }
}
