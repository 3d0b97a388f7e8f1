package bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.data.Checksums.PublishedChecksum;
import bnsweep.testutil.DatasetFiles;
import bnsweep.testutil.SparkTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetPreparerTest {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    final DatasetFiles files = new DatasetFiles();

    DatasetPreparer preparer(DatasetKind kind, int valSize) {
        return new DatasetPreparer(kind, bnsweep.util.fs.Location.of(tmp.resolve("data")), valSize, 7, false, QUIET, files.published());
    }

    @Test
    void preparesIdxIntoParquetSplitsWithManifest() {
        Path src = files.mnist(tmp.resolve("src"), 300, 50, 28, 28);
        PreparedDataset ds = preparer(DatasetKind.MNIST, 40).prepare(src, SparkTestSupport.spark());

        assertEquals(260, ds.count("train"));
        assertEquals(40, ds.count("val"));
        assertEquals(50, ds.count("test"));
        List<Row> train = ds.split(SparkTestSupport.spark(), "train").collectAsList();
        List<Row> val = ds.split(SparkTestSupport.spark(), "val").collectAsList();
        assertEquals(260, train.size());
        assertEquals(40, val.size());
        assertEquals(50, ds.split(SparkTestSupport.spark(), "test").count());
        assertEquals(784, ((byte[]) train.get(0).get(2)).length);
        // validation is held out of the training file: no index in both
        assertTrue(train.stream().noneMatch(r -> val.stream().anyMatch(v -> v.getInt(0) == r.getInt(0))));

        Map<String, Object> m = ds.manifest();
        assertEquals("mnist", m.get("dataset"));
        assertEquals(7, ((Number) m.get("split_seed")).intValue());
        assertEquals(4, ((List<?>) m.get("sources")).size());
        assertTrue(m.toString().contains("verified_by=published md5:"), m.toString());
        @SuppressWarnings("unchecked")
        Map<String, List<Integer>> classCounts = (Map<String, List<Integer>>) m.get("class_counts");
        assertEquals(40, classCounts.get("val").stream().mapToInt(Integer::intValue).sum());
        double mean = ds.normalization().mean()[0];
        assertTrue(mean > 0 && mean < 1, "mean " + mean);
        assertTrue(Files.isRegularFile(tmp.resolve("data/mnist/raw/train-images-idx3-ubyte.gz")));
    }

    @Test
    void theFirstSplitHoldsOutTheFirstImagesBesideTheStratifiedOne() {
        Path src = files.mnist(tmp.resolve("src"), 300, 50, 28, 28);
        PreparedDataset stratified = preparer(DatasetKind.MNIST, 40).prepare(src, SparkTestSupport.spark());
        PreparedDataset first = preparer(DatasetKind.MNIST, 40).validationSplit(ValidationSplit.FIRST).prepare(src, SparkTestSupport.spark());
        assertEquals(tmp.resolve("data/mnist/prepared-first").toUri().getPath().replaceAll("/$", ""), java.net.URI.create(first.dir().uri()).getPath().replaceAll("/$", ""));
        assertTrue(PreparedDataset.isComplete(stratified.dir()), "the stratified split stays where it was");
        List<Integer> val = first.split(SparkTestSupport.spark(), "val").collectAsList().stream().map(r -> r.getInt(0)).sorted().toList();
        assertEquals(java.util.stream.IntStream.range(0, 40).boxed().toList(), val);
        assertEquals(260, first.count("train"));
        assertEquals("first", first.manifest().get("val_split"));
        assertTrue(first.split(SparkTestSupport.spark(), "train").collectAsList().stream().allMatch(r -> r.getInt(0) >= 40));
        List<Integer> strat = stratified.split(SparkTestSupport.spark(), "val").collectAsList().stream().map(r -> r.getInt(0)).sorted().toList();
        assertTrue(!strat.equals(val), "the stratified split is a random sample, not the first 40");
    }

    @Test
    void secondRunWithSameInputsKeepsThePreparedData() throws IOException {
        Path src = files.mnist(tmp.resolve("src"), 120, 20, 28, 28);
        PreparedDataset first = preparer(DatasetKind.MNIST, 20).prepare(src, SparkTestSupport.spark());
        String created = (String) first.manifest().get("created");
        PreparedDataset again = preparer(DatasetKind.MNIST, 20).prepare(null, SparkTestSupport.spark());
        assertEquals(created, again.manifest().get("created"));
        PreparedDataset resplit = preparer(DatasetKind.MNIST, 30).prepare(null, SparkTestSupport.spark());
        assertEquals(30, resplit.count("val"));
    }

    @Test
    void checksumMismatchIsAnErrorNamingTheFileAndWritesNothing() throws IOException {
        Path src = files.mnist(tmp.resolve("src"), 120, 20, 28, 28);
        Path labels = src.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] b = Files.readAllBytes(labels);
        b[b.length - 9] ^= 1; // corrupt after the publisher's checksum was taken
        Files.write(labels, b);
        DataException e = assertThrows(DataException.class, () -> preparer(DatasetKind.MNIST, 20).prepare(src, SparkTestSupport.spark()));
        assertEquals(labels, e.file());
        assertTrue(e.getMessage().contains("MD5 mismatch"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("data/mnist/prepared")));
        assertFalse(Files.exists(tmp.resolve("data/mnist/raw/t10k-labels-idx1-ubyte.gz")));
    }

    @Test
    void fileWithoutPublishedChecksumIsRefusedUnlessSkipVerify() {
        Path src = files.mnist(tmp.resolve("src"), 120, 20, 28, 28);
        DatasetPreparer noPublisher = new DatasetPreparer(DatasetKind.MNIST, bnsweep.util.fs.Location.of(tmp.resolve("data")), 20, 7, false, QUIET, n -> List.of());
        DataException e = assertThrows(DataException.class, () -> noPublisher.prepare(src, SparkTestSupport.spark()));
        assertTrue(e.getMessage().contains("no published checksum"), e.getMessage());
        PreparedDataset ds = new DatasetPreparer(DatasetKind.MNIST, bnsweep.util.fs.Location.of(tmp.resolve("data")), 20, 7, true, QUIET, n -> List.of())
                .prepare(src, SparkTestSupport.spark());
        assertTrue(ds.manifest().toString().contains("unverified"));
    }

    @Test
    void realPublishedChecksumsRejectGeneratedFiles() {
        Path src = files.mnist(tmp.resolve("src"), 120, 20, 28, 28);
        DatasetPreparer official = new DatasetPreparer(DatasetKind.MNIST, bnsweep.util.fs.Location.of(tmp.resolve("data")), 20, 7, false, QUIET);
        DataException e = assertThrows(DataException.class, () -> official.prepare(src, SparkTestSupport.spark()));
        assertTrue(e.getMessage().contains("f68b3c2dcbeaaa9fbdd348bbdeb94873"), e.getMessage());
    }

    @Test
    void missingSourceFile() throws IOException {
        Path src = files.mnist(tmp.resolve("src"), 120, 20, 28, 28);
        Files.delete(src.resolve("train-labels-idx1-ubyte.gz"));
        DataException e = assertThrows(DataException.class, () -> preparer(DatasetKind.MNIST, 20).prepare(src, SparkTestSupport.spark()));
        assertEquals(src.resolve("train-labels-idx1-ubyte.gz"), e.file());
        assertTrue(e.getMessage().contains("missing file"));
    }

    @Test
    void badContentFailsWithoutLeavingAPreparedDataset() {
        Path src = tmp.resolve("src");
        byte[] labels = new byte[100];
        Arrays.fill(labels, (byte) 12);
        files.write(src.resolve("train-images-idx3-ubyte.gz"), DatasetFiles.gzip(DatasetFiles.idxImages(new byte[100 * 784], 100, 28, 28)));
        files.write(src.resolve("train-labels-idx1-ubyte.gz"), DatasetFiles.gzip(DatasetFiles.idxLabels(labels)));
        files.write(src.resolve("t10k-images-idx3-ubyte.gz"), DatasetFiles.gzip(DatasetFiles.idxImages(new byte[784], 1, 28, 28)));
        files.write(src.resolve("t10k-labels-idx1-ubyte.gz"), DatasetFiles.gzip(DatasetFiles.idxLabels(new byte[] {1})));
        DataException e = assertThrows(DataException.class, () -> preparer(DatasetKind.MNIST, 20).prepare(src, SparkTestSupport.spark()));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz: label 12 at index 0"), e.getMessage());
        assertFalse(PreparedDataset.isComplete(bnsweep.util.fs.Location.of(tmp.resolve("data/mnist/prepared"))));
    }

    @Test
    void cifarFromLooseBatches() {
        Path src = files.cifar(tmp.resolve("cifar-10-batches-bin"), 2, 60);
        PreparedDataset ds = preparer(DatasetKind.CIFAR10, 20).prepare(tmp, SparkTestSupport.spark());
        assertEquals(100, ds.count("train"));
        assertEquals(20, ds.count("val"));
        assertEquals(60, ds.count("test"));
        assertEquals(3, ds.normalization().mean().length);
        assertEquals(3072, ((byte[]) ds.split(SparkTestSupport.spark(), "test").first().get(2)).length);
        assertTrue(Files.isDirectory(src));
    }

    @Test
    void cifarFromTheOfficialArchiveLayout() throws IOException {
        Path batches = files.cifar(tmp.resolve("gen"), 1, 50);
        Path archiveDir = tmp.resolve("download");
        Files.createDirectories(archiveDir);
        Path archive = archiveDir.resolve(CifarFiles.ARCHIVE);
        try (OutputStream out = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (String name : List.of("data_batch_1.bin", "test_batch.bin")) {
                byte[] content = Files.readAllBytes(batches.resolve(name));
                TarArchiveEntry entry = new TarArchiveEntry("cifar-10-batches-bin/" + name);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        String md5 = Checksums.digest(archive, "MD5");
        DatasetPreparer p = new DatasetPreparer(DatasetKind.CIFAR10, bnsweep.util.fs.Location.of(tmp.resolve("data")), 10, 7, false, QUIET,
                n -> n.equals(CifarFiles.ARCHIVE) ? List.of(PublishedChecksum.md5(md5)) : List.of());
        PreparedDataset ds = p.prepare(archiveDir, SparkTestSupport.spark());
        assertEquals(40, ds.count("train"));
        assertTrue(ds.manifest().toString().contains("extracted from cifar-10-binary.tar.gz"), ds.manifest().toString());
    }

    /**
     * A folder of extracted batches of which only some have a published checksum (the official
     * folder: only the archive's is published): refused as a folder, in one line that says why and
     * what to do, not as a "corrupt" file.
     */
    @Test
    void cifarLooseBatchesWithoutPublishedChecksumsAreRefusedSayingWhatToDo() {
        Path src = files.cifar(tmp.resolve("cifar-10-batches-bin"), 3, 40);
        DatasetPreparer onlyFirst = new DatasetPreparer(DatasetKind.CIFAR10, bnsweep.util.fs.Location.of(tmp.resolve("data")), 10, 7, false,
                QUIET, name -> name.equals("data_batch_1.bin") ? files.published().apply(name) : List.of());
        DataException e = assertThrows(DataException.class, () -> onlyFirst.prepare(src, SparkTestSupport.spark()));
        assertTrue(e.getMessage().startsWith(src + ": extracted batches can be verified only against checksums published for each file"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Put the archive into the folder") && e.getMessage().contains("--skip-verify")
                && e.getMessage().contains("data_batch_2.bin: no published checksum"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void cifarTruncatedBatch() throws IOException {
        Path src = files.cifar(tmp.resolve("b"), 1, 30);
        Path bad = src.resolve("data_batch_1.bin");
        byte[] b = Files.readAllBytes(bad);
        files.write(bad, Arrays.copyOf(b, b.length - 100));
        DataException e = assertThrows(DataException.class, () -> preparer(DatasetKind.CIFAR10, 5).prepare(src, SparkTestSupport.spark()));
        assertTrue(e.getMessage().contains("data_batch_1.bin") && e.getMessage().contains("3073"), e.getMessage());
    }
}
