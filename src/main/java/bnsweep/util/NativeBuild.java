package bnsweep.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Picks ND4J's native build for this JVM from this JVM's own CPU, before ND4J loads, and loads it.
 *
 * <p>nd4j-native 1.0.0-M2.1 ships a generic build per platform and, for x86-64, builds for newer
 * instruction sets in jars of their own ({@code -avx2}, {@code -avx512}; the launchers put them on
 * the class path from {@code target/natives}). JavaCPP's {@code Loader} takes the extension from the
 * system property {@value #LOADER_PROPERTY}, read once when the Loader class initialises. <b>Unset, it
 * accepts every extension ND4J declares and loads the first whose jar is on the class path</b> — the
 * AVX-512 build, whatever the CPU, which dies of SIGILL in its static initialisers on a CPU without
 * AVX-512 — and set to {@code -avx2} it looks for that build, then the generic one. So this class
 * always sets it, in the system property and in the Loader's properties, to the best build that this
 * CPU can run and the class path holds ({@code ""} for the generic one):
 * {@link Build#AVX512} needs what its compiler flags ask for (AVX-512 F, CD, BW, DQ, VL with AVX2,
 * FMA, F16C, BMI1/2), {@link Build#AVX2} AVX, AVX2, FMA and F16C.
 *
 * <p>A user's choice ({@value #USER_PROPERTY}, the name JavaCPP's Maven builds use, or
 * {@value #LOADER_PROPERTY}) wins, unless the CPU is known to lack what that build needs: then
 * {@link #choose} refuses it in one line rather than letting the JVM crash. The CPU's flags come
 * from {@code /proc/cpuinfo} (Linux) or {@code sysctl} (macOS); unknown flags mean the generic
 * build. {@value #CPUINFO_PROPERTY} (tests only) names a file read instead of /proc/cpuinfo, to
 * simulate another CPU.
 */
public final class NativeBuild {
    /** The property JavaCPP's Loader reads (its system properties "org.bytedeco.javacpp.platform.*"). */
    public static final String LOADER_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** The name under which users pass an extension (JavaCPP's Maven property); taken as the user's choice. */
    public static final String USER_PROPERTY = "javacpp.platform.extension";
    /** Tests only: a file in /proc/cpuinfo's format read instead of the CPU's own flags. */
    public static final String CPUINFO_PROPERTY = "bnsweep.test.cpuinfo";
    /** A directory of JavaCPP's bindings: {@code <platform><extension>/} exists in the jar of that build only. */
    static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    /** ND4J's x86-64 builds, best first, with the CPU flags (as /proc/cpuinfo names them) each needs. */
    public enum Build {
        AVX512("-avx512", List.of("avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl")),
        AVX2("-avx2", List.of("avx", "avx2", "fma", "f16c")),
        GENERIC("", List.of());

        public final String extension;
        public final List<String> needs;

        Build(String extension, List<String> needs) {
            this.extension = extension;
            this.needs = needs;
        }

        /** The build an extension names; null for one bnsweep does not know (e.g. -onednn-avx2: taken as the user gives it). */
        static Build of(String extension) {
            for (Build b : values()) if (b.extension.equals(extension)) return b;
            return null;
        }

        /** The flags this build needs that {@code cpu} lacks (empty: it can run). */
        public List<String> missing(Set<String> cpu) {
            List<String> m = new ArrayList<>();
            for (String f : needs) if (!cpu.contains(f)) m.add(f);
            return m;
        }
    }

    /** Why a JVM cannot run ND4J here; its message is the one line a user sees. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private static String decided;

    private NativeBuild() {}

    /**
     * Sets {@value #LOADER_PROPERTY} for this JVM (once; later calls return the first answer) and
     * returns a line saying what was chosen and why.
     *
     * @throws Unavailable when the user asked for a build this CPU cannot run
     */
    public static synchronized String choose() {
        if (decided != null) return decided;
        String user = System.getProperty(USER_PROPERTY, System.getProperty(LOADER_PROPERTY));
        CpuFlags cpu = CpuFlags.ofThisMachine();
        String platform = org.bytedeco.javacpp.Loader.getPlatform();
        // the class loader JavaCPP will look in: Nd4jCpu's (a class literal loads the class without initialising it,
        // so nothing native is loaded yet); under spark-submit it may be a parent of this class's loader
        ClassLoader nd4j = org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.class.getClassLoader();
        List<Build> present = new ArrayList<>();
        for (Build b : Build.values()) if (nd4j.getResource(BINDINGS + platform + b.extension + "/") != null) present.add(b);
        String extension = choice(user, cpu, present);
        System.setProperty(LOADER_PROPERTY, extension);
        // JavaCPP reads its system properties once, when its Loader class initialises (Loader.getPlatform() above
        // did that, and so may have anything before): the choice goes into the properties it loads libraries with
        org.bytedeco.javacpp.Loader.loadProperties().setProperty("platform.extension", extension);
        decided = "ND4J native build: " + platform + extension + " (" + reason(user, cpu, present, extension) + ")";
        return decided;
    }

    /**
     * The extension to load: the user's if set (refused when {@code cpu} is known to lack what it
     * needs), else the best of {@code present} that {@code cpu} can run.
     */
    static String choice(String user, CpuFlags cpu, List<Build> present) {
        if (user != null) {
            Build b = Build.of(user.trim());
            List<String> missing = b == null || cpu.flags().isEmpty() ? List.of() : b.missing(cpu.flags());
            if (!missing.isEmpty()) {
                throw new Unavailable("ND4J's " + user.trim() + " build was asked for (" + USER_PROPERTY + "), but this CPU lacks "
                        + String.join(", ", missing) + " (" + cpu.source() + "); leave " + USER_PROPERTY
                        + " unset to use the best build this CPU runs");
            }
            return user.trim();
        }
        for (Build b : present) if (b.missing(cpu.flags()).isEmpty()) return b.extension;
        return "";
    }

    private static String reason(String user, CpuFlags cpu, List<Build> present, String extension) {
        if (user != null) return USER_PROPERTY + " set by the user";
        if (cpu.flags().isEmpty()) return "CPU flags unknown here (" + cpu.source() + "): the generic build";
        Build chosen = Build.of(extension);
        List<String> skipped = new ArrayList<>();
        for (Build b : Build.values()) {
            if (b == chosen) break;
            skipped.add(b.extension.substring(1) + (present.contains(b) ? " needs " + String.join(", ", b.missing(cpu.flags())) : " build not on the class path"));
        }
        return "the best this CPU runs" + (skipped.isEmpty() ? "" : "; " + String.join("; ", skipped));
    }

    /**
     * {@link #choose}, then loads ND4J and runs one small op, so that a JVM that cannot run ND4J
     * stops here with one line instead of in the middle of training.
     *
     * @throws Unavailable naming the platform and the cause
     */
    public static String load() {
        String line = choose();
        try {
            org.nd4j.linalg.factory.Nd4j.create(new float[] {1, 2}, new long[] {1, 2}).mmul(org.nd4j.linalg.factory.Nd4j.ones(2, 1));
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ND4J's backend exceptions
            throw new Unavailable("ND4J could not load its native library for " + org.bytedeco.javacpp.Loader.getPlatform()
                    + System.getProperty(LOADER_PROPERTY, "") + ": " + Errors.oneLine(e)
                    + " (is the build for this platform on the class path? see docs on platforms)");
        }
        return line;
    }

    /** The CPU's feature flags and where they came from; empty flags when unknown. */
    public record CpuFlags(Set<String> flags, String source) {
        public static CpuFlags ofThisMachine() {
            String file = System.getProperty(CPUINFO_PROPERTY);
            if (file != null) return fromCpuinfo(Path.of(file));
            if (Files.isReadable(Path.of("/proc/cpuinfo"))) return fromCpuinfo(Path.of("/proc/cpuinfo"));
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac")) return fromSysctl();
            return new CpuFlags(Set.of(), "no /proc/cpuinfo");
        }

        public static CpuFlags fromCpuinfo(Path file) {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("flags")) {
                        return new CpuFlags(new HashSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))), file.toString());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // unreadable: unknown
            }
            return new CpuFlags(Set.of(), file + " has no flags line");
        }

        /** macOS on Intel: {@code sysctl machdep.cpu.features machdep.cpu.leaf7_features}; Apple silicon has no x86 flags. */
        static CpuFlags fromSysctl() {
            try {
                Process p = new ProcessBuilder("sysctl", "-n", "machdep.cpu.features", "machdep.cpu.leaf7_features").redirectErrorStream(true).start();
                String out;
                try (InputStream in = p.getInputStream()) {
                    out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) return new CpuFlags(sysctlFlags(out), "sysctl machdep.cpu");
            } catch (IOException e) {
                // no sysctl: unknown
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CpuFlags(Set.of(), "sysctl machdep.cpu unavailable");
        }

        /** sysctl's upper-case names in /proc/cpuinfo's spelling ("AVX1.0" is avx, "AVX512F" avx512f, "SSE4.2" sse4_2). */
        static Set<String> sysctlFlags(String out) {
            Set<String> flags = new HashSet<>();
            for (String f : out.trim().split("\\s+")) {
                if (f.isEmpty()) continue;
                String n = f.toLowerCase(Locale.ROOT);
                flags.add(n.equals("avx1.0") ? "avx" : n.replace('.', '_'));
            }
            return flags;
        }
    }
}
