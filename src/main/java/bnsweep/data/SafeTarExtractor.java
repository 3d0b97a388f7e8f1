package bnsweep.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts a .tar.gz, refusing any entry that would land outside the target directory
 * (absolute paths, "..", links): a hostile archive cannot write anywhere else.
 */
public final class SafeTarExtractor {
    private SafeTarExtractor() {}

    /** Extracts regular files and directories; returns the extracted regular files. */
    public static List<Path> extract(Path archive, Path targetDir) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(targetDir);
            Path root = targetDir.toAbsolutePath().normalize();
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
                for (TarArchiveEntry e; (e = tar.getNextTarEntry()) != null; ) {
                    Path target = root.resolve(e.getName()).normalize();
                    if (!target.startsWith(root) || target.equals(root) && !e.isDirectory()) {
                        throw new DataException(archive, "entry '" + e.getName() + "' escapes the target directory "
                                + root + "; refusing to extract");
                    }
                    if (e.isSymbolicLink() || e.isLink()) {
                        throw new DataException(archive, "entry '" + e.getName() + "' is a link; refusing to extract");
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (e.isFile()) {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        written.add(target);
                    }
                }
            }
        } catch (IOException e) {
            throw new DataException(archive, "cannot extract: " + e.getMessage(), e);
        }
        return written;
    }
}
