package bnsweep.util.fs;

import bnsweep.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A file or directory of {@code --out} or {@code --data-dir}: a local path ({@link LocalLocation},
 * java.nio) or a path on any Hadoop filesystem ({@link HadoopLocation}: {@code hdfs://}, {@code s3a://},
 * ...). Everything bnsweep writes there goes through {@link #write} (complete content or none) and
 * {@link #replaceDirectory}; {@link #uri()} is the string Spark reads and writes Parquet at.
 */
public interface Location {
    /** A plain path or a {@code file:} URI is local; any other URI is opened through Hadoop's FileSystem API. */
    static Location of(String spec) {
        if (isUri(spec)) {
            URI uri;
            try {
                uri = URI.create(spec);
                if ("file".equals(uri.getScheme())) return new LocalLocation(Path.of(uri));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(spec + ": not a valid URI (" + e.getMessage() + ")", e);
            }
            return HadoopLocation.open(uri);
        }
        return new LocalLocation(Path.of(spec));
    }

    static Location of(Path local) {
        return new LocalLocation(local);
    }

    /**
     * Whether {@code spec} is a URI: a scheme then ":/" ({@code hdfs://nn/x}, {@code file:///x},
     * {@code file:/x}). Anything else is a local path, colons included ({@code runs/nightly 12:30},
     * {@code x:30}), and so is a Windows drive such as {@code C:\}.
     */
    static boolean isUri(String spec) {
        return spec.matches("^[A-Za-z][A-Za-z0-9+.-]+:/.*");
    }

    /** A child; {@code relative} may hold several names separated by '/'. */
    Location resolve(String relative);

    /** The last name of the path. */
    String name();

    boolean exists();

    boolean isFile();

    boolean isDirectory();

    /** The whole content of a file; an UncheckedIOException naming it when it cannot be read. */
    default byte[] readBytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failure("read", this, e);
        }
    }

    default String readString() {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    /** A stream of the file's content; an UncheckedIOException naming it when it cannot be opened. */
    InputStream open();

    /**
     * Replaces the file's content so that a reader sees the old or the complete new content, never a
     * part: written to a temporary file beside it, synced, renamed over it. Creates parent directories.
     */
    void write(byte[] content);

    default void writeString(String content) {
        write(content.getBytes(StandardCharsets.UTF_8));
    }

    default void writeJson(Object value) {
        try {
            writeString(AtomicFiles.JSON.writeValueAsString(value) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + this, e);
        }
    }

    void mkdirs();

    /** The entries of a directory, sorted by name; none when it does not exist. */
    List<Location> list();

    /** Every regular file below this directory: path relative to it ('/'-separated) -> bytes, sorted. */
    Map<String, Long> files();

    /** Deletes a file or a directory tree; nothing when it does not exist. */
    void delete();

    /** Renames this file or directory to {@code target}, which must not exist (one atomic rename on local disks and HDFS). */
    void moveTo(Location target);

    /**
     * Makes this path (e.g. OUT/summary.parquet) show the complete directory {@code fresh}, and deletes
     * earlier versions beside {@code fresh} (those whose name starts like this one's). What a reader sees
     * meanwhile, and which earlier version is kept: see the implementations.
     */
    void replaceDirectory(Location fresh);

    /**
     * Takes the lock file {@code name} in this directory (creating the directory), or returns null when
     * another live process holds it. The lock is released by {@link Lock#close()} and, for a process that
     * dies, as the implementation describes.
     */
    Lock tryLock(String name);

    /** Where Spark reads and writes this path: an absolute local path or the full URI. */
    String uri();

    /** The local path, for a local location. */
    Optional<Path> local();

    /** Throws UncheckedIOException with what failed and where. */
    static UncheckedIOException failure(String what, Object where, IOException e) {
        return new UncheckedIOException("cannot " + what + " " + where + ": " + e.getMessage(), e);
    }

    /** A held lock. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }
}
