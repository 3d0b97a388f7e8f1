package bnsweep.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The native build a JVM picks: AVX-512 only where the CPU has it and the build is there; the user's choice always wins. */
class NativeBuildTest {
    static final Set<String> ZEN4 = Set.of("sse4_2", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16");
    static final Set<String> HASWELL = Set.of("sse4_2", "avx", "avx2", "fma");

    @Test
    void avx512OnlyWithTheCpuAndTheJar() {
        assertEquals("-avx512", NativeBuild.choice(null, ZEN4, true));
        assertEquals("", NativeBuild.choice(null, ZEN4, false), "no AVX-512 build on the class path");
        assertEquals("", NativeBuild.choice(null, HASWELL, true), "an AVX-512 build would die of an illegal instruction here");
        Set<String> knightsLanding = new HashSet<>(HASWELL);
        knightsLanding.addAll(Set.of("avx512f", "avx512cd")); // no BW/DQ/VL: not the set the build targets
        assertEquals("", NativeBuild.choice(null, knightsLanding, true));
        assertEquals("", NativeBuild.choice(null, Set.of(), true), "flags unknown (not Linux): the generic build");
    }

    @Test
    void theUsersSettingIsKept() {
        assertEquals("", NativeBuild.choice("", ZEN4, true), "explicitly generic");
        assertEquals("-avx2", NativeBuild.choice("-avx2", ZEN4, true));
    }
}
