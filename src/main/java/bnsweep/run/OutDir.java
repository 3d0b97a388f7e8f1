package bnsweep.run;

import bnsweep.util.fs.Location;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/**
 * A command's {@code --out}: it must be a writable directory, may hold only a run of the same
 * command (a {@code train} run: manifest.json without sweep.json; a sweep: sweep.json), and is
 * locked ({@value #LOCK}) while the command runs, so two commands never write into one (how a lock
 * of a process that died is released: {@link Location#tryLock}).
 */
public final class OutDir implements AutoCloseable {
    public static final String LOCK = ".bnsweep.lock";

    public enum Command { TRAIN, SWEEP }

    private final Location.Lock lock;

    private OutDir(Location.Lock lock) {
        this.lock = lock;
    }

    /** Creates {@code out} if needed and locks it for {@code command}; an unusable or busy directory is an IllegalArgumentException. */
    public static OutDir lock(Location out, Command command) {
        check(out, command);
        Location.Lock l;
        try {
            l = out.tryLock(LOCK);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof AccessDeniedException a) {
                throw new IllegalArgumentException("--out " + out + " is not writable (permission denied: " + a.getFile() + ")");
            }
            if (e.getCause() instanceof FileSystemException f) {
                throw new IllegalArgumentException("--out " + out + " cannot be used: " + f.getFile() + ": " + f.getReason());
            }
            throw new IllegalArgumentException("--out " + out + " cannot be used: " + e.getCause().getMessage());
        }
        if (l == null) {
            throw new IllegalArgumentException("another bnsweep command is running in " + out + " (it holds " + out.resolve(LOCK) + ")");
        }
        return new OutDir(l);
    }

    /** Refuses an {@code out} that is a file or holds the other command's run (without locking it). */
    public static void check(Location out, Command command) {
        if (out.exists() && !out.isDirectory()) throw new IllegalArgumentException("--out " + out + " is a file, not a directory");
        Command other = command == Command.TRAIN ? Command.SWEEP : Command.TRAIN;
        if (holds(out, other)) {
            throw new IllegalArgumentException("--out " + out + " holds a " + other.name().toLowerCase() + " run ("
                    + (other == Command.SWEEP ? "sweep.json" : "manifest.json of `train`") + "); a " + command.name().toLowerCase()
                    + " must not overwrite it: choose another --out");
        }
    }

    /** Whether {@code out} holds a run of {@code command}. */
    public static boolean holds(Location out, Command command) {
        boolean sweep = out.resolve("sweep.json").exists();
        return command == Command.SWEEP ? sweep : !sweep && out.resolve("manifest.json").exists();
    }

    @Override
    public void close() {
        lock.close();
    }
}
