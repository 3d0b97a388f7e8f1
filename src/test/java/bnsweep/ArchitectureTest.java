package bnsweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages follow the data's path and arrows point down only: a main class names bnsweep classes
 * (imported, by their full name, or in a string) of packages to its left in {@link #ORDER} (or its
 * own), never to its right; the command line and the Spark ML
 * facade do not import each other; on the engine's worker side and in the collective nothing imports
 * the driver side. And no class is long.
 */
class ArchitectureTest {
    static final List<String> ORDER = List.of("util", "data", "shard", "model", "bn", "config", "engine", "run", "sweep", "report", "cli", "ml");
    /** The two front doors, side by side: the command line and the Spark ML facade; neither imports the other. */
    static final List<String> FRONTS = List.of("cli", "ml");
    /** A class named in the code by its full name, imported or not, in a string too (a class name for reflection or a logger). */
    static final Pattern NAMED = Pattern.compile("\\bbnsweep\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]\\w*");
    static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    static String top(String pkg) {
        return pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
    }

    @Test
    void arrowsPointDownOnly() throws Exception {
        List<String> wrong = new ArrayList<>();
        Path root = Path.of("src/main/java/bnsweep");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                if (pkg.isEmpty()) continue;
                String code = COMMENT.matcher(Files.readString(f)).replaceAll("");
                Matcher m = NAMED.matcher(code.replaceAll("(?m)^package .*$", ""));
                while (m.find()) {
                    String used = m.group(1);
                    int from = ORDER.indexOf(top(pkg)), to = ORDER.indexOf(top(used));
                    boolean driverFromBelow = used.startsWith("engine.driver") && (pkg.startsWith("engine.worker")
                            || pkg.startsWith("engine.collective") || pkg.equals("engine"));
                    boolean otherFront = FRONTS.contains(top(pkg)) && FRONTS.contains(top(used)) && !top(pkg).equals(top(used));
                    if (from < 0 || to < 0 || to > from || driverFromBelow || otherFront) {
                        wrong.add(root.relativize(f) + " names bnsweep." + used);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** No main class over ~250 lines: a class that grows past it holds more than one idea. */
    @Test
    void noClassIsLong() throws Exception {
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(f).size();
                if (lines > 250) tooLong.add(f + " (" + lines + " lines)");
            }
        }
        assertEquals(List.of(), tooLong);
    }
}
