package bnsweep.util.fs;

import bnsweep.util.Timers;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;

/**
 * A lock file on a Hadoop filesystem, which has no OS locks that vanish with their process: the file is
 * created only if absent (atomic on HDFS; on object stores a check before the write, so not exclusive
 * against a racing second command) and names its holder (host, pid, a token). Every
 * {@value #HEARTBEAT_SECONDS} s the holder writes a fresh copy beside it and renames it over the lock (so a
 * holder killed mid-heartbeat never leaves the lock itself open for writing, which HDFS would keep leased
 * to the dead client), and deletes it when done. A lock left by a process that died is
 * taken over when its process no longer exists on this host, or when it has not been rewritten for
 * {@value #STALE_SECONDS} s (a holder on another machine): it is renamed away, checked to be the lock judged
 * stale (else put back: another command took it over first), and created anew, only if absent.
 */
final class HadoopLock implements Location.Lock {
    static final int HEARTBEAT_SECONDS = 10;
    static final int STALE_SECONDS = 90;

    private final FileContext fc;
    private final Path file;
    private final byte[] content;
    private final ScheduledExecutorService heartbeat;

    private HadoopLock(FileContext fc, Path file, byte[] content) {
        this.fc = fc;
        this.file = file;
        this.content = content;
        this.heartbeat = Timers.daemon("bnsweep-lock-heartbeat");
        heartbeat.scheduleWithFixedDelay(this::rewrite, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** The lock, or null when a live holder has it. */
    static HadoopLock tryAcquire(FileContext fc, Path file) {
        byte[] me = ("host=" + host() + "\npid=" + ProcessHandle.current().pid() + "\ntoken=" + UUID.randomUUID()
                + "\nstarted=" + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (create(fc, file, me)) return new HadoopLock(fc, file, me);
            byte[] stale = staleContent(fc, file);
            if (stale == null) return null;
            Path aside = new Path(file.getParent(), file.getName() + ".stale-" + UUID.randomUUID());
            try {
                fc.rename(file, aside, Options.Rename.NONE);
                if (!Arrays.equals(stale, read(fc, aside))) { // another command took it over meanwhile
                    fc.rename(aside, file, Options.Rename.NONE);
                    return null;
                }
                fc.delete(aside, false);
            } catch (FileNotFoundException releasedMeanwhile) {
                // nothing to move away: try to create it
            }
            if (!create(fc, file, me)) return null; // another command took it first
            deleteHeartbeatsLeftBehind(fc, file);
            return new HadoopLock(fc, file, me);
        } catch (IOException e) {
            throw Location.failure("lock", file, e);
        }
    }

    /** Copies a holder killed mid-heartbeat left beside the lock it held (this process holds the lock now). */
    private static void deleteHeartbeatsLeftBehind(FileContext fc, Path file) throws IOException {
        FileStatus[] left = fc.util().globStatus(new Path(file.getParent(), file.getName() + ".heartbeat-*"));
        if (left != null) for (FileStatus f : left) fc.delete(f.getPath(), false);
    }

    private static boolean create(FileContext fc, Path file, byte[] content) throws IOException {
        try (FSDataOutputStream out = fc.create(file, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
            out.write(content);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (RemoteException e) {
            // exists and still open for writing by a client (maybe one that died): judged like any existing lock
            if (e.getClassName().endsWith(".AlreadyBeingCreatedException")) return false;
            throw e;
        }
        return true;
    }

    /**
     * The lock's content when its holder is gone (its pid is not alive on this host, or the lock was not
     * rewritten for STALE_SECONDS), an empty array when there is no lock any more, null while it is held.
     */
    static byte[] staleContent(FileContext fc, Path file) throws IOException {
        FileStatus s;
        byte[] content;
        try {
            s = fc.getFileStatus(file);
            content = read(fc, file);
        } catch (FileNotFoundException released) {
            return new byte[0];
        }
        Properties holder = new Properties();
        holder.load(new StringReader(new String(content, StandardCharsets.UTF_8)));
        String pid = holder.getProperty("pid", "");
        if (host().equals(holder.getProperty("host")) && pid.matches("\\d+")) {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false) ? null : content;
        }
        return System.currentTimeMillis() - s.getModificationTime() > STALE_SECONDS * 1000L ? content : null;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The heartbeat: rewrites the lock while it is still this holder's (one taken over after a stall is left alone). */
    private void rewrite() {
        try {
            if (!Arrays.equals(content, read(fc, file))) {
                heartbeat.shutdown();
                return;
            }
            Path fresh = new Path(file.getParent(), file.getName() + ".heartbeat-" + UUID.randomUUID());
            try (FSDataOutputStream out = fc.create(fresh, EnumSet.of(CreateFlag.CREATE))) {
                out.write(content);
            }
            fc.rename(fresh, file, Options.Rename.OVERWRITE);
        } catch (IOException e) {
            // the next heartbeat tries again; a lock not rewritten for STALE_SECONDS may be taken over
        }
    }

    private static byte[] read(FileContext fc, Path file) throws IOException {
        try (var in = fc.open(file)) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            if (Arrays.equals(content, read(fc, file))) fc.delete(file, false);
        } catch (IOException e) {
            // gone already, or taken over after it went stale
        }
    }

}
