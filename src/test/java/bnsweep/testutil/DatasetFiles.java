package bnsweep.testutil;

import bnsweep.data.Checksums;
import bnsweep.data.Checksums.PublishedChecksum;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small datasets in the official formats (IDX gz, CIFAR-10 binary batches). Images are
 * learnable: class c lights up its own band of pixels, plus noise. Also records the files' md5s so
 * tests can play the role of the publisher.
 */
public final class DatasetFiles {
    private final Map<String, List<PublishedChecksum>> published = new HashMap<>();

    public Function<String, List<PublishedChecksum>> published() {
        return name -> published.getOrDefault(name, List.of());
    }

    /** The four MNIST-named files in dir: train (nTrain) and t10k (nTest) images of rows x cols. */
    public Path mnist(Path dir, int nTrain, int nTest, int rows, int cols) {
        Random rng = new Random(11);
        byte[] trainLabels = labels(nTrain, rng), testLabels = labels(nTest, rng);
        write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(images(trainLabels, rows * cols, rng), nTrain, rows, cols)));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(trainLabels)));
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idxImages(images(testLabels, rows * cols, rng), nTest, rows, cols)));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idxLabels(testLabels)));
        return dir;
    }

    /** data_batch_1..batches and test_batch.bin with n records each. */
    public Path cifar(Path dir, int batches, int n) {
        Random rng = new Random(13);
        for (int b = 1; b <= batches; b++) write(dir.resolve("data_batch_" + b + ".bin"), cifarRecords(n, rng));
        write(dir.resolve("test_batch.bin"), cifarRecords(n, rng));
        return dir;
    }

    public static byte[] cifarRecords(int n, Random rng) {
        byte[] labels = labels(n, rng);
        byte[] px = images(labels, 3072, rng);
        ByteBuffer b = ByteBuffer.allocate(n * 3073);
        for (int i = 0; i < n; i++) {
            b.put(labels[i]);
            b.put(px, i * 3072, 3072);
        }
        return b.array();
    }

    public static byte[] idxImages(byte[] pixels, int n, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(0x00000803).putInt(n).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    public static byte[] idxLabels(byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x00000801).putInt(labels.length).put(labels);
        return b.array();
    }

    static byte[] labels(int n, Random rng) {
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) l[i] = (byte) (i % 10 == 0 ? rng.nextInt(10) : i % 10);
        return l;
    }

    static byte[] images(byte[] labels, int features, Random rng) {
        byte[] px = new byte[labels.length * features];
        int band = features / 10;
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < features; j++) {
                int v = rng.nextInt(60) + (j / band == labels[i] ? 150 : 0);
                px[i * features + j] = (byte) Math.min(255, v);
            }
        }
        return px;
    }

    public static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(raw);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the file and records its md5 as "published". */
    public void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        published.put(file.getFileName().toString(), List.of(PublishedChecksum.md5(Checksums.digest(file, "MD5"))));
    }

    /**
     * Generated MNIST-format files of {@code train} + {@code test} images, prepared into {@code dir}/data
     * (100 validation examples, split seed 42) with the test Spark session; progress lines discarded.
     */
    public static bnsweep.data.PreparedDataset preparedMnist(Path dir, int train, int test) {
        DatasetFiles files = new DatasetFiles();
        Path src = files.mnist(dir.resolve("src"), train, test, 28, 28);
        return new bnsweep.data.DatasetPreparer(bnsweep.data.DatasetKind.MNIST, bnsweep.util.fs.Location.of(dir.resolve("data")), 100, 42, false,
                new PrintStream(OutputStream.nullOutputStream()), files.published()).prepare(src, SparkTestSupport.spark());
    }
}
