package bnsweep.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-style IDX files (gzip-compressed or raw): an images file (magic 0x00000803, dims
 * n x rows x cols, unsigned bytes) and a labels file (magic 0x00000801, n unsigned bytes). Every
 * structural problem is a {@link DataException} naming the file.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /** Reads an images file and its labels file and checks that they describe the same images. */
    public static LabeledImages read(Path imagesFile, Path labelsFile, int rows, int cols) {
        byte[] pixels = readImages(imagesFile, rows, cols);
        byte[] labels = readLabels(labelsFile);
        long images = pixels.length / ((long) rows * cols);
        if (images != labels.length) {
            throw new DataException(labelsFile, "image/label count mismatch: " + labels.length + " labels but "
                    + imagesFile.getFileName() + " has " + images + " images");
        }
        return new LabeledImages(pixels, labels, rows * cols);
    }

    static byte[] readImages(Path file, int rows, int cols) {
        ByteBuffer b = ByteBuffer.wrap(content(file));
        header(file, b, 16);
        int magic = b.getInt();
        if (magic != IMAGES_MAGIC) {
            throw new DataException(file, String.format("wrong magic number 0x%08x, expected 0x%08x (IDX images)",
                    magic, IMAGES_MAGIC));
        }
        int n = b.getInt(), r = b.getInt(), c = b.getInt();
        if (n < 0) throw new DataException(file, "negative image count " + n);
        if (r != rows || c != cols) {
            throw new DataException(file, "wrong dimensions " + r + "x" + c + ", expected " + rows + "x" + cols);
        }
        long expected = 16L + (long) n * r * c;
        checkLength(file, b.capacity(), expected, n + " images of " + r + "x" + c);
        byte[] pixels = new byte[n * r * c];
        b.get(pixels);
        return pixels;
    }

    static byte[] readLabels(Path file) {
        ByteBuffer b = ByteBuffer.wrap(content(file));
        header(file, b, 8);
        int magic = b.getInt();
        if (magic != LABELS_MAGIC) {
            throw new DataException(file, String.format("wrong magic number 0x%08x, expected 0x%08x (IDX labels)",
                    magic, LABELS_MAGIC));
        }
        int n = b.getInt();
        if (n < 0) throw new DataException(file, "negative label count " + n);
        checkLength(file, b.capacity(), 8L + n, n + " labels");
        byte[] labels = new byte[n];
        b.get(labels);
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= DatasetKind.IMAGE_CLASSES) {
                throw new DataException(file, "label " + Byte.toUnsignedInt(labels[i]) + " at index " + i
                        + " out of range 0.." + (DatasetKind.IMAGE_CLASSES - 1));
            }
        }
        return labels;
    }

    private static void header(Path file, ByteBuffer b, int bytes) {
        if (b.capacity() < bytes) {
            throw new DataException(file, "truncated: " + b.capacity() + " bytes, shorter than the "
                    + bytes + "-byte IDX header");
        }
    }

    private static void checkLength(Path file, long actual, long expected, String what) {
        if (actual < expected) {
            throw new DataException(file, "truncated: header announces " + what + " (" + expected
                    + " bytes) but the file has " + actual + " bytes");
        }
        if (actual > expected) {
            throw new DataException(file, (actual - expected) + " unexpected bytes after " + what);
        }
    }

    /** The file's bytes, decompressed when it is gzip. */
    static byte[] content(Path file) {
        if (!Files.isRegularFile(file)) throw new DataException(file, "missing file");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (!gzip) return raw.readAllBytes();
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                return in.readAllBytes();
            }
        } catch (EOFException e) {
            throw new DataException(file, "truncated gzip stream", e);
        } catch (ZipException e) {
            throw new DataException(file, "corrupt gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
