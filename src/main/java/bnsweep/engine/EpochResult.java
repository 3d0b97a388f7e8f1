package bnsweep.engine;

import java.io.Serializable;

/**
 * One worker's report of an epoch. All workers end an epoch with the same model; worker 0 returns
 * it ({@code model}: parameters, updater state, merged BN statistics, iteration count; null for the
 * others) and every worker a checksum of it, which the driver compares.
 *
 * @param fitNanos  wall time of the worker's epoch loop (fitting and synchronisation)
 * @param syncNanos of which spent in collective calls (waiting for the others included)
 * @param rounds    synchronisation rounds (one every averaging-frequency steps)
 * @param bnDriftMax  max over rounds of the BN drift (0 without BN); {@code bnDriftSum} its sum
 */
public record EpochResult(int rank, int steps, long examples, double lossSum, long fitNanos, long syncNanos, int rounds,
                          double bnDriftMax, double bnDriftSum, long checksum, ModelState model) implements Serializable {
}
