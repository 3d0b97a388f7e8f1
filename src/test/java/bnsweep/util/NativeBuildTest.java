package bnsweep.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.util.NativeBuild.Build;
import bnsweep.util.NativeBuild.CpuFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native build a JVM picks: the best its CPU runs among those on the class path; a user's choice wins unless the CPU cannot run it. */
class NativeBuildTest {
    static final CpuFlags ZEN4 = cpu("sse4_2", "avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16");
    static final CpuFlags HASWELL = cpu("sse4_2", "avx", "avx2", "fma", "f16c", "bmi1", "bmi2");
    static final CpuFlags SANDY_BRIDGE = cpu("sse4_2", "avx", "popcnt");
    static final CpuFlags UNKNOWN = new CpuFlags(Set.of(), "test");
    static final List<Build> ALL = List.of(Build.AVX512, Build.AVX2, Build.GENERIC);

    static CpuFlags cpu(String... flags) {
        return new CpuFlags(Set.of(flags), "test");
    }

    @Test
    void theBestBuildTheCpuRuns() {
        assertEquals("-avx512", NativeBuild.choice(null, ZEN4, ALL));
        assertEquals("-avx2", NativeBuild.choice(null, HASWELL, ALL), "an AVX-512 build would die of an illegal instruction here");
        assertEquals("", NativeBuild.choice(null, SANDY_BRIDGE, ALL), "AVX without AVX2/FMA: generic");
        assertEquals("", NativeBuild.choice(null, UNKNOWN, ALL), "flags unknown: the generic build");
        Set<String> knightsLanding = new HashSet<>(HASWELL.flags());
        knightsLanding.addAll(Set.of("avx512f", "avx512cd")); // no BW/DQ/VL: not the set the build is compiled for
        assertEquals("-avx2", NativeBuild.choice(null, new CpuFlags(knightsLanding, "test"), ALL));
        Set<String> noF16c = new HashSet<>(HASWELL.flags());
        noF16c.remove("f16c");
        assertEquals("", NativeBuild.choice(null, new CpuFlags(noF16c, "test"), ALL), "the AVX2 build is compiled with -mf16c");
    }

    @Test
    void onlyBuildsOnTheClassPath() {
        assertEquals("-avx2", NativeBuild.choice(null, ZEN4, List.of(Build.AVX2, Build.GENERIC)));
        assertEquals("", NativeBuild.choice(null, ZEN4, List.of(Build.GENERIC)));
        assertEquals("", NativeBuild.choice(null, ZEN4, List.of()), "nothing found: generic, and ND4J's own error if that is missing too");
    }

    @Test
    void theUsersChoiceWinsWhereTheCpuRunsIt() {
        assertEquals("", NativeBuild.choice("", ZEN4, ALL), "explicitly generic");
        assertEquals("-avx2", NativeBuild.choice("-avx2", ZEN4, ALL));
        assertEquals("-avx512", NativeBuild.choice("-avx512", UNKNOWN, ALL), "flags unknown: trusted");
        assertEquals("-onednn-avx2", NativeBuild.choice("-onednn-avx2", HASWELL, ALL), "a build bnsweep does not know: as given");
        NativeBuild.Unavailable e = assertThrows(NativeBuild.Unavailable.class, () -> NativeBuild.choice("-avx512", HASWELL, ALL));
        assertTrue(e.getMessage().contains("avx512f, avx512cd, avx512bw, avx512dq, avx512vl"), e.getMessage());
        assertThrows(NativeBuild.Unavailable.class, () -> NativeBuild.choice("-avx2", SANDY_BRIDGE, ALL));
    }

    @Test
    void flagsFromCpuinfo(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("cpuinfo");
        Files.writeString(f, "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 fma\nbugs\t\t: sysret_ss_attrs\n\nprocessor\t: 1\nflags\t\t: fpu\n");
        assertEquals(Set.of("fpu", "sse2", "avx2", "fma"), CpuFlags.fromCpuinfo(f).flags(), "the first processor's flags");
        Files.writeString(f, "processor\t: 0\nFeatures\t: fp asimd evtstrm aes\n"); // Linux arm64 says Features
        assertEquals(Set.of(), CpuFlags.fromCpuinfo(f).flags());
        assertEquals(Set.of(), CpuFlags.fromCpuinfo(tmp.resolve("missing")).flags());
    }

    @Test
    void flagsFromMacosSysctl() {
        // sysctl -n machdep.cpu.features machdep.cpu.leaf7_features on an Intel Mac (Coffee Lake), as it prints them
        String out = "FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP MTRR PGE MCA CMOV PAT PSE36 CLFSH DS ACPI MMX FXSR SSE SSE2 SS HTT TM PBE"
                + " SSE3 PCLMULQDQ DTES64 MON DSCPL VMX EST TM2 SSSE3 FMA CX16 TPR PDCM SSE4.1 SSE4.2 x2APIC MOVBE POPCNT AES PCID XSAVE"
                + " OSXSAVE SEGLIM64 TSCTMR AVX1.0 RDRAND F16C\nRDWRFSGS TSC_THREAD_OFFSET SGX BMI1 HLE AVX2 SMEP BMI2 ERMS INVPCID RTM"
                + " FPU_CSDS MPX RDSEED ADX SMAP CLFSOPT IPT MDCLEAR TSXFA IBRS STIBP L1DF SSBD\n";
        CpuFlags mac = new CpuFlags(CpuFlags.sysctlFlags(out), "sysctl");
        assertTrue(mac.flags().containsAll(List.of("avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "sse4_2")), mac.flags().toString());
        assertEquals("-avx2", NativeBuild.choice(null, mac, ALL));
    }
}
