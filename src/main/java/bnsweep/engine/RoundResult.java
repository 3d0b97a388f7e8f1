package bnsweep.engine;

import bnsweep.bn.BnMoments;

import bnsweep.util.FloatArrayIO;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Sums over workers after one averaging round: parameters and updater state (to be divided by
 * {@code workers}), minibatch losses, steps and examples, and per BN layer and step the moments
 * of the union of the workers' minibatches.
 */
public final class RoundResult implements Serializable {
    transient float[] params;
    transient float[] updater;
    int workers;
    double lossSum;
    long steps;
    long examples;
    /** Nanoseconds the workers spent fitting (summed over workers). */
    long fitNanos;
    /** bn[layer][step]: the moments of that step's minibatches of all workers so far, merged exactly (null without BN). */
    BnMoments[][] bn;

    RoundResult() {}

    RoundResult(float[] params, float[] updater, double lossSum, long steps, long examples, long fitNanos, BnMoments[][] bn) {
        this.fitNanos = fitNanos;
        this.bn = bn;
        this.params = params;
        this.updater = updater;
        this.workers = 1;
        this.lossSum = lossSum;
        this.steps = steps;
        this.examples = examples;
    }

    /** Adds {@code other} into this (in place); either side may be the empty zero value. */
    static RoundResult merge(RoundResult a, RoundResult b) {
        if (a == null || a.workers == 0) return b;
        if (b == null || b.workers == 0) return a;
        addInto(a.params, b.params);
        addInto(a.updater, b.updater);
        a.workers += b.workers;
        a.lossSum += b.lossSum;
        a.steps += b.steps;
        a.examples += b.examples;
        a.fitNanos += b.fitNanos;
        if (a.bn == null) {
            a.bn = b.bn;
        } else if (b.bn != null) {
            for (int l = 0; l < a.bn.length; l++) a.bn[l] = BnMoments.mergeLayers(a.bn[l], b.bn[l]);
        }
        return a;
    }

    float[] meanParams() {
        return divided(params, workers);
    }

    float[] meanUpdater() {
        return divided(updater, workers);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeBoolean(params != null);
        if (params != null) {
            FloatArrayIO.write(out, params);
            FloatArrayIO.write(out, updater);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (in.readBoolean()) {
            params = FloatArrayIO.read(in);
            updater = FloatArrayIO.read(in);
        }
    }

    private static void addInto(float[] acc, float[] x) {
        for (int i = 0; i < acc.length; i++) acc[i] += x[i];
    }

    private static float[] divided(float[] sum, int n) {
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) out[i] = sum[i] / n;
        return out;
    }
}
