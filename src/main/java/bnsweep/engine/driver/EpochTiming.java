package bnsweep.engine.driver;

/**
 * Wall time of the epoch's stage (of the successful attempt), examples trained, the mean seconds
 * a worker spent in its epoch loop and, of those, in collective calls; the steps each worker made; synchronisation
 * rounds; the BN drift (max and mean over rounds; 0 without BN); the attempts the epoch took.
 */
public record EpochTiming(double seconds, long examples, double workerLoopSeconds, double workerSyncSeconds, int steps, int rounds,
                          double bnDriftMax, double bnDriftMean, int attempts) {}
