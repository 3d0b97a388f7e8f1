package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.testutil.DatasetFiles;
import bnsweep.util.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command as a user runs it: {@code submit/bnsweep sweep ...} from the project's
 * root, through the launcher (the application jar, SparkSubmit from the project's own jars, ND4J's
 * builds in target/natives on the class path), with no BNSWEEP_* or OPENBLAS_* variable and no
 * SPARK_HOME, on the smoke configuration. On a CPU where the launcher would load a build the CPU
 * cannot run, the JVM dies of SIGILL and this test fails; it also checks the manifest names the
 * build this CPU should get, worked out here from /proc/cpuinfo by hand.
 */
class ReadmeCommandIT {
    static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void theMainCommandRunsThroughTheLauncherWithNoOverride() throws Exception {
        DatasetFiles.preparedMnist(tmp, 600, 200);
        Path data = tmp.resolve("data"), out = tmp.resolve("runs/smoke"), log = tmp.resolve("launcher.log");
        Set<String> before = crashDumps();

        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("submit/bnsweep").toString(), "sweep", "--config", "conf/smoke-sweep.conf",
                "--data-dir", data.toString(), "--out", out.toString(), "sweep.batch-sizes=64", "sweep.seeds=1", "hidden=16")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BNSWEEP_") || k.startsWith("OPENBLAS_") || k.equals("SPARK_HOME")
                || k.equals("SPARK_LOCAL_IP") || k.equals("OMP_NUM_THREADS"));
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        if (!finished) p.destroyForcibly();
        assertTrue(finished, "the launcher did not finish in 10 minutes:\n" + output);
        assertEquals(0, p.exitValue(), output);
        assertEquals(before, crashDumps(), "no JVM crash dump:\n" + output);

        JsonNode manifest = AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile());
        assertEquals("complete", manifest.path("status").asText(), output);
        assertEquals(expectedBuild(), manifest.path("versions").path("nd4j-native-build").asText(), output);
        assertEquals(3, Files.readAllLines(out.resolve("results.csv")).size(), output);
    }

    /**
     * A training run through the launcher under LANG=C with LC_ALL unset (as cron and many
     * containers run it), its data and output in directories whose names are not ASCII: the launcher
     * gives the JVM a UTF-8 locale, so the paths work.
     */
    @Test
    void aNonAsciiPathWorksUnderTheCLocale() throws Exception {
        Path dir = tmp.resolve("données 日本 ελληνικά"), data = dir.resolve("data"), out = dir.resolve("run é"), log = tmp.resolve("train.log");
        DatasetFiles.preparedMnist(dir, 400, 100);
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("submit/bnsweep").toString(), "train", "--config", "conf/mnist.conf",
                "--data-dir", data.toString(), "--out", out.toString(), "hidden=8", "epochs=1", "bn=none")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANGUAGE"));
        pb.environment().put("LANG", "C");
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "train did not finish");
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        assertEquals("complete", AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile()).path("status").asText(), output);
    }

    static String expectedBuild() throws Exception {
        return bnsweep.testutil.SimulatedCpuJvm.expectedBuildOfThisCpu();
    }

    static Set<String> crashDumps() throws Exception {
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.map(x -> x.getFileName().toString()).filter(n -> n.startsWith("hs_err_pid")).collect(Collectors.toSet());
        }
    }
}
