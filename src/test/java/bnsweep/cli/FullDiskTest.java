package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.ConfigLoader;
import bnsweep.config.TrainSettings;
import bnsweep.run.Checkpoint;
import bnsweep.testutil.DatasetFiles;
import bnsweep.util.AtomicFiles;
import bnsweep.util.fs.Location;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up during training, for real: --out on a small tmpfs this test mounts (as root;
 * skipped, saying why, where it cannot mount), filled so that the checkpoint after epoch 1 fits and
 * the one after epoch 2 does not. The run stops with one line in words, its manifest says failed,
 * the checkpoint after epoch 1 is intact, no temporary file is left, and once there is room again
 * the same command resumes after epoch 1 and completes.
 */
class FullDiskTest {
    @TempDir
    Path tmp;
    Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
    }

    @Test
    void aFullDiskFailsTheRunInWordsAndKeepsTheLastCheckpoint() throws Exception {
        DatasetFiles.preparedMnist(tmp, 600, 100);
        Path data = tmp.resolve("data");
        List<String> overrides = List.of("hidden=16", "epochs=2", "bn=none", "workers=2");
        TrainSettings s = TrainSettings.from(ConfigLoader.load(Path.of("conf/mnist.conf"), overrides));
        // the size of this run's checkpoint, written once on the ordinary disk
        new Checkpoint(s.configId(), s.fingerprint(), bnsweep.engine.ModelState.of(s.initialNetwork(bnsweep.data.DatasetKind.MNIST.imageShape())), List.of(), 0).save(Location.of(tmp));
        long checkpoint = Files.size(tmp.resolve(Checkpoint.FILE));

        Path disk = Files.createDirectories(tmp.resolve("disk"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + (checkpoint * 4 + (256 << 10)), "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String why = new String(m.getInputStream().readAllBytes());
        Assumptions.assumeTrue(m.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + why);
        mount = disk;
        Path out = disk.resolve("run"), filler = disk.resolve("filler");
        Files.createDirectories(out);
        // leave room for one checkpoint and the small files, not for a second checkpoint beside it (the atomic write's temp file)
        long free = Files.getFileStore(disk).getUsableSpace();
        Files.write(filler, new byte[(int) (free - checkpoint * 3 / 2 - (64 << 10))]);

        String[] args = Stream.concat(Stream.of("train", "--config", "conf/mnist.conf", "--data-dir", data.toString(), "--out", out.toString()),
                overrides.stream()).toArray(String[]::new);
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(err, true), args);
        String e = err.toString().trim();
        assertEquals(1, code, e);
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertTrue(e.startsWith("error: ") && e.contains("checkpoint.bin") && e.contains("no space left on device") && !e.contains("Exception"), e);
        assertEquals("failed", AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile()).path("status").asText());
        assertEquals(1, Checkpoint.load(Location.of(out), s, bnsweep.data.PreparedDataset.open(Location.of(data.resolve("mnist/prepared")))).completedEpochs(), "the checkpoint after epoch 1 is intact");
        try (Stream<Path> left = Files.list(out)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }

        Files.delete(filler); // room again: the same command resumes after epoch 1
        StringWriter again = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(again, true), args), again.toString());
        assertEquals("complete", AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile()).path("status").asText());
        assertEquals(3, Files.readAllLines(out.resolve("epochs.csv")).size(), "header and both epochs");
    }
}
