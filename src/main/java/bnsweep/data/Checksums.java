package bnsweep.data;

import bnsweep.util.fs.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MD5 / SHA-256 of files, and verification against a published digest. */
public final class Checksums {
    private Checksums() {}

    /** Hex digest of a file; algorithm is "MD5" or "SHA-256". */
    public static String digest(Path file, String algorithm) {
        return digest(Location.of(file), algorithm);
    }

    /** Hex digest of a file that may be on a Hadoop filesystem. */
    public static String digest(Location file, String algorithm) {
        try (InputStream in = file.open()) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Throws a {@link DataException} naming the file unless its digest equals the expected one. */
    public static void verify(Path file, PublishedChecksum expected) {
        String actual = digest(file, expected.algorithm());
        if (!actual.equalsIgnoreCase(expected.hex())) {
            throw new DataException(file, expected.algorithm() + " mismatch: expected " + expected.hex()
                    + ", got " + actual + " (corrupt or not the official file)");
        }
    }

    /** A digest published for a file, e.g. MD5 of train-images-idx3-ubyte.gz. */
    public record PublishedChecksum(String algorithm, String hex) {
        public static PublishedChecksum md5(String hex) {
            return new PublishedChecksum("MD5", hex);
        }

        public static PublishedChecksum sha256(String hex) {
            return new PublishedChecksum("SHA-256", hex);
        }

        @Override
        public String toString() {
            return algorithm.toLowerCase().replace("-", "") + ":" + hex;
        }
    }
}
