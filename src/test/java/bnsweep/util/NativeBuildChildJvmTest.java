package bnsweep.util;

import static bnsweep.testutil.SimulatedCpuJvm.BARE_X86_64;
import static bnsweep.testutil.SimulatedCpuJvm.SAPPHIRE_RAPIDS;
import static bnsweep.testutil.SimulatedCpuJvm.ZEN3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.testutil.SimulatedCpuJvm;
import bnsweep.util.NativeBuild.Build;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's path ({@link NativeBuild} as {@code bnsweep.cli.Main} runs it) in child JVMs with a
 * simulated CPU ({@link SimulatedCpuJvm}): each reports the library JavaCPP loaded and runs a few
 * ND4J ops. A simulated CPU richer than this machine's cannot run its build here: for it the child
 * only asks JavaCPP which library file it would load (loading it would die of SIGILL, the bug these
 * tests exist for). With the extension left unset — what bnsweep did before — JavaCPP picked the
 * AVX-512 library for every CPU, and the AVX2 and bare cases fail.
 */
class NativeBuildChildJvmTest {
    @TempDir
    Path tmp;

    @Test
    void anAvx512CpuGetsTheAvx512Build() throws Exception {
        expect(SAPPHIRE_RAPIDS, Build.AVX512);
    }

    @Test
    void anAvx2CpuGetsTheAvx2BuildNotTheAvx512One() throws Exception {
        expect(ZEN3, Build.AVX2);
    }

    @Test
    void aBareX86CpuGetsTheGenericBuild() throws Exception {
        expect(BARE_X86_64, Build.GENERIC);
    }

    @Test
    void aUsersChoiceTheCpuCannotRunIsRefusedInOneLine() throws Exception {
        // bnsweep's entry point, as the launchers run it
        Map<String, String> out = SimulatedCpuJvm.run(tmp, ZEN3,
                List.of("-D" + NativeBuild.USER_PROPERTY + "=-avx512", bnsweep.cli.Main.class.getName(), "train", "--help"), 1);
        String err = out.get("stderr").trim();
        assertTrue(err.startsWith("error: ND4J's -avx512 build was asked for") && err.contains("avx512f"), out.toString());
        assertEquals(1, err.lines().count(), "one line, no stack trace: " + err);
    }

    @Test
    void aUsersChoiceTheCpuRunsIsKept() throws Exception {
        boolean runnable = SimulatedCpuJvm.thisCpuRuns(Build.AVX2);
        Map<String, String> out = probe(SAPPHIRE_RAPIDS, runnable, "-D" + NativeBuild.USER_PROPERTY + "=-avx2");
        assertEquals("-avx2", out.get("extension"), out.toString());
        if (runnable) assertEquals("linux-x86_64-avx2", out.get("loaded"), out.toString());
        else assertTrue(out.get("would-load").contains("/bindings/linux-x86_64-avx2/"), out.toString());
    }

    /** The child picks {@code build} for {@code flags}; loads it and runs ops where this CPU can, else JavaCPP names its file. */
    void expect(String flags, Build build) throws Exception {
        boolean runnable = SimulatedCpuJvm.thisCpuRuns(build);
        Map<String, String> out = probe(flags, runnable);
        assertEquals(build.extension, out.get("extension"), out.toString());
        String library = "linux-x86_64" + build.extension;
        if (runnable) {
            assertEquals(library, out.get("loaded"), out.toString());
            assertEquals("ok", out.get("ops"), out.toString());
        } else {
            assertTrue(out.get("would-load").contains("/bindings/" + library + "/"), out.toString());
        }
    }

    Map<String, String> probe(String flags, boolean load, String... props) throws Exception {
        List<String> args = new ArrayList<>(List.of(props));
        args.addAll(List.of(NativeBuildProbe.class.getName(), load ? "load" : "resolve"));
        return SimulatedCpuJvm.run(tmp, flags, args, 0);
    }
}
