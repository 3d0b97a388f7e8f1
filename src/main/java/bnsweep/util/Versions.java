package bnsweep.util;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of the software a run used, for manifests. */
public final class Versions {
    private Versions() {}

    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        v.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        v.put("scala", scala.util.Properties.versionNumberString());
        v.put("dl4j", maven("org.deeplearning4j", "deeplearning4j-nn"));
        v.put("dl4j-spark", maven("org.deeplearning4j", "dl4j-spark_2.12"));
        v.put("nd4j", maven("org.nd4j", "nd4j-native"));
        return v;
    }

    static String maven(String group, String artifact) {
        String res = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Versions.class.getResourceAsStream(res)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
