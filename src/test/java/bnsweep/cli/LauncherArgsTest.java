package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launchers hand spark-submit's own options to spark-submit and the rest to bnsweep
 * ({@code bnsweep_split_args} in submit/lib/launch.sh, run here by bash as the launchers run it).
 */
class LauncherArgsTest {
    /** The arrays and values the function sets, one per line: {@code app:X}, {@code spark:X}, {@code jars:…}, {@code mem:…}, {@code opts:…}. */
    static List<String> split(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "source submit/lib/launch.sh; bnsweep_split_args \"$@\";"
                + " for a in \"${BNSWEEP_APP_ARGS[@]}\"; do echo \"app:$a\"; done;"
                + " for a in \"${BNSWEEP_SPARK_ARGS[@]}\"; do echo \"spark:$a\"; done;"
                + " echo \"jars:$BNSWEEP_USER_JARS\"; echo \"mem:$BNSWEEP_DRIVER_MEM\"; echo \"opts:$BNSWEEP_USER_DRIVER_OPTS\"", "bash"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true);
        pb.environment().remove("BNSWEEP_DRIVER_MEMORY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void sparkSubmitOptionsGoToSparkSubmit() throws Exception {
        assertEquals(List.of("app:train", "app:--config", "app:conf/mnist.conf", "app:--out", "app:runs/a b", "app:epochs=2",
                        "spark:--conf", "spark:spark.executor.memory=2g", "spark:--conf", "spark:spark.task.cpus=1",
                        "spark:--properties-file", "spark:/etc/spark.conf", "spark:--packages", "spark:org.example:x:1.0", "spark:--verbose",
                        "jars:/a.jar,/b.jar", "mem:6g", "opts: -Dx=1"),
                split("train", "--conf", "spark.executor.memory=2g", "--config", "conf/mnist.conf", "-c", "spark.task.cpus=1",
                        "--jars", "/a.jar", "--out", "runs/a b", "--properties-file", "/etc/spark.conf", "--jars=/b.jar",
                        "--packages=org.example:x:1.0", "--driver-memory", "6g", "--driver-java-options", "-Dx=1", "--verbose", "epochs=2"));
    }

    /** Every option of the list, the last of a line of its declaration included (a line break once hid those). */
    @Test
    void theOptionsAtTheEndsOfTheListsLinesAreSparkSubmits() throws Exception {
        assertEquals(List.of("app:train", "spark:--archives", "spark:a.zip", "spark:--executor-memory", "spark:1g", "spark:--proxy-user",
                        "spark:u", "spark:--num-executors", "spark:2", "jars:", "mem:4g", "opts:"),
                split("train", "--archives", "a.zip", "--executor-memory", "1g", "--proxy-user", "u", "--num-executors", "2"));
    }

    @Test
    void withoutThemEverythingIsBnsweeps() throws Exception {
        assertEquals(List.of("app:sweep", "app:--config", "app:c.conf", "app:--master", "app:local[2]", "jars:", "mem:4g", "opts:"),
                split("sweep", "--config", "c.conf", "--master", "local[2]"));
    }
}
