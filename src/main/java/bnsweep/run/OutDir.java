package bnsweep.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A command's {@code --out}: it must be a writable directory, may hold only a run of the same
 * command (a {@code train} run: manifest.json without sweep.json; a sweep: sweep.json), and is
 * locked ({@value #LOCK}) while the command runs, so two commands never write into one.
 */
public final class OutDir implements AutoCloseable {
    public static final String LOCK = ".bnsweep.lock";

    public enum Command { TRAIN, SWEEP }

    private final FileChannel channel;
    private final FileLock lock;

    private OutDir(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates {@code out} if needed and locks it for {@code command}; an unusable or busy directory is an IllegalArgumentException. */
    public static OutDir lock(Path out, Command command) {
        check(out, command);
        FileChannel ch = null;
        try {
            Files.createDirectories(out);
            ch = FileChannel.open(out.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) throw new OverlappingFileLockException();
            return new OutDir(ch, l);
        } catch (OverlappingFileLockException e) {
            close(ch);
            throw new IllegalArgumentException("another bnsweep command is running in " + out + " (it holds " + out.resolve(LOCK) + ")");
        } catch (AccessDeniedException e) {
            close(ch);
            throw new IllegalArgumentException("--out " + out + " is not writable (permission denied: " + e.getFile() + ")");
        } catch (FileSystemException e) {
            close(ch);
            throw new IllegalArgumentException("--out " + out + " cannot be used: " + e.getFile() + ": " + e.getReason());
        } catch (IOException e) {
            close(ch);
            throw new IllegalArgumentException("--out " + out + " cannot be used: " + e.getMessage());
        }
    }

    /** Refuses an {@code out} that is a file or holds the other command's run (without locking it). */
    public static void check(Path out, Command command) {
        if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + " is a file, not a directory");
        Command other = command == Command.TRAIN ? Command.SWEEP : Command.TRAIN;
        if (holds(out, other)) {
            throw new IllegalArgumentException("--out " + out + " holds a " + other.name().toLowerCase() + " run ("
                    + (other == Command.SWEEP ? "sweep.json" : "manifest.json of `train`") + "); a " + command.name().toLowerCase()
                    + " must not overwrite it: choose another --out");
        }
    }

    /** Whether {@code out} holds a run of {@code command}. */
    public static boolean holds(Path out, Command command) {
        boolean sweep = Files.exists(out.resolve("sweep.json"));
        return command == Command.SWEEP ? sweep : !sweep && Files.exists(out.resolve("manifest.json"));
    }

    private static void close(FileChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the channel or the process
        }
    }
}
