package bnsweep.data;

import bnsweep.data.Checksums.PublishedChecksum;
import bnsweep.util.Ids;
import java.util.List;
import java.util.Map;

/**
 * The datasets bnsweep knows: three image sets, with their official files, where they are published
 * and the checksums their publishers give for them (every file is verified against one of these
 * before use), and {@link #TABLE}, the user's own table ({@link TableSource}), whose shape comes from
 * its data.
 */
public enum DatasetKind implements Ids.Named {
    MNIST(1, 28, 28,
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"),
            Map.of(
                    "train-images-idx3-ubyte.gz", List.of(PublishedChecksum.md5("f68b3c2dcbeaaa9fbdd348bbdeb94873")),
                    "train-labels-idx1-ubyte.gz", List.of(PublishedChecksum.md5("d53e105ee54ea40749a09fcbcd1e9432")),
                    "t10k-images-idx3-ubyte.gz", List.of(PublishedChecksum.md5("9fb629c4189551a2d022fa330f9573f3")),
                    "t10k-labels-idx1-ubyte.gz", List.of(PublishedChecksum.md5("ec29112dd5afa0611ce80d1b7f02629c")))),
    /**
     * Fashion-MNIST: the md5s published by Zalando Research for its download files, and the md5s that
     * Debian publishes (package dataset-fashion-mnist, /var/lib/dpkg/info/*.md5sums) for its
     * recompressed copies of the same files under /usr/share/datasets/fashion-mnist.
     */
    FASHION_MNIST(1, 28, 28,
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            Map.of(
                    "train-images-idx3-ubyte.gz", List.of(
                            PublishedChecksum.md5("8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                            PublishedChecksum.md5("cf8536b0aa1a6ac5fa3f23001093305c")),
                    "train-labels-idx1-ubyte.gz", List.of(
                            PublishedChecksum.md5("25c81989df183df01b3e8a0aad5dffbe"),
                            PublishedChecksum.md5("10bea18fdb374794d4bb42e356e600c9")),
                    "t10k-images-idx3-ubyte.gz", List.of(
                            PublishedChecksum.md5("bef4ecab320f06d8554ea6380940ec79"),
                            PublishedChecksum.md5("f78720b4224f21cce2f2ccf2d7a94c9a")),
                    "t10k-labels-idx1-ubyte.gz", List.of(
                            PublishedChecksum.md5("bb300cfdad3c16e7a12a480ee83cd310"),
                            PublishedChecksum.md5("0d30e22e447f3c33dab9ed536400ac01")))),
    /**
     * CIFAR-10 binary version. The archive's md5 is the one published by its authors. The two
     * sha256s for extracted batches are those published for the real CIFAR-10 subset shipped in
     * ../shared/data/cifar-10-batches-bin (see its README): extracted official batches are verified
     * through the archive, so a folder of loose batches is accepted only when they are known.
     */
    CIFAR10(3, 32, 32,
            List.of("https://www.cs.toronto.edu/~kriz/"),
            Map.of(
                    CifarFiles.ARCHIVE, List.of(PublishedChecksum.md5("c32a1d4ab5d03f1284b67883e8d87530")),
                    "data_batch_1.bin", List.of(PublishedChecksum.sha256(
                            "333949a6a78a1f4add8a2ea152797cf44ba138082dc574c743bc4260fd023c11")),
                    "test_batch.bin", List.of(PublishedChecksum.sha256(
                            "4e69d5d3f7185d378af5bf52e6aeb9a91622a435177df479aa74cc47689d9ac4")))),
    /** A table of the user's (Parquet, CSV or LIBSVM): its width and classes come from the data. */
    TABLE(0, 0, 0, List.of(), Map.of());

    /** Classes of each image set (their labels are 0..9). */
    public static final int IMAGE_CLASSES = 10;

    private final int channels;
    private final int height;
    private final int width;
    private final List<String> mirrors;
    private final Map<String, List<PublishedChecksum>> published;

    DatasetKind(int channels, int height, int width, List<String> mirrors,
                Map<String, List<PublishedChecksum>> published) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.mirrors = mirrors;
        this.published = published;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Number of input features of one image (channels x height x width). */
    public int featureCount() {
        if (this == TABLE) throw new IllegalStateException("a table's width comes from its data");
        return channels * height * width;
    }

    /** The network's inputs and classes of an image set; a table's come from its data ({@code PreparedDataset#shape}). */
    public DataShape imageShape() {
        return new DataShape(featureCount(), IMAGE_CLASSES);
    }

    public boolean isTable() {
        return this == TABLE;
    }

    /** Base URLs, canonical first, that serve the official files by name. */
    public List<String> mirrors() {
        return mirrors;
    }

    /** Checksums published for a file name, empty when none is known. */
    public List<PublishedChecksum> publishedChecksums(String fileName) {
        return published.getOrDefault(fileName, List.of());
    }

    public boolean isIdx() {
        return this == MNIST || this == FASHION_MNIST;
    }

    public static DatasetKind fromId(String id) {
        return Ids.byId("dataset", id, values());
    }
}
