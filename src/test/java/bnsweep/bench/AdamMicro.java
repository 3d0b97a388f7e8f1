package bnsweep.bench;

import bnsweep.util.NdArrays;
import java.lang.reflect.Field;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Microbenchmark: ways to apply Adam to 266,610 floats. */
public final class AdamMicro {
    public static void main(String[] args) throws Exception {
        bnsweep.util.NativeBuild.choose();
        int n = 266_610;
        INDArray p = Nd4j.rand(DataType.FLOAT, 1, n), g = Nd4j.rand(DataType.FLOAT, 1, n), st = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
        FloatBuffer P = NdArrays.memory(p), G = NdArrays.memory(g), S = NdArrays.memory(st);
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        sun.misc.Unsafe U = (sun.misc.Unsafe) f.get(null);
        long pa = new org.bytedeco.javacpp.Pointer(P).address(), ga = new org.bytedeco.javacpp.Pointer(G).address(), sa = new org.bytedeco.javacpp.Pointer(S).address();
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            for (int it = 0; it < 200; it++) buffers(P, G, S, n, 0.001f);
            long t1 = System.nanoTime();
            for (int it = 0; it < 200; it++) unsafe(U, pa, ga, sa, n, 0.001f);
            long t2 = System.nanoTime();
            INDArray m = st.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n));
            INDArray v = st.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(n, 2 * n));
            for (int it = 0; it < 200; it++) {
                g.divi(64);
                Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(g.reshape(n), v, m, 1e-3, 0.9, 0.999, 1e-8, it));
                p.subi(g);
            }
            long t3 = System.nanoTime();
            float[] hp = new float[n], hg = new float[n], hm = new float[n], hv = new float[n];
            for (int it = 0; it < 200; it++) heap(hp, hg, hm, hv, n, 0.001f);
            long t4 = System.nanoTime();
            System.out.printf("buffers %.3f ms, unsafe %.3f ms, nd4j ops %.3f ms, heap arrays %.3f ms per step%n", (t1 - t0) / 2e8, (t2 - t1) / 2e8,
                    (t3 - t2) / 2e8, (t4 - t3) / 2e8);
        }
    }

    static void buffers(FloatBuffer P, FloatBuffer G, FloatBuffer S, int n, float a) {
        for (int i = 0; i < n; i++) {
            float g = G.get(i) * (1f / 64);
            float m = 0.9f * S.get(i) + g * 0.1f, v = 0.999f * S.get(n + i) + g * g * 0.001f;
            S.put(i, m);
            S.put(n + i, v);
            P.put(i, P.get(i) - m * a / ((float) Math.sqrt(v) + 1e-8f));
        }
    }

    static void unsafe(sun.misc.Unsafe U, long p, long gg, long s, int n, float a) {
        long vOff = s + 4L * n;
        for (int i = 0; i < n; i++) {
            long o = 4L * i;
            float g = U.getFloat(gg + o) * (1f / 64);
            float m = 0.9f * U.getFloat(s + o) + g * 0.1f, v = 0.999f * U.getFloat(vOff + o) + g * g * 0.001f;
            U.putFloat(s + o, m);
            U.putFloat(vOff + o, v);
            U.putFloat(p + o, U.getFloat(p + o) - m * a / ((float) Math.sqrt(v) + 1e-8f));
        }
    }

    static void heap(float[] P, float[] G, float[] M, float[] V, int n, float a) {
        for (int i = 0; i < n; i++) {
            float g = G[i] * (1f / 64);
            float m = 0.9f * M[i] + g * 0.1f, v = 0.999f * V[i] + g * g * 0.001f;
            M[i] = m;
            V[i] = v;
            P[i] = P[i] - m * a / ((float) Math.sqrt(v) + 1e-8f);
        }
    }
}
