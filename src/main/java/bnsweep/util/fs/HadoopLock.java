package bnsweep.util.fs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A lock file on a Hadoop filesystem, which has no OS locks that vanish with their process: the file is
 * created only if absent (atomic on HDFS; on object stores a check before the write, so not exclusive
 * against a racing second command) and names its holder (host, pid, a token). The holder rewrites it
 * every {@value #HEARTBEAT_SECONDS} s and deletes it when done. A lock left by a process that died is
 * taken over when its process no longer exists on this host, or when it has not been rewritten for
 * {@value #STALE_SECONDS} s (a holder on another machine): it is renamed away first, so of two commands
 * taking it over only one succeeds.
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
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bnsweep-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::rewrite, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** The lock, or null when a live holder has it. */
    static HadoopLock tryAcquire(FileContext fc, Path file) {
        byte[] me = ("host=" + host() + "\npid=" + ProcessHandle.current().pid() + "\ntoken=" + UUID.randomUUID()
                + "\nstarted=" + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (create(fc, file, me)) return new HadoopLock(fc, file, me);
            if (!isStale(fc, file)) return null;
            Path aside = new Path(file.getParent(), file.getName() + ".stale-" + UUID.randomUUID());
            try {
                fc.rename(file, aside, Options.Rename.NONE);
            } catch (java.io.FileNotFoundException | FileAlreadyExistsException takenMeanwhile) {
                return null;
            }
            fc.delete(aside, false);
            return create(fc, file, me) ? new HadoopLock(fc, file, me) : null;
        } catch (IOException e) {
            throw Location.failure("lock", file, e);
        }
    }

    private static boolean create(FileContext fc, Path file, byte[] content) throws IOException {
        try (FSDataOutputStream out = fc.create(file, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
            out.write(content);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        return true;
    }

    /** Whether the holder is gone: its pid is not alive on this host, or the lock was not rewritten for STALE_SECONDS. */
    static boolean isStale(FileContext fc, Path file) throws IOException {
        FileStatus s;
        Properties holder = new Properties();
        try {
            s = fc.getFileStatus(file);
            try (var in = fc.open(file)) {
                holder.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (java.io.FileNotFoundException released) {
            return true;
        }
        boolean sameHost = host().equals(holder.getProperty("host"));
        String pid = holder.getProperty("pid", "");
        if (sameHost && pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        if (sameHost && pid.matches("\\d+")) return true;
        return System.currentTimeMillis() - s.getModificationTime() > STALE_SECONDS * 1000L;
    }

    /** The holder as the lock file names it, for messages. */
    static String holder(FileContext fc, Path file) {
        try (var in = fc.open(file)) {
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return "pid " + p.getProperty("pid") + " on " + p.getProperty("host") + " since " + p.getProperty("started");
        } catch (IOException e) {
            return "unknown holder";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private void rewrite() {
        try (FSDataOutputStream out = fc.create(file, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE))) {
            out.write(content);
        } catch (IOException e) {
            // the next heartbeat tries again; a lock not rewritten for STALE_SECONDS may be taken over
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            byte[] now;
            try (var in = fc.open(file)) {
                now = in.readAllBytes();
            }
            if (java.util.Arrays.equals(content, now)) fc.delete(file, false);
        } catch (IOException e) {
            // gone already, or taken over after it went stale
        }
    }

}
