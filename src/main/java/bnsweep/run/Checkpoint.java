package bnsweep.run;

import bnsweep.config.TrainSettings;
import bnsweep.data.PreparedDataset;
import bnsweep.engine.EpochMetrics;
import bnsweep.engine.ModelState;
import bnsweep.util.fs.Location;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything needed to continue a configuration after its last completed epoch: the model state
 * (parameters incl. BN statistics, updater state, iteration count) and the metrics so far. The
 * data order needs no saving: the dealing to workers and each epoch's order are functions of
 * (seed, epoch, worker), so a resumed run trains on exactly the minibatches it would have.
 * {@code settings} is the run's {@link TrainSettings#fingerprint()}: a checkpoint resumes only
 * the settings that wrote it.
 *
 * <p>The file is {@value #MAGIC} (ASCII), the SHA-256 of the payload (32 bytes), then the payload
 * (Java serialisation). A load verifies the digest first: a file damaged on disk is refused,
 * naming it, instead of resuming from wrong weights.
 */
public record Checkpoint(String configId, Map<String, String> settings, ModelState state, List<EpochMetrics> epochs,
                         double elapsedSeconds) implements Serializable {
    public static final String FILE = "checkpoint.bin";
    static final String MAGIC = "bnsweep-checkpoint-1\n";
    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST = 32;

    public int completedEpochs() {
        return epochs.size();
    }

    public void save(Location dir) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(this);
            out.flush();
            byte[] payload = bytes.toByteArray();
            byte[] file = new byte[MAGIC_BYTES.length + DIGEST + payload.length];
            System.arraycopy(MAGIC_BYTES, 0, file, 0, MAGIC_BYTES.length);
            System.arraycopy(sha256(payload, 0, payload.length), 0, file, MAGIC_BYTES.length, DIGEST);
            System.arraycopy(payload, 0, file, MAGIC_BYTES.length + DIGEST, payload.length);
            dir.resolve(FILE).write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + dir, e);
        }
    }

    /**
     * What a checkpoint of configuration {@code s} on {@code data} must have been written with: the
     * settings' fingerprint and, for a table, the SHA-256 of the content it was prepared from (a
     * changed table is a change like a changed setting).
     */
    public static Map<String, String> fingerprint(TrainSettings s, PreparedDataset data) {
        Map<String, String> f = s.fingerprint();
        if (data.contentSha256() != null) f.put(TABLE_CONTENT, data.contentSha256());
        return f;
    }

    /** The key of a table's content SHA-256 in a fingerprint. */
    static final String TABLE_CONTENT = "table content sha256";

    /**
     * The checkpoint in {@code dir} for configuration {@code s} on {@code data}, or null when there is
     * none; one written with other settings, or another table's content, is refused, naming every key that differs.
     */
    public static Checkpoint load(Location dir, TrainSettings s, PreparedDataset data) {
        Checkpoint c = load(dir, s.configId());
        if (c == null) return null;
        Map<String, String> now = fingerprint(s, data);
        List<String> differ = new ArrayList<>();
        Set<String> keys = new TreeSet<>(now.keySet());
        keys.addAll(c.settings().keySet());
        for (String key : keys) {
            String was = c.settings().get(key), is = now.get(key);
            if (!Objects.equals(was, is)) differ.add(key + " " + was + " -> " + is);
        }
        if (!differ.isEmpty()) {
            throw new IllegalArgumentException(dir.resolve(FILE) + ": unfinished run with other settings (" + String.join(", ", differ)
                    + "); resume it with its own settings, or use another --out");
        }
        return c;
    }

    static Checkpoint load(Location dir, String configId) {
        Location f = dir.resolve(FILE);
        if (!f.isFile()) return null;
        byte[] file = f.readBytes();
        int head = MAGIC_BYTES.length + DIGEST;
        if (file.length < head || !Arrays.equals(file, 0, MAGIC_BYTES.length, MAGIC_BYTES, 0, MAGIC_BYTES.length)) {
            throw new IllegalArgumentException(f + ": not a checkpoint of this bnsweep (no " + MAGIC.trim()
                    + " header; an older version's, or another file); delete it to start this configuration over");
        }
        byte[] recorded = Arrays.copyOfRange(file, MAGIC_BYTES.length, head);
        if (!MessageDigest.isEqual(recorded, sha256(file, head, file.length - head))) {
            throw new IllegalArgumentException(f + ": damaged (its contents do not match the SHA-256 recorded in it);"
                    + " delete it to start this configuration over");
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(file, head, file.length - head))) {
            Checkpoint c = (Checkpoint) in.readObject();
            if (!c.configId().equals(configId)) {
                throw new IllegalArgumentException(f + ": checkpoint of " + c.configId() + ", not of " + configId);
            }
            return c;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException(f + ": unreadable checkpoint (" + e + "); delete it to start this configuration over", e);
        }
    }

    private static byte[] sha256(byte[] b, int from, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, from, length);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    public static void delete(Location dir) {
        dir.resolve(FILE).delete();
    }
}
