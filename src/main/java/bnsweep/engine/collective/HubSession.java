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
    private int doneSteps;
    private long doneStepsSum;
    private double doneLossSum;
    /** Each worker's last progress note (collective = ring: the calls do not pass the hub); -1 before the first. */
    private final int[] notedSteps;
    private final double[] notedLoss;

    HubSession(int id, int world) {
        this.id = id;
        this.world = world;
        this.links = new Object[world];
        this.gone = new boolean[world];
        this.notedSteps = new int[world];
        this.notedLoss = new double[world];
        java.util.Arrays.fill(notedSteps, -1);
    }

    /** Progress as of a completed call: the slowest worker's steps, and the sums of all workers' steps and losses. */
    /** Records the progress the contributions to a completed call carried. */
    void done(Contribution[] parts) {
        int minSteps = Integer.MAX_VALUE;
        long stepSum = 0;
        double lossSum = 0;
        for (Contribution p : parts) {
            minSteps = Math.min(minSteps, p.steps());
            stepSum += p.steps();
            lossSum += p.lossSum();
        }
        doneSteps = minSteps;
        doneStepsSum = stepSum;
        doneLossSum = lossSum;
    }

    void note(int rank, int steps, double lossSum) {
        notedSteps[rank] = steps;
        notedLoss[rank] = lossSum;
    }

    /** The slowest worker's steps and the mean minibatch loss, from the last completed call or the notes, whichever is further. */
    CollectiveHub.Progress progress() {
        int min = Integer.MAX_VALUE;
        long sum = 0;
        double loss = 0;
        for (int k = 0; k < world; k++) {
            min = Math.min(min, notedSteps[k]);
            sum += Math.max(0, notedSteps[k]);
            loss += notedLoss[k];
        }
        if (min > doneSteps) return new CollectiveHub.Progress(min, sum == 0 ? Double.NaN : loss / sum);
        return new CollectiveHub.Progress(doneSteps, doneStepsSum == 0 ? Double.NaN : doneLossSum / doneStepsSum);
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
