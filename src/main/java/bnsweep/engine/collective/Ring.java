package bnsweep.engine.collective;

/**
 * Ring all-reduce (Patarasuk and Yuan, 2009; what gloo, NCCL and Horovod run): the array is cut into W chunks, and
 * worker r talks only to its neighbours r − 1 (receives) and r + 1 (sends).
 * <pre>
 *   reduce-scatter, steps s = 0 … W−2: send chunk (r − s) mod W to r + 1; receive chunk (r − s − 1) mod W from r − 1
 *                                      and add this worker's own part to it
 *   → worker r holds chunk (r + 1) mod W summed over all workers, in the order c, c+1, …, c−1 (mod W) for chunk c
 *   all-gather, steps t = 0 … W−2:     send the last summed or received chunk to r + 1; receive chunk (r − t) mod W
 * </pre>
 * Each worker sends and receives 2·(W−1)/W of the array, whatever W. Chunks travel in segments of at most
 * {@link Peers#segmentFloats()} floats, each forwarded as soon as it is summed, so a link does not wait for a whole chunk.
 * Every chunk is summed in one fixed order, whatever the timing, and then copied to all: every worker ends with the
 * same bits, and every run too (they differ from the hub's rank-order sums in the last bits).
 */
final class Ring {
    /**
     * Floats per message over TCP: 256 KiB, long enough that a message's cost (a hand-over between threads, a frame, an
     * acknowledgement) is small against its transfer, short enough to pipeline a chunk of a large array. Measured on
     * loopback, 2 workers, 3.2 MB: 17 ms with 16 KiB segments, 12 ms with 64 KiB, 7.5 ms with 256 KiB, 6.4 ms with 1 MiB.
     * In one JVM ({@link InMemoryPeers}) a chunk goes whole: nothing to pipeline.
     */
    static final int SEGMENT_FLOATS = 65_536;

    private Ring() {}

    /** The first element of chunk {@code c} of {@code n} elements cut into {@code world} chunks (sizes differ by at most one). */
    static int chunkStart(int n, int world, int c) {
        return (int) ((long) n * c / world);
    }

    /** Replaces {@code data} by its elementwise sum over the group's workers. */
    static void allReduce(PeerGroup g, long seq, float[] data) {
        int w = g.world, r = g.rank, n = data.length;
        if (w == 1) return;
        if (w - 1 > PeerWire.MAX_STEP) throw new CollectiveException("a ring of " + w + " workers is longer than " + (PeerWire.MAX_STEP + 1));
        int right = (r + 1) % w, left = (r + w - 1) % w;
        String call = "ring all-reduce call " + seq;
        int seg = g.peers.segmentFloats();
        for (int at = chunkStart(n, w, r), end = chunkStart(n, w, r + 1), j = 0, len; at < end; at += len, j++) {
            len = Math.min(seg, end - at);
            g.peers.floats(right, seq, PeerWire.tag(PeerWire.REDUCE_SCATTER, 0, j), n, data, at, len);
        }
        for (int s = 1; s < w; s++) {
            int c = Math.floorMod(r - s, w);
            for (int at = chunkStart(n, w, c), end = chunkStart(n, w, c + 1), j = 0, len; at < end; at += len, j++) {
                len = Math.min(seg, end - at);
                float[] got = segment(g, left, seq, PeerWire.tag(PeerWire.REDUCE_SCATTER, s - 1, j), n, len, call);
                for (int i = 0; i < len; i++) data[at + i] = got[i] + data[at + i];
                int next = s < w - 1 ? PeerWire.tag(PeerWire.REDUCE_SCATTER, s, j) : PeerWire.tag(PeerWire.ALL_GATHER, 0, j);
                g.peers.floats(right, seq, next, n, data, at, len);
            }
        }
        for (int t = 0; t < w - 1; t++) {
            int c = Math.floorMod(r - t, w);
            for (int at = chunkStart(n, w, c), end = chunkStart(n, w, c + 1), j = 0, len; at < end; at += len, j++) {
                len = Math.min(seg, end - at);
                float[] got = segment(g, left, seq, PeerWire.tag(PeerWire.ALL_GATHER, t, j), n, len, call);
                System.arraycopy(got, 0, data, at, len);
                if (t < w - 2) g.peers.floats(right, seq, PeerWire.tag(PeerWire.ALL_GATHER, t + 1, j), n, data, at, len);
            }
        }
    }

    /**
     * Every worker's {@code mine}, by rank, passed around the ring: W − 1 steps, in step t worker r forwards the block of
     * worker r − t. Measured against recursive doubling for the small exchanges (submit/bench-collective), not used by
     * training.
     */
    static byte[][] allGather(PeerGroup g, long seq, byte[] mine) {
        int w = g.world, r = g.rank, right = (r + 1) % w, left = (r + w - 1) % w;
        byte[][] have = new byte[w][];
        have[r] = mine;
        String call = "ring all-gather call " + seq;
        for (int t = 0; t < w - 1; t++) {
            int tag = PeerWire.tag(PeerWire.ALL_GATHER, t, 0);
            g.peers.blocks(right, seq, tag, Doubling.GATHER, new byte[][] {have[Math.floorMod(r - t, w)]});
            byte[][] got = (byte[][]) g.take(left, seq, tag, Doubling.GATHER, call);
            if (got.length != 1) throw new CollectiveException(call + ": worker " + left + " sent " + got.length + " blocks, not 1");
            have[Math.floorMod(r - t - 1, w)] = got[0];
        }
        return have;
    }

    private static float[] segment(PeerGroup g, int from, long seq, int tag, int n, int len, String call) {
        float[] got = (float[]) g.take(from, seq, tag, n, call);
        if (got.length != len) {
            throw new CollectiveException(call + ": worker " + from + " sent " + got.length + " floats for " + PeerWire.tagName(tag) + ", not " + len);
        }
        return got;
    }
}
