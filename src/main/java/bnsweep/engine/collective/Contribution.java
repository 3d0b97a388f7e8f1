package bnsweep.engine.collective;

/**
 * One worker's part of one collective call, as the hub sees it whatever the transport:
 * {@code floats} for a float32 all-reduce, {@code doubles} for a float64 one, {@code blob} for an
 * all-gather (exactly one of them is set).
 */
record Contribution(byte[] token, int session, int rank, int world, long seq, byte op, int steps, double lossSum,
                    float[] floats, double[] doubles, byte[] blob) {
    int bytes() {
        return floats != null ? floats.length * Float.BYTES : doubles != null ? doubles.length * Double.BYTES : blob.length;
    }
}
