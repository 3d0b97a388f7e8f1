package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The launcher answers --help from submit/lib/help/ without building: those texts are picocli's
 * usage of each command, as the code declares it (run with -Ddocs.update=true to write them after
 * changing a command); and the launcher prints them, and the POM's version, in well under a second.
 */
class HelpTextTest {
    static final Path DIR = Path.of("submit/lib/help");

    static Map<String, String> usages() {
        CommandLine top = new CommandLine(new Main());
        Map<String, String> u = new LinkedHashMap<>();
        u.put("bnsweep", top.getUsageMessage());
        top.getSubcommands().forEach((name, cl) -> u.put(name, cl.getUsageMessage()));
        return u;
    }

    @Test
    void theHelpFilesAreTheCommandsUsage() throws Exception {
        for (Map.Entry<String, String> e : usages().entrySet()) {
            Path file = DIR.resolve(e.getKey() + ".txt");
            if (Boolean.getBoolean("docs.update")) Files.writeString(file, e.getValue());
            assertEquals(e.getValue(), Files.readString(file), file + " differs from the code's usage (rerun with -Ddocs.update=true)");
        }
    }

    @Test
    void theLauncherAnswersHelpAndVersionWithoutBuilding() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("sweep", "--help"), List.of("--master", "yarn", "train", "-h"), List.of("--version"))) {
            ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of("submit/bnsweep")));
            pb.command().addAll(args);
            pb.environment().put("PATH", "/usr/bin:/bin"); // no mvn needed: a build would fail here
            pb.redirectErrorStream(true);
            long t0 = System.nanoTime();
            Process p = pb.start();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
            assertTrue((System.nanoTime() - t0) / 1e9 < 20, "answered at once");
            if (args.contains("--version")) {
                assertTrue(out.matches("bnsweep \\d+\\.\\d+\\.\\d+\\S*\\n"), out);
            } else {
                String cmd = args.stream().filter(a -> List.of("train", "sweep").contains(a)).findFirst().orElse("bnsweep");
                assertEquals(usages().get(cmd), out, String.join(" ", args));
            }
        }
    }
}
