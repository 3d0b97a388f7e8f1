package bnsweep.data;

import bnsweep.data.Checksums.PublishedChecksum;
import bnsweep.util.FileTrees;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Puts a dataset's official files into a raw directory, verified: copied from a local folder
 * when one is given, else downloaded from the dataset's mirrors. A file lands under its final
 * name only after its checksum matched a published one.
 */
public final class SourceFetcher {
    private final DatasetKind kind;
    private final Path rawDir;
    private final boolean skipVerify;
    private final PrintStream log;
    private final Downloader downloader;
    private final Function<String, List<PublishedChecksum>> published;

    /**
     * @param published the checksums published for a file name (normally {@code kind::publishedChecksums};
     *                  tests pass the checksums of the files they generate)
     */
    public SourceFetcher(DatasetKind kind, Path rawDir, boolean skipVerify, PrintStream log,
                         Function<String, List<PublishedChecksum>> published) {
        this.kind = kind;
        this.published = published;
        this.rawDir = rawDir;
        this.skipVerify = skipVerify;
        this.log = log;
        this.downloader = new Downloader(log);
    }

    /** Fetches (or re-verifies) the files; {@code from} may be null. */
    public List<VerifiedFile> fetch(Path from) {
        try {
            Files.createDirectories(rawDir);
        } catch (IOException e) {
            throw new DataException(rawDir, "cannot create directory: " + e.getMessage(), e);
        }
        if (from != null && !Files.isDirectory(from)) {
            throw new DataException(from, "source directory does not exist");
        }
        return kind.isIdx() ? fetchIdx(from) : fetchCifar(from);
    }

    private List<VerifiedFile> fetchIdx(Path from) {
        List<VerifiedFile> files = new ArrayList<>();
        for (String name : IdxFiles.ALL) files.add(obtain(name, from));
        return files;
    }

    private List<VerifiedFile> fetchCifar(Path from) {
        Path batches = from == null ? null : cifarBatchDir(from);
        if (from != null && !Files.isRegularFile(from.resolve(CifarFiles.ARCHIVE)) && batches != null) {
            // a folder of extracted batches: each must be a file whose checksum is published
            List<VerifiedFile> files = new ArrayList<>();
            for (String name : batchNames(batches)) {
                try {
                    files.add(obtain(name, batches));
                } catch (DataException e) {
                    throw new DataException(batches, "extracted batches can be verified only against checksums published for each file, and"
                            + " CIFAR-10's authors publish one for their archive only (" + CifarFiles.ARCHIVE + ", " + kind.publishedChecksums(
                                    CifarFiles.ARCHIVE).get(0) + "); bnsweep knows per-file checksums of the subset in ../shared/data alone."
                            + " Put the archive into the folder (it is verified, then extracted), or pass --skip-verify to use the files"
                            + " unverified (the manifest says so). " + name + ": " + e.problem(), e);
                }
            }
            if (files.stream().noneMatch(f -> f.name().equals(CifarFiles.TEST_BATCH))) {
                throw new DataException(batches.resolve(CifarFiles.TEST_BATCH), "missing file");
            }
            return files;
        }
        VerifiedFile archive = obtain(CifarFiles.ARCHIVE, from);
        Path extracted = rawDir.resolve("extracted");
        log.println("extracting " + CifarFiles.ARCHIVE);
        SafeTarExtractor.extract(rawDir.resolve(CifarFiles.ARCHIVE), extracted);
        Path dir = cifarBatchDir(extracted);
        if (dir == null) throw new DataException(rawDir.resolve(CifarFiles.ARCHIVE), "archive holds no " + CifarFiles.TEST_BATCH);
        List<VerifiedFile> files = new ArrayList<>(List.of(archive));
        for (String name : batchNames(dir)) {
            Path f = dir.resolve(name);
            try {
                Files.move(f, rawDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new DataException(f, "cannot move: " + e.getMessage(), e);
            }
            files.add(describe(rawDir.resolve(name), "extracted from " + CifarFiles.ARCHIVE + " (" + archive.verifiedBy() + ")"));
        }
        FileTrees.deleteTree(extracted);
        return files;
    }

    /** The file in the raw directory, verified; copied or downloaded first when needed. */
    private VerifiedFile obtain(String name, Path fromDir) {
        Path target = rawDir.resolve(name);
        List<PublishedChecksum> published = this.published.apply(name);
        if (Files.isRegularFile(target) && fromDir == null) {
            try {
                return verify(target, published);
            } catch (DataException stale) {
                log.println(stale.getMessage() + " - fetching it again");
            }
        }
        Path part = rawDir.resolve(name + ".part");
        VerifiedFile v;
        if (fromDir != null) {
            Path source = fromDir.resolve(name);
            if (!Files.isRegularFile(source)) throw new DataException(source, "missing file");
            v = verify(source, published);
            copy(source, part);
        } else {
            downloader.download(kind.mirrors(), name, part);
            try {
                v = verify(part, published);
            } catch (DataException e) {
                deleteQuietly(part);
                throw new DataException(target, "downloaded file rejected: " + e.problem(), e);
            }
        }
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException(target, "cannot move into place: " + e.getMessage(), e);
        }
        return v;
    }

    private VerifiedFile verify(Path file, List<PublishedChecksum> published) {
        String name = file.getFileName().toString().replaceFirst("\\.part$", "");
        if (published.isEmpty()) {
            if (!skipVerify) {
                throw new DataException(file, "no published checksum is known for this file, so it cannot be verified"
                        + " (use the official archive " + (kind.isIdx() ? "" : CifarFiles.ARCHIVE + " ")
                        + "or pass --skip-verify to use it unverified)");
            }
            log.println("WARNING: " + file + " is used UNVERIFIED (--skip-verify)");
            return describe(file, "unverified (--skip-verify)");
        }
        DataException last = null;
        for (PublishedChecksum c : published) {
            try {
                Checksums.verify(file, c);
                return new VerifiedFile(name, size(file), Checksums.digest(file, "SHA-256"), "published " + c);
            } catch (DataException e) {
                last = e;
            }
        }
        if (published.size() == 1) throw last;
        throw new DataException(file, "checksum matches none of the published ones " + published
                + " (corrupt or not the official file)");
    }

    private static VerifiedFile describe(Path file, String verifiedBy) {
        return new VerifiedFile(file.getFileName().toString(), size(file), Checksums.digest(file, "SHA-256"), verifiedBy);
    }

    /** The directory holding test_batch.bin: dir itself or its cifar-10-batches-bin child; null if neither. */
    static Path cifarBatchDir(Path dir) {
        if (Files.isRegularFile(dir.resolve(CifarFiles.TEST_BATCH))) return dir;
        Path child = dir.resolve("cifar-10-batches-bin");
        if (Files.isRegularFile(child.resolve(CifarFiles.TEST_BATCH))) return child;
        if (Files.isDirectory(child)) return child;
        return null;
    }

    /** data_batch_N.bin present (sorted) followed by test_batch.bin. */
    static List<String> batchNames(Path dir) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> CifarFiles.TRAIN_BATCH.matcher(n).matches())
                    .sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            throw new DataException(dir, "cannot list: " + e.getMessage(), e);
        }
        if (names.isEmpty()) throw new DataException(dir.resolve("data_batch_1.bin"), "missing file (no data_batch_N.bin present)");
        names.add(CifarFiles.TEST_BATCH);
        return names;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DataException(from, "cannot copy: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a stale .part file is overwritten on the next attempt
        }
    }
}
