package bnsweep.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks ND4J's native build for this JVM before ND4J loads. nd4j-native 1.0.0-M2.1 ships a generic
 * x86-64 build (always on the class path) and builds for newer instruction sets; JavaCPP loads
 * the one named by the system property {@value #PROPERTY} when its jar is on the class path, and
 * the generic one otherwise. An AVX-512 build on a CPU without AVX-512 would die of an illegal
 * instruction, so the choice is made per JVM (driver; each executor through
 * {@code bnsweep.engine.NativeBuildPlugin}) from the CPU's own flags:
 * {@code -avx512} when the CPU has AVX-512 F, CD, BW, DQ and VL (Skylake-SP's set, which the build
 * targets) and the build's jar is on the class path; the generic build otherwise. A value the user
 * set is kept.
 */
public final class NativeBuild {
    public static final String PROPERTY = "javacpp.platform.extension";
    static final String AVX512 = "-avx512";
    static final List<String> AVX512_FLAGS = List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    /** A directory only the -avx512 build's jar has. */
    static final String AVX512_RESOURCE = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-avx512/";

    private NativeBuild() {}

    /** Sets {@value #PROPERTY} as {@link #choice} says (unless already set); returns a line saying what was chosen and why. */
    public static synchronized String choose() {
        String user = System.getProperty(PROPERTY);
        // the class loader JavaCPP will look in: Nd4jCpu's (a class literal loads the class without initialising it,
        // so nothing native is loaded yet); under spark-submit it may be a parent of this class's loader
        ClassLoader nd4j = org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.class.getClassLoader();
        boolean present = nd4j.getResource(AVX512_RESOURCE) != null;
        String chosen = choice(user, cpuFlags(), present);
        if (user == null && !chosen.isEmpty()) System.setProperty(PROPERTY, chosen);
        return "ND4J native build: " + (chosen.isEmpty() ? "generic x86-64" : "linux-x86_64" + chosen)
                + (user != null ? " (" + PROPERTY + " set by the user)"
                : !chosen.isEmpty() ? " (the CPU has AVX-512)"
                : present ? " (the CPU lacks AVX-512)" : " (no AVX-512 build on the class path)");
    }

    /** The extension to use: the user's if set, else {@value #AVX512} when the CPU and the class path allow it, else "". */
    static String choice(String user, Set<String> cpuFlags, boolean avx512OnClasspath) {
        if (user != null) return user;
        return avx512OnClasspath && cpuFlags.containsAll(AVX512_FLAGS) ? AVX512 : "";
    }

    /** The CPU's feature flags from /proc/cpuinfo (Linux); empty elsewhere. */
    static Set<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) return new HashSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: the generic build
        }
        return Set.of();
    }
}
