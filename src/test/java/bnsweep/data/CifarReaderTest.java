package bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.testutil.DatasetFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRecordsInChannelMajorOrder() throws IOException {
        byte[] records = DatasetFiles.cifarRecords(5, new Random(1));
        Path f = Files.write(dir.resolve("data_batch_1.bin"), records);
        LabeledImages img = CifarReader.read(f);
        assertEquals(5, img.size());
        assertEquals(3072, img.featureCount());
        for (int i = 0; i < 5; i++) {
            assertEquals(records[i * 3073], img.labels()[i]);
            assertArrayEquals(Arrays.copyOfRange(records, i * 3073 + 1, (i + 1) * 3073),
                    Arrays.copyOfRange(img.pixels(), i * 3072, (i + 1) * 3072));
        }
    }

    @Test
    void lengthNotAMultipleOfTheRecordSize() throws IOException {
        byte[] records = DatasetFiles.cifarRecords(2, new Random(1));
        Path f = Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(records, records.length - 7));
        DataException e = assertThrows(DataException.class, () -> CifarReader.read(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("not a positive multiple of the 3073-byte"), e.getMessage());
    }

    @Test
    void labelOutOfRange() throws IOException {
        byte[] records = DatasetFiles.cifarRecords(3, new Random(1));
        records[2 * 3073] = 11;
        Path f = Files.write(dir.resolve("data_batch_2.bin"), records);
        assertTrue(assertThrows(DataException.class, () -> CifarReader.read(f)).getMessage()
                .contains("label 11 of record 2 out of range"));
    }

    @Test
    void missingOrEmptyFile() throws IOException {
        assertTrue(assertThrows(DataException.class, () -> CifarReader.read(dir.resolve("x.bin"))).getMessage().contains("missing file"));
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        assertThrows(DataException.class, () -> CifarReader.read(empty));
    }
}
