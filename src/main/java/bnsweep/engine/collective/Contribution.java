package bnsweep.engine.collective;

/**
 * One worker's part of one collective call, as the hub sees it whatever the transport:
 * {@code floats} for an all-reduce, {@code blob} for an all-gather.
 */
record Contribution(byte[] token, int session, int rank, int world, long seq, byte op, int steps, double lossSum,
                    float[] floats, byte[] blob) {
    int bytes() {
        return floats != null ? floats.length * Float.BYTES : blob.length;
    }
}
