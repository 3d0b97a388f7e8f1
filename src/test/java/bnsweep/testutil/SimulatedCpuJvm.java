package bnsweep.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.util.NativeBuild;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs that see a simulated CPU ({@value NativeBuild#CPUINFO_PROPERTY}: a /proc/cpuinfo of
 * another machine) and ND4J's builds on the class path as the launchers put them: this JVM's class
 * path plus {@code target/natives}. A child prints {@code key=value} lines; {@link #run} returns
 * them, with its standard error under {@code stderr}.
 */
public final class SimulatedCpuJvm {
    /** Flags of real CPUs, as their /proc/cpuinfo lists them (trimmed to what matters here). */
    public static final String SAPPHIRE_RAPIDS = "fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt avx f16c fma bmi1 avx2 bmi2 adx avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16";
    public static final String ZEN3 = "fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt avx f16c fma movbe bmi1 avx2 bmi2 adx";
    public static final String BARE_X86_64 = "fpu sse sse2 cx8 cmov";

    private SimulatedCpuJvm() {}

    /** Whether this machine's own CPU runs {@code build} (a simulated CPU richer than it cannot load that build here). */
    public static boolean thisCpuRuns(NativeBuild.Build build) {
        return build.missing(NativeBuild.CpuFlags.ofThisMachine().flags()).isEmpty();
    }

    /**
     * Skips (with the reason, which CI's report lists) where the simulated x86-64 CPUs cannot be: ND4J's
     * builds for them exist for Linux x86-64 only (macOS x86-64 has no -avx512 build, arm64 none at all).
     */
    public static void assumeLinuxX86_64() {
        String os = System.getProperty("os.name", ""), arch = System.getProperty("os.arch", "");
        org.junit.jupiter.api.Assumptions.assumeTrue(os.equals("Linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "simulated x86-64 CPUs load ND4J's linux-x86_64 builds, which " + os + " on " + arch + " does not have");
    }

    /** Runs {@code args} (JVM options, a main class, its arguments) in a JVM that sees {@code flags}; asserts its exit code. */
    public static Map<String, String> run(Path tmp, String flags, List<String> args, int exit) throws IOException, InterruptedException {
        assumeLinuxX86_64();
        Path dir = Files.createTempDirectory(tmp, "jvm");
        Path cpuinfo = dir.resolve("cpuinfo"), stderr = dir.resolve("stderr");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: simulated\nflags\t\t: " + flags + "\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(Arrays.asList(Files.readString(Path.of("target/classes/bnsweep-jvm-flags.txt")).trim().split("\\s+")));
        // a crash dump (the bug these children exist to catch) goes to the test's folder, not the checkout
        cmd.addAll(List.of("-Xmx1g", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-D" + NativeBuild.CPUINFO_PROPERTY + "=" + cpuinfo,
                "-cp", classPathWithNatives()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the child JVM did not finish");
        Map<String, String> out = new HashMap<>();
        for (String line : stdout.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        out.put("stderr", Files.readString(stderr));
        assertEquals(exit, p.exitValue(), "exit code; stdout:\n" + stdout + "\nstderr:\n" + out.get("stderr"));
        return out;
    }

    /** This JVM's class path and ND4J's builds from target/natives, where the build puts them for the launchers. */
    static String classPathWithNatives() throws IOException {
        List<String> jars = new ArrayList<>(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
        try (var natives = Files.list(Path.of("target/natives"))) {
            natives.filter(f -> f.getFileName().toString().startsWith("nd4j-native-")).sorted().forEach(f -> jars.add(f.toString()));
        }
        assertTrue(jars.stream().anyMatch(j -> j.endsWith("-avx512.jar")) && jars.stream().anyMatch(j -> j.endsWith("-avx2.jar")),
                "the build puts ND4J's -avx2 and -avx512 builds in target/natives: " + jars);
        return String.join(File.pathSeparator, jars);
    }

    /** What this CPU should run, from the build flags ND4J's builds are compiled with (written out here, not taken from NativeBuild). */
    public static String expectedBuildOfThisCpu() throws Exception {
        assumeLinuxX86_64();
        String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags")).findFirst().orElse("");
        Set<String> f = Set.of(flags.substring(flags.indexOf(':') + 1).trim().split("\\s+"));
        if (f.containsAll(List.of("avx2", "fma", "f16c", "bmi2", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"))) return "linux-x86_64-avx512";
        if (f.containsAll(List.of("avx", "avx2", "fma", "f16c"))) return "linux-x86_64-avx2";
        return "linux-x86_64";
    }
}
