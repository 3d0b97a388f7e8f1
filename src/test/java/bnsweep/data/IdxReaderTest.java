package bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.testutil.DatasetFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    final byte[] pixels = {0, 1, 2, 3, 4, 5, 6, 7, (byte) 200, (byte) 255, 10, 11};
    final byte[] labels = {3, 9, 0};

    Path images(byte[] content) throws IOException {
        return Files.write(dir.resolve("images.gz"), DatasetFiles.gzip(content));
    }

    Path labelsFile(byte[] content) throws IOException {
        return Files.write(dir.resolve("labels.gz"), DatasetFiles.gzip(content));
    }

    @Test
    void readsGzipAndRawFiles() throws IOException {
        LabeledImages gz = IdxReader.read(images(DatasetFiles.idxImages(pixels, 3, 2, 2)), labelsFile(DatasetFiles.idxLabels(labels)), 2, 2);
        assertArrayEquals(pixels, gz.pixels());
        assertArrayEquals(labels, gz.labels());
        assertEquals(4, gz.featureCount());
        Path raw = Files.write(dir.resolve("images.raw"), DatasetFiles.idxImages(pixels, 3, 2, 2));
        assertArrayEquals(pixels, IdxReader.read(raw, labelsFile(DatasetFiles.idxLabels(labels)), 2, 2).pixels());
    }

    DataException fails(byte[] imageBytes, byte[] labelBytes) throws IOException {
        Path i = images(imageBytes), l = labelsFile(labelBytes);
        return assertThrows(DataException.class, () -> IdxReader.read(i, l, 2, 2));
    }

    @Test
    void wrongMagicNumberNamesTheFile() throws IOException {
        byte[] bad = DatasetFiles.idxImages(pixels, 3, 2, 2);
        bad[3] = 0x01;
        DataException e = fails(bad, DatasetFiles.idxLabels(labels));
        assertEquals(dir.resolve("images.gz"), e.file());
        assertTrue(e.getMessage().contains("wrong magic number 0x00000801"), e.getMessage());
        DataException l = fails(DatasetFiles.idxImages(pixels, 3, 2, 2), DatasetFiles.idxImages(pixels, 3, 2, 2));
        assertEquals(dir.resolve("labels.gz"), l.file());
        assertTrue(l.getMessage().contains("wrong magic number"), l.getMessage());
    }

    @Test
    void truncatedBodyAndHeader() throws IOException {
        byte[] full = DatasetFiles.idxImages(pixels, 3, 2, 2);
        DataException body = fails(Arrays.copyOf(full, full.length - 1), DatasetFiles.idxLabels(labels));
        assertTrue(body.getMessage().contains("truncated") && body.getMessage().contains("3 images"), body.getMessage());
        DataException header = fails(Arrays.copyOf(full, 10), DatasetFiles.idxLabels(labels));
        assertTrue(header.getMessage().contains("header"), header.getMessage());
        byte[] fullLabels = DatasetFiles.idxLabels(labels);
        DataException lab = fails(full, Arrays.copyOf(fullLabels, fullLabels.length - 2));
        assertEquals(dir.resolve("labels.gz"), lab.file());
        assertTrue(lab.getMessage().contains("truncated"), lab.getMessage());
    }

    @Test
    void truncatedGzipStream() throws IOException {
        byte[] gz = DatasetFiles.gzip(DatasetFiles.idxImages(pixels, 3, 2, 2));
        Path i = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        Path l = labelsFile(DatasetFiles.idxLabels(labels));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(i, l, 2, 2));
        assertEquals(i, e.file());
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void imageLabelCountMismatch() throws IOException {
        DataException e = fails(DatasetFiles.idxImages(pixels, 3, 2, 2), DatasetFiles.idxLabels(new byte[] {1, 2}));
        assertTrue(e.getMessage().contains("count mismatch: 2 labels but images.gz has 3 images"), e.getMessage());
    }

    @Test
    void wrongDimensions() throws IOException {
        DataException e = fails(DatasetFiles.idxImages(pixels, 1, 3, 4), DatasetFiles.idxLabels(new byte[] {1}));
        assertTrue(e.getMessage().contains("wrong dimensions 3x4, expected 2x2"), e.getMessage());
    }

    @Test
    void labelOutOfRange() throws IOException {
        DataException e = fails(DatasetFiles.idxImages(pixels, 3, 2, 2), DatasetFiles.idxLabels(new byte[] {1, 10, 2}));
        assertTrue(e.getMessage().contains("label 10 at index 1 out of range 0..9"), e.getMessage());
    }

    @Test
    void trailingBytes() throws IOException {
        byte[] full = DatasetFiles.idxImages(pixels, 3, 2, 2);
        byte[] longer = ByteBuffer.allocate(full.length + 3).put(full).array();
        assertTrue(fails(longer, DatasetFiles.idxLabels(labels)).getMessage().contains("3 unexpected bytes"));
    }

    @Test
    void missingFile() {
        DataException e = assertThrows(DataException.class,
                () -> IdxReader.read(dir.resolve("nope.gz"), dir.resolve("nope-labels.gz"), 2, 2));
        assertEquals(dir.resolve("nope.gz"), e.file());
        assertTrue(e.getMessage().contains("missing file"));
    }
}
