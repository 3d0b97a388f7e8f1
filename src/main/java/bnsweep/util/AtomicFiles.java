package bnsweep.util;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Writes files so that a reader sees either the old or the complete new content, never a half-written
 * file, and a crash of the machine right after a write does not lose it: the content goes to a
 * temporary file in the same directory, which is fsynced, renamed over the target, and then the
 * directory is fsynced (so the rename itself is on disk). Directories (Parquet tables) are replaced
 * by {@link #replaceDirectory}.
 */
public final class AtomicFiles {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AtomicFiles() {}

    public static void writeString(Path file, String content) {
        writeBytes(file, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path file, byte[] content) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer b = ByteBuffer.wrap(content);
                    while (b.hasRemaining()) ch.write(b);
                    ch.force(true);
                }
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException notPosix) {
                    // keep the temp file's default permissions
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(dir);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** fsync of a directory: makes renames and new entries in it durable (a no-op where the OS refuses to open directories). */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException notSupported) {
            // e.g. Windows cannot open a directory; the rename is still atomic there
        }
    }

    /**
     * Makes {@code link} (e.g. OUT/summary.parquet) show the complete directory {@code fresh} with no
     * moment where it shows nothing or a mix: {@code link} is a relative symbolic link, and a new
     * link is renamed over it in one step. A reader that resolves the link once (as Spark does when
     * it lists a table) reads one complete version. The version it showed before is kept, for readers
     * still in it, and older ones beside {@code fresh} are deleted. A {@code link} that is a real
     * directory (written by an earlier bnsweep) is replaced by the link.
     */
    public static void replaceDirectory(Path link, Path fresh) {
        Path dir = link.toAbsolutePath().getParent();
        try {
            Path before = Files.isSymbolicLink(link) ? dir.resolve(Files.readSymbolicLink(link)).normalize() : null;
            Path tmpLink = dir.resolve("." + link.getFileName() + ".link.tmp");
            Files.deleteIfExists(tmpLink);
            Files.createSymbolicLink(tmpLink, dir.relativize(fresh.toAbsolutePath()));
            if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) FileTrees.deleteTree(link);
            Files.move(tmpLink, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
            Path current = fresh.toAbsolutePath().normalize(), versions = current.getParent();
            String prefix = link.getFileName().toString().replaceFirst("\\.parquet$", "") + "-";
            try (Stream<Path> all = Files.list(versions)) {
                for (Path v : all.toList()) {
                    boolean sameTable = v.getFileName().toString().startsWith(prefix);
                    if (sameTable && !v.equals(current) && !v.equals(before)) FileTrees.deleteTree(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + link + " show " + fresh, e);
        }
    }

    public static void writeJson(Path file, Object value) {
        try {
            writeString(file, JSON.writeValueAsString(value) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + file, e);
        }
    }
}
