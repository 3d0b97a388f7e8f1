package bnsweep.util;

import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision matrix products on direct buffers, straight into OpenBLAS (the library ND4J
 * itself loads, through JavaCPP): no ND4J array objects, no copies. Row-major throughout:
 * {@code C = alpha·op(A)·op(B) + beta·C}, op(X) = X or Xᵀ, C of {@code m} rows and {@code n}
 * columns, the inner dimension {@code k}. A direct FloatBuffer's position is where its matrix starts.
 */
public final class Blas {
    private Blas() {}

    static {
        org.nd4j.linalg.factory.Nd4j.getBackend(); // ND4J loads OpenBLAS (its build for this CPU) first
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatBuffer a, int lda, FloatBuffer b, int ldb,
                            float beta, FloatBuffer c, int ldc) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
