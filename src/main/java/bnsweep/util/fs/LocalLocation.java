package bnsweep.util.fs;

import bnsweep.util.AtomicFiles;
import bnsweep.util.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A path on the local filesystem. Writes are {@link AtomicFiles}' (temp file, fsync, rename, fsync of
 * the directory); {@link #replaceDirectory} swaps a symbolic link in one rename, so a reader never sees
 * the table missing; the lock is an OS file lock, which the OS releases when its process dies.
 */
public record LocalLocation(Path path) implements Location {
    @Override
    public Location resolve(String relative) {
        return new LocalLocation(path.resolve(relative));
    }

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public boolean exists() {
        return Files.exists(path);
    }

    @Override
    public boolean isFile() {
        return Files.isRegularFile(path);
    }

    @Override
    public boolean isDirectory() {
        return Files.isDirectory(path);
    }

    @Override
    public InputStream open() {
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw Location.failure("read", path, e);
        }
    }

    @Override
    public void write(byte[] content) {
        AtomicFiles.writeBytes(path, content);
    }

    @Override
    public void mkdirs() {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw Location.failure("create directory", path, e);
        }
    }

    @Override
    public List<Location> list() {
        if (!Files.isDirectory(path)) return List.of();
        try (Stream<Path> s = Files.list(path)) {
            return s.sorted().map(p -> (Location) new LocalLocation(p)).toList();
        } catch (IOException e) {
            throw Location.failure("list", path, e);
        }
    }

    @Override
    public Map<String, Long> files() {
        Map<String, Long> files = new TreeMap<>();
        if (!Files.isDirectory(path)) return files;
        try (Stream<Path> s = Files.walk(path)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(path.relativize(p).toString().replace('\\', '/'), Files.size(p));
            }
        } catch (IOException e) {
            throw Location.failure("list", path, e);
        }
        return files;
    }

    @Override
    public void delete() {
        FileTrees.deleteTree(path);
    }

    @Override
    public void moveTo(Location target) {
        Path to = ((LocalLocation) target).path;
        try {
            Files.move(path, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw Location.failure("move " + path + " to", to, e);
        }
    }

    @Override
    public void replaceDirectory(Location fresh) {
        AtomicFiles.replaceDirectory(path, ((LocalLocation) fresh).path);
    }

    @Override
    public Lock tryLock(String name) {
        mkdirs();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(path.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) throw new OverlappingFileLockException();
            FileChannel channel = ch;
            return () -> {
                try {
                    l.release();
                    channel.close();
                } catch (IOException ignored) {
                    // the lock goes with the channel or the process
                }
            };
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            return null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw Location.failure("lock", path.resolve(name), e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    @Override
    public String uri() {
        return path.toAbsolutePath().toString();
    }

    @Override
    public Optional<Path> local() {
        return Optional.of(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
