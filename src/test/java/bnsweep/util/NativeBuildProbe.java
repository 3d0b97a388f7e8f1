package bnsweep.util;

import java.net.URL;
import org.bytedeco.javacpp.ClassProperties;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A child JVM for {@link NativeBuildChildJvmTest}: picks the native build as bnsweep's JVMs do, then
 * either loads it and runs a few ND4J ops ({@code load}), or only asks JavaCPP which library file it
 * would load, without loading it ({@code resolve}: for a simulated CPU the real one cannot run).
 * Prints {@code key=value} lines.
 */
public final class NativeBuildProbe {
    public static void main(String[] args) throws Exception {
        System.out.println("line=" + NativeBuild.choose());
        System.out.println("extension=" + System.getProperty(NativeBuild.LOADER_PROPERTY));
        if (args[0].equals("resolve")) {
            // what JavaCPP's Loader.load(Nd4jCpu) would look up, with the properties as NativeBuild left them
            Class<?> c = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu", false, NativeBuildProbe.class.getClassLoader());
            ClassProperties p = Loader.loadProperties(c, Loader.loadProperties(), true);
            URL[] urls = Loader.findLibrary(c, p, p.getProperty("platform.library"), false);
            System.out.println("would-load=" + (urls.length > 0 ? urls[0] : "nothing"));
            return;
        }
        NativeBuild.load();
        System.out.println("loaded=" + Versions.nd4jNativeBuild());
        // a few ops whose results are known exactly: a matrix product, an element-wise exp, a reduction
        INDArray a = Nd4j.create(new float[][] {{1, 2, 3}, {4, 5, 6}});
        INDArray b = Nd4j.create(new float[][] {{7, 8}, {9, 10}, {11, 12}});
        INDArray ab = a.mmul(b); // [[58, 64], [139, 154]]
        double exp = org.nd4j.linalg.ops.transforms.Transforms.exp(Nd4j.zeros(2, 2)).sumNumber().doubleValue(); // 4
        boolean ok = ab.getFloat(0, 0) == 58 && ab.getFloat(0, 1) == 64 && ab.getFloat(1, 0) == 139 && ab.getFloat(1, 1) == 154
                && Math.abs(exp - 4) < 1e-6 && a.sum(0).getFloat(2) == 9;
        System.out.println("ops=" + (ok ? "ok" : "wrong: " + ab + " " + exp));
    }
}
