package bnsweep.engine.collective;

import java.util.concurrent.ScheduledFuture;

/** The hub's state of one session (one epoch attempt): the call being collected, progress, failure. */
final class HubSession {
    final int id;
    final int world;
    /** Each worker's link (a TCP connection or a LocalLink), to notice a worker that goes away. */
    final Object[] links;
    final boolean[] gone;
    long seq;
    Call pending;
    String failure;
    int doneSteps;
    long doneStepsSum;
    double doneLossSum;

    HubSession(int id, int world) {
        this.id = id;
        this.world = world;
        this.links = new Object[world];
        this.gone = new boolean[world];
    }

    /** The contributions to one call so far. */
    static final class Call {
        final long seq;
        final byte op;
        final int bytes;
        final Contribution[] parts;
        final Reply[] replies;
        int arrived;
        ScheduledFuture<?> timer;

        Call(long seq, byte op, int bytes, int world) {
            this.seq = seq;
            this.op = op;
            this.bytes = bytes;
            this.parts = new Contribution[world];
            this.replies = new Reply[world];
        }

        /** Elementwise sum in rank order (the same bits whatever order the workers arrived in), or the blobs by rank. */
        Result combine() {
            if (op == Wire.ALL_GATHER) {
                byte[][] all = new byte[parts.length][];
                for (int k = 0; k < parts.length; k++) all[k] = parts[k].blob();
                return Result.gathered(all);
            }
            if (op == Wire.ALL_REDUCE_F64) {
                double[] acc = parts[0].doubles().clone();
                for (int k = 1; k < parts.length; k++) {
                    double[] p = parts[k].doubles();
                    for (int i = 0; i < acc.length; i++) acc[i] += p[i];
                }
                return Result.sum(acc);
            }
            float[] acc = parts[0].floats().clone();
            for (int k = 1; k < parts.length; k++) {
                float[] p = parts[k].floats();
                for (int i = 0; i < acc.length; i++) acc[i] += p[i];
            }
            return Result.sum(acc);
        }
    }
}
