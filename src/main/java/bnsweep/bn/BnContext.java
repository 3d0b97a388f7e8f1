package bnsweep.bn;

/**
 * What a worker's training gives its BN layers for a step: the exchange with the other workers
 * (SyncBN; null for statistics of the worker's own minibatch) and where each layer reports the
 * moments its running statistics were updated with.
 */
public interface BnContext {
    BatchNormKernel.Exchange exchange();

    /** Called by BN layer {@code layerIndex} once per training step. */
    void record(int layerIndex, BnMoments batchMoments);
}
