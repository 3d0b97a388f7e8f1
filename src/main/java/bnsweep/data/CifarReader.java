package bnsweep.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads CIFAR-10 binary batches: records of 3,073 bytes, one label byte (0..9) and 3,072 pixel
 * bytes (1,024 red, 1,024 green, 1,024 blue, each 32x32 row-major), kept in that channel-major order.
 */
public final class CifarReader {
    private static final int PIXELS = CifarFiles.RECORD_BYTES - 1;

    private CifarReader() {}

    public static LabeledImages read(Path file) {
        if (!Files.isRegularFile(file)) throw new DataException(file, "missing file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        }
        if (bytes.length == 0 || bytes.length % CifarFiles.RECORD_BYTES != 0) {
            throw new DataException(file, "length " + bytes.length + " is not a positive multiple of the "
                    + CifarFiles.RECORD_BYTES + "-byte CIFAR-10 record (truncated or not a CIFAR-10 batch)");
        }
        int n = bytes.length / CifarFiles.RECORD_BYTES;
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * PIXELS];
        for (int i = 0; i < n; i++) {
            int at = i * CifarFiles.RECORD_BYTES;
            int label = Byte.toUnsignedInt(bytes[at]);
            if (label >= DatasetKind.IMAGE_CLASSES) {
                throw new DataException(file, "label " + label + " of record " + i + " out of range 0.."
                        + (DatasetKind.IMAGE_CLASSES - 1));
            }
            labels[i] = (byte) label;
            System.arraycopy(bytes, at + 1, pixels, i * PIXELS, PIXELS);
        }
        return new LabeledImages(pixels, labels, PIXELS);
    }
}
