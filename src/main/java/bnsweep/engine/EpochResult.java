package bnsweep.engine;

import bnsweep.util.FloatArrayIO;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * One worker's report of an epoch. All workers end an epoch with the same model; worker 0 returns
 * it ({@code params}, {@code updater}; null for the others) and every worker a checksum of it, which
 * the driver compares.
 *
 * @param fitNanos  wall time of the worker's epoch loop (fitting and synchronisation)
 * @param syncNanos of which spent in collective calls (waiting for the others included)
 * @param rounds    synchronisation rounds (one every averaging-frequency steps)
 * @param bnDriftMax  max over rounds of the BN drift (0 without BN); {@code bnDriftSum} its sum
 */
public record EpochResult(int rank, int steps, long examples, double lossSum, long fitNanos, long syncNanos, int rounds,
                          double bnDriftMax, double bnDriftSum, long checksum, Arrays arrays) implements Serializable {

    /** The model's flattened parameters, updater state and merged BN statistics (Java-serialised in bulk). */
    public static final class Arrays implements Serializable {
        transient float[] params;
        transient float[] updater;
        transient float[] merged;

        Arrays(float[] params, float[] updater, float[] merged) {
            this.params = params;
            this.updater = updater;
            this.merged = merged;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            FloatArrayIO.write(out, params);
            FloatArrayIO.write(out, updater);
            FloatArrayIO.write(out, merged);
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            params = FloatArrayIO.read(in);
            updater = FloatArrayIO.read(in);
            merged = FloatArrayIO.read(in);
        }
    }
}
