package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as spark-submit's users write it, and the version the build wrote. */
class MainTest {
    @Test
    void masterGoesBeforeOrAfterTheCommand() {
        for (String[] args : new String[][] {{"--master", "yarn", "sweep", "--config", "c.conf", "--data-dir", "d", "--out", "o"},
                {"sweep", "--master", "yarn", "--config", "c.conf", "--data-dir", "d", "--out", "o"},
                {"--master", "spark://h:7077", "prepare", "mnist", "--data-dir", "d"}}) {
            Main main = new Main();
            new CommandLine(main).parseArgs(args);
            assertEquals(args[args[0].equals("--master") ? 1 : 2], main.master, String.join(" ", args));
        }
    }

    @Test
    void theVersionIsThePoms() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main()).setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("--version"));
        String pom = Files.readString(Path.of("pom.xml"));
        String version = pom.substring(pom.indexOf("<version>") + 9, pom.indexOf("</version>"));
        assertEquals("bnsweep " + version, out.toString().trim());
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    }
}
