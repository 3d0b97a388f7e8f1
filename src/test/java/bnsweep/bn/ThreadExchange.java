package bnsweep.bn;

import java.util.Arrays;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An in-memory SyncBN exchange among W threads (tests): combines in worker order, as the collective does. */
final class ThreadExchange {
    private final int world;
    private final CyclicBarrier barrier;
    private final Object[] slots;

    ThreadExchange(int world) {
        this.world = world;
        this.barrier = new CyclicBarrier(world);
        this.slots = new Object[world];
    }

    BatchNormKernel.Exchange worker(int rank) {
        return new BatchNormKernel.Exchange() {
            @Override
            public BnMoments merge(BnMoments mine) {
                Object[] all = gather(rank, mine);
                BnMoments m = null;
                for (Object o : all) m = BnMoments.merge(m, (BnMoments) o);
                return m;
            }

            @Override
            public void sum(double[] values) {
                Object[] all = gather(rank, values.clone());
                Arrays.fill(values, 0);
                for (Object o : all) {
                    double[] v = (double[]) o;
                    for (int j = 0; j < values.length; j++) values[j] += v[j];
                }
            }
        };
    }

    private Object[] gather(int rank, Object mine) {
        try {
            slots[rank] = mine;
            barrier.await(30, TimeUnit.SECONDS);
            Object[] all = slots.clone();
            barrier.await(30, TimeUnit.SECONDS); // nobody overwrites a slot before all have read
            return all;
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    int world() {
        return world;
    }
}
