package bnsweep.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import bnsweep.shard.WorkerShard;
import bnsweep.testutil.SyntheticData;
import bnsweep.util.NativeBuild;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;

/** Prototype: how fast can a hand-written dense step be (cblas on direct buffers, Java loops)? */
public final class FastStepPrototype {
    static FloatBuffer buf(int n) {
        return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public static void main(String[] args) {
        System.out.println(NativeBuild.choose());
        org.nd4j.linalg.factory.Nd4j.create(1); // load ND4J (and its OpenBLAS)
        int[] sizes = {784, 300, 100, 10};
        int b = Integer.parseInt(args[0]);
        int L = sizes.length - 1;
        FloatBuffer[] W = new FloatBuffer[L], B = new FloatBuffer[L], dW = new FloatBuffer[L], dB = new FloatBuffer[L];
        FloatBuffer[] mW = new FloatBuffer[L], vW = new FloatBuffer[L], mB = new FloatBuffer[L], vB = new FloatBuffer[L];
        FloatBuffer[] A = new FloatBuffer[L + 1], D = new FloatBuffer[L + 1];
        Random r = new Random(1);
        for (int l = 0; l < L; l++) {
            int n = sizes[l], m = sizes[l + 1];
            W[l] = buf(n * m); // row-major m x n (W^T), as DL4J's 'f' n x m
            for (int i = 0; i < n * m; i++) W[l].put(i, (float) (r.nextGaussian() * Math.sqrt(2.0 / n)));
            B[l] = buf(m); dW[l] = buf(n * m); dB[l] = buf(m); mW[l] = buf(n * m); vW[l] = buf(n * m); mB[l] = buf(m); vB[l] = buf(m);
        }
        for (int l = 0; l <= L; l++) { A[l] = buf(b * sizes[l]); D[l] = buf(b * sizes[l]); }
        WorkerShard shard = SyntheticData.shard(0, 27500, 784, 3);
        float[] row = new float[784];
        for (int epoch = 1; epoch <= 3; epoch++) {
            int[] order = shard.epochOrder(1, epoch, true);
            int steps = shard.size() / b;
            long t0 = System.nanoTime();
            int t = (epoch - 1) * steps;
            double loss = 0;
            for (int s = 0; s < steps; s++) {
                // input
                var xb = shard.batch(order, s * b, (s + 1) * b);
                float[] x = bnsweep.util.NdArrays.read(xb.getFeatures());
                A[0].put(0, x);
                int[] y = new int[b];
                float[] yl = bnsweep.util.NdArrays.read(xb.getLabels());
                for (int i = 0; i < b; i++) for (int c = 0; c < 10; c++) if (yl[i * 10 + c] > 0) y[i] = c;
                // forward
                for (int l = 0; l < L; l++) {
                    int n = sizes[l], m = sizes[l + 1];
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, b, m, n, 1f, A[l], n, W[l], n, 0f, A[l + 1], m);
                    FloatBuffer z = A[l + 1];
                    for (int i = 0; i < b; i++) {
                        int o = i * m;
                        for (int j = 0; j < m; j++) {
                            float v = z.get(o + j) + B[l].get(j);
                            z.put(o + j, l < L - 1 ? Math.max(v, 0f) : v);
                        }
                    }
                }
                // softmax + xent
                FloatBuffer z = A[L], dz = D[L];
                for (int i = 0; i < b; i++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int c = 0; c < 10; c++) max = Math.max(max, z.get(i * 10 + c));
                    double sum = 0;
                    for (int c = 0; c < 10; c++) sum += Math.exp(z.get(i * 10 + c) - max);
                    for (int c = 0; c < 10; c++) {
                        double p = Math.exp(z.get(i * 10 + c) - max) / sum;
                        dz.put(i * 10 + c, (float) (p - (c == y[i] ? 1 : 0)));
                        if (c == y[i]) loss -= Math.log(p);
                    }
                }
                // backward
                for (int l = L - 1; l >= 0; l--) {
                    int n = sizes[l], m = sizes[l + 1];
                    FloatBuffer d = D[l + 1];
                    if (l < L - 1) { // relu'
                        FloatBuffer a = A[l + 1];
                        for (int k = 0; k < b * m; k++) if (a.get(k) <= 0) d.put(k, 0f);
                    }
                    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, m, n, b, 1f, d, m, A[l], n, 0f, dW[l], n);
                    for (int j = 0; j < m; j++) dB[l].put(j, 0f);
                    for (int i = 0; i < b; i++) for (int j = 0; j < m; j++) dB[l].put(j, dB[l].get(j) + d.get(i * m + j));
                    if (l > 0) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, b, n, m, 1f, d, m, W[l], n, 0f, D[l], n);
                }
                // adam
                t++;
                double b1 = 0.9, b2 = 0.999, lr = 1e-3;
                float alpha = (float) (lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)));
                for (int l = 0; l < L; l++) {
                    adam(W[l], dW[l], mW[l], vW[l], alpha, 1f / b);
                    adam(B[l], dB[l], mB[l], vB[l], alpha, 1f / b);
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("batch %d epoch %d: %.0f examples/s, loss %.4f%n", b, epoch, steps * b / secs, loss / (steps * b));
        }
    }

    static void adam(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, float alpha, float scale) {
        int n = p.capacity();
        for (int k = 0; k < n; k++) {
            float gk = g.get(k) * scale;
            float mk = 0.9f * m.get(k) + 0.1f * gk;
            float vk = 0.999f * v.get(k) + 0.001f * gk * gk;
            m.put(k, mk);
            v.put(k, vk);
            p.put(k, p.get(k) - alpha * mk / ((float) Math.sqrt(vk) + 1e-8f));
        }
    }
}
