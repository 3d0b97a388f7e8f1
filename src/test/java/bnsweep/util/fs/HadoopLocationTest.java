package bnsweep.util.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.testutil.MiniHdfs;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Location on a real HDFS: writes replace whole files, directories are swapped, locks of dead processes are taken over. */
class HadoopLocationTest {
    @TempDir
    static Path tmp;
    static MiniHdfs hdfs;

    @BeforeAll
    static void start() throws Exception {
        hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
    }

    @AfterAll
    static void stop() {
        hdfs.close();
    }

    @Test
    void writesReplaceTheWholeFileAndLeaveNoTemporaryFiles() {
        Location dir = Location.of(hdfs.uri("/writes"));
        Location f = dir.resolve("a/b.json");
        f.writeJson(Map.of("x", 1));
        f.writeString("second\n");
        assertEquals("second\n", f.readString());
        assertTrue(f.isFile() && !f.isDirectory() && dir.resolve("a").isDirectory());
        assertEquals(Map.of("a/b.json", 7L), dir.files());
        assertEquals(List.of("b.json"), dir.resolve("a").list().stream().map(Location::name).toList());
        assertThrows(UncheckedIOException.class, () -> dir.resolve("missing").readBytes());
        dir.delete();
        assertFalse(dir.exists());
        dir.delete(); // nothing to delete is not an error
    }

    @Test
    void replaceDirectoryShowsTheFreshVersionAndDropsOlderOnes() {
        Location out = Location.of(hdfs.uri("/tables"));
        Location table = out.resolve("summary.parquet");
        for (String version : List.of("1", "2")) {
            Location fresh = out.resolve(".tables/summary-" + version + ".parquet");
            fresh.resolve("part-0").writeString(version);
            table.replaceDirectory(fresh);
            assertEquals(version, table.resolve("part-0").readString());
        }
        assertEquals(List.of(), out.resolve(".tables").list(), "earlier versions are deleted");
    }

    @Test
    void aLockIsExclusiveUntilReleased() {
        Location dir = Location.of(hdfs.uri("/locked"));
        Location.Lock held = dir.tryLock(".lock");
        assertNotNull(held);
        assertNull(dir.tryLock(".lock"), "this process holds it");
        held.close();
        assertFalse(dir.resolve(".lock").exists());
        Location.Lock again = dir.tryLock(".lock");
        assertNotNull(again);
        again.close();
    }

    @Test
    void theLockOfAProcessThatDiedIsTakenOver() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        Location dir = Location.of(hdfs.uri("/dead-holder"));
        String host = InetAddress.getLocalHost().getHostName();
        dir.resolve(".lock").writeString("host=" + host + "\npid=" + p.pid() + "\ntoken=t\nstarted=x\n");
        assertNull(dir.tryLock(".lock"), "its holder is alive");
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        Location.Lock taken = dir.tryLock(".lock");
        assertNotNull(taken, "a dead holder's lock is taken over");
        assertTrue(dir.resolve(".lock").readString().contains("pid=" + ProcessHandle.current().pid()));
        taken.close();
        dir.resolve(".lock").writeString("host=another-machine\npid=1\ntoken=t\nstarted=x\n");
        assertNull(dir.tryLock(".lock"), "a holder on another machine counts as alive until the lock is older than "
                + HadoopLock.STALE_SECONDS + " s");
        assertTrue(dir.resolve(".lock").readString().startsWith("host=another-machine\n"), "and its lock is left as it was");
    }

    @Test
    void theLockOfAProcessKilledWhileWritingItIsTakenOver() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        String host = InetAddress.getLocalHost().getHostName();
        org.apache.hadoop.fs.Path lock = new org.apache.hadoop.fs.Path(hdfs.uri("/killed-writing/.lock"));
        // another HDFS client (as another process would have) opens the lock and dies before closing it:
        // HDFS keeps the file leased to that client, and creating it again fails until the lease expires
        FileSystem other = FileSystem.newInstance(lock.toUri(), new Configuration());
        FSDataOutputStream open = other.create(lock);
        open.write(("host=" + host + "\npid=" + p.pid() + "\ntoken=t\nstarted=x\n").getBytes(StandardCharsets.UTF_8));
        open.hflush();
        other.create(new org.apache.hadoop.fs.Path(lock + ".heartbeat-t")).hflush(); // and a heartbeat it did not finish
        Location dir = Location.of(hdfs.uri("/killed-writing"));
        assertNull(dir.tryLock(".lock"), "its holder is alive");
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        Location.Lock taken = dir.tryLock(".lock");
        assertNotNull(taken, "a dead holder's lock is taken over, though its file is still open");
        assertTrue(dir.resolve(".lock").readString().contains("pid=" + ProcessHandle.current().pid()));
        assertEquals(List.of(".lock"), dir.list().stream().map(Location::name).toList(), "its unfinished heartbeat is deleted");
        taken.close();
    }
}
