package bnsweep.engine;

import static bnsweep.testutil.SimulatedCpuJvm.BARE_X86_64;
import static bnsweep.testutil.SimulatedCpuJvm.SAPPHIRE_RAPIDS;
import static bnsweep.testutil.SimulatedCpuJvm.ZEN3;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bnsweep.testutil.SimulatedCpuJvm;
import bnsweep.util.NativeBuild.Build;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executors' path: {@link NativeBuildPlugin} chooses and loads the build in a JVM whose driver
 * side chose nothing ({@link NativeBuildPluginProbe}), for simulated CPUs; a task reports what ND4J
 * loaded and computes with it. The plugin loads what it chooses, so a simulated CPU richer than this
 * machine's cannot be run here (the driver-side test covers its choice without loading).
 */
class NativeBuildPluginTest {
    @TempDir
    Path tmp;

    @Test
    void anAvx2ExecutorLoadsTheAvx2Build() throws Exception {
        expect(ZEN3, Build.AVX2);
    }

    @Test
    void aBareX86ExecutorLoadsTheGenericBuild() throws Exception {
        expect(BARE_X86_64, Build.GENERIC);
    }

    @Test
    void anAvx512ExecutorLoadsTheAvx512Build() throws Exception {
        expect(SAPPHIRE_RAPIDS, Build.AVX512);
    }

    void expect(String flags, Build build) throws Exception {
        Assumptions.assumeTrue(SimulatedCpuJvm.thisCpuRuns(build), "this machine's CPU cannot run the " + build + " build");
        Map<String, String> out = SimulatedCpuJvm.run(tmp, flags, List.of(NativeBuildPluginProbe.class.getName()), 0);
        assertEquals(build.extension, out.get("extension"), out.toString());
        assertEquals("linux-x86_64" + build.extension, out.get("loaded"), out.toString());
        assertEquals("ok", out.get("ops"), out.toString());
    }
}
