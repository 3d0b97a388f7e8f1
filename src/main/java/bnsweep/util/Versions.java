package bnsweep.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Versions of the software a run used, for manifests. */
public final class Versions {
    /** The platform directory of a JavaCPP-extracted ND4J library path, e.g. .../bindings/linux-x86_64-avx512/libjnind4jcpu.so. */
    private static final Pattern BUILD_DIR = Pattern.compile("bindings/(linux-[^/]+)/");

    private Versions() {}

    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("bnsweep", bnsweep());
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        v.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        v.put("scala", scala.util.Properties.versionNumberString());
        v.put("dl4j", maven("org.deeplearning4j", "deeplearning4j-nn"));
        v.put("dl4j-spark", maven("org.deeplearning4j", "dl4j-spark_2.12"));
        v.put("nd4j", maven("org.nd4j", "nd4j-native"));
        v.put("nd4j-native-build", nd4jNativeBuild());
        return v;
    }

    /**
     * The ND4J native build this JVM loaded (e.g. linux-x86_64-avx512), from the path JavaCPP loaded
     * it from: the driver's, and in local mode the workers' too (executors choose their own, {@link NativeBuild}).
     */
    public static String nd4jNativeBuild() {
        org.nd4j.linalg.factory.Nd4j.getBackend(); // loads the natives if nothing has yet
        for (Map.Entry<String, String> e : org.bytedeco.javacpp.Loader.getLoadedLibraries().entrySet()) {
            if (!e.getKey().contains("nd4jcpu") || e.getValue() == null) continue;
            Matcher m = BUILD_DIR.matcher(e.getValue());
            if (m.find()) return m.group(1);
        }
        return "unknown";
    }

    /** bnsweep's own version, as the build wrote it (the POM's). */
    public static String bnsweep() {
        try (InputStream in = Versions.class.getResourceAsStream("/bnsweep-version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String maven(String group, String artifact) {
        String res = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Versions.class.getResourceAsStream(res)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
