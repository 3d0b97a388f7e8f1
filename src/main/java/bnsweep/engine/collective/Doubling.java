package bnsweep.engine.collective;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * All-gather by recursive doubling, in Bruck's form for any number of workers (Bruck et al., 1997): in step k, with
 * d = 2^k, worker r sends the blocks it has (its own and those of r+1 … r+d−1, at most W − d of them) to r − d and
 * receives those of r+d … from r + d. After ⌈log₂ W⌉ steps every worker has every block: log₂ W message latencies
 * instead of the ring's W − 1, for the small, latency-bound exchanges of SyncBN (its moments forward, its sums
 * backward). A float64 all-reduce is an all-gather followed by the sum in rank order, the hub's order: the same bits
 * as {@code collective = hub}.
 */
final class Doubling {
    /** The call size of an all-gather, as both ends check it ({@link PeerGroup#take}); a float64 all-reduce of n: GATHER − 1 − n. */
    static final long GATHER = -1;

    private Doubling() {}

    /** Every worker's {@code mine}, by rank. */
    static byte[][] allGather(PeerGroup g, long seq, byte[] mine) {
        return allGather(g, seq, mine, GATHER, "all-gather call " + seq);
    }

    private static byte[][] allGather(PeerGroup g, long seq, byte[] mine, long callSize, String call) {
        int w = g.world, r = g.rank;
        byte[][] have = new byte[w][];
        have[r] = mine;
        for (int k = 0, d = 1; d < w; k++, d <<= 1) {
            int n = Math.min(d, w - d), to = Math.floorMod(r - d, w), from = (r + d) % w;
            byte[][] send = new byte[n][];
            for (int i = 0; i < n; i++) send[i] = have[(r + i) % w];
            int tag = PeerWire.tag(PeerWire.DOUBLING, k, 0);
            g.peers.blocks(to, seq, tag, callSize, send);
            byte[][] got = (byte[][]) g.take(from, seq, tag, callSize, call);
            if (got.length != n) throw new CollectiveException(call + ": worker " + from + " sent " + got.length + " blocks in step " + k + ", not " + n);
            for (int i = 0; i < n; i++) have[(from + i) % w] = got[i];
        }
        return have;
    }

    /** Replaces {@code data} by its elementwise sum over the workers, added in rank order. */
    static void allReduce(PeerGroup g, long seq, double[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(data);
        String call = "float64 all-reduce call " + seq;
        byte[][] all = allGather(g, seq, b.array(), GATHER - 1 - data.length, call);
        double[] part = new double[data.length];
        for (int k = 0; k < all.length; k++) {
            if (all[k].length != b.capacity()) throw new CollectiveException(call + ": worker " + k + " sent " + all[k].length + " bytes, not " + b.capacity());
            ByteBuffer.wrap(all[k]).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(k == 0 ? data : part);
            if (k > 0) for (int i = 0; i < data.length; i++) data[i] += part[i];
        }
    }
}
