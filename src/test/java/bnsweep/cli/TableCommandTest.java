package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.testutil.TableFiles;
import bnsweep.util.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dataset = table through the command line: a sweep over a CSV table writes the usual tables and
 * report, a changed table is refused on resume, and every bad table ends with one error line, exit 1
 * and no configuration marked complete.
 */
class TableCommandTest {
    @TempDir
    Path tmp;

    TrainCommandTest.Run sweep(Path table, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--config", "conf/table-sweep.conf", "--data-dir", tmp.resolve("data").toString(),
                "--out", out.toString(), "table.path=" + table, "hidden=8", "epochs=2", "learning-rate=0.03", "sweep.batch-sizes=16", "sweep.seeds=1"));
        args.addAll(List.of(more));
        return TrainCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void aSweepOverACsvTableWritesTheReportAndRefusesTheTableChanged() throws IOException {
        Path csv = TableFiles.csv(tmp.resolve("churn.csv"), 400, 4, 3, 1, "churned", "stayed", "unknown");
        Path out = tmp.resolve("runs/churn");
        TrainCommandTest.Run r = sweep(csv, out);
        assertEquals(0, r.code(), r.err());
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, results.size(), String.join("\n", results));
        assertTrue(results.get(1).startsWith("table-none-b16-w2-s1,table,none,16,2,1,2,"), results.get(1));
        for (String row : results.subList(1, 3)) {
            double testAcc = Double.parseDouble(row.split(",")[8]);
            assertTrue(testAcc > 0.85, "the generated classes are easy: " + row);
        }
        assertTrue(Files.size(out.resolve("report.html")) > 10_000);
        JsonNode m = AtomicFiles.JSON.readTree(out.resolve("configs/table-sync-b16-w2-s1/manifest.json").toFile());
        assertEquals("complete", m.path("status").asText());
        JsonNode data = m.path("dataset");
        assertEquals(64, data.path("content_sha256").asText().length());
        assertEquals(List.of("churned", "stayed", "unknown"), AtomicFiles.JSON.convertValue(data.path("label_names"), List.class));
        assertEquals(4, data.path("inputs").asInt());
        assertEquals(80, data.path("counts").path("test").asInt());
        assertTrue(data.path("tables").path("train").path("schema").asText().startsWith("struct<id:string,x0:double"), data.toString());

        Files.writeString(csv, "r400,1,2,3,4,stayed\n", StandardOpenOption.APPEND);
        TrainCommandTest.Run changed = sweep(csv, out);
        assertEquals(1, changed.code());
        assertTrue(changed.err().contains("of a table whose content has changed since"), changed.err());
    }

    @Test
    void badTablesEndWithOneErrorLineExitOneAndNothingComplete() throws IOException {
        Path good = TableFiles.csv(tmp.resolve("good.csv"), 60, 3, 3, 2);
        List<String> nan = new ArrayList<>(List.of("x0,x1,label"));
        for (int i = 0; i < 40; i++) nan.add(i + "," + (i == 7 ? "Infinity" : "1") + "," + (i % 2));
        String[][] cases = {
                {"table.path=" + tmp.resolve("nowhere.parquet"), "no such file or directory (table.path)"},
                {"table.path=" + TableFiles.write(tmp.resolve("t.tsv"), List.of("a\tb")), "cannot tell its format"},
                {"table.path=" + good, "table.format=orc", "unknown table format 'orc'"},
                {"table.path=" + good, "table.label=churn", "no column 'churn' for the label (table.label)"},
                {"table.path=" + good, "table.features=[x0,x9]", "no column 'x9' for a feature (table.features)"},
                {"table.path=" + good, "table.features=[id]", "column 'id' is string, not numeric"},
                {"table.path=" + TableFiles.write(tmp.resolve("nan.csv"), nan), "1 of 40 rows have missing, NaN or infinite feature values:"
                        + " column 'x1' in 1 rows"},
                {"table.path=" + TableFiles.write(tmp.resolve("one.csv"), List.of("x,label", "1,0", "2,0", "3,0")), "has one class only"},
                {"table.path=" + TableFiles.write(tmp.resolve("four.csv"), List.of("x,label", "1,0", "2,1", "3,0", "4,1")), "leaves that split empty"},
                {"table.path=" + TableFiles.write(tmp.resolve("neg.csv"), List.of("x,label", "1,0", "2,1", "3,-2")), "not a class index 0..K−1"},
                {"table.path=" + good, "table.test-path=" + TableFiles.csv(tmp.resolve("wide.csv"), 20, 2, 5, 3), "no column 'x2' for a feature"},
                {"table.path=" + good, "table.test-path=" + TableFiles.csv(tmp.resolve("more.csv"), 20, 3, 5, 3), "its classes differ"},
                {"table.path=" + good, "input-scaling=unit", "bad value for 'input-scaling': unit scales pixel bytes"},
                {"table.path=" + good, "table.validation-fraction=0.5", "table.test-fraction=0.5", "the two must add up to less than 1"},
        };
        int k = 0;
        for (String[] c : cases) {
            Path out = tmp.resolve("runs/bad" + k++);
            String expected = c[c.length - 1];
            List<String> overrides = new ArrayList<>(List.of(c).subList(0, c.length - 1));
            String table = overrides.remove(0).substring("table.path=".length());
            TrainCommandTest.Run r = sweep(Path.of(table), out, overrides.toArray(String[]::new));
            assertEquals(1, r.code(), r.err());
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), "one line: " + r.err());
            assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(expected), expected + " in: " + r.err());
            assertFalse(lines.get(0).contains("Exception"), r.err());
            if (Files.exists(out)) {
                try (Stream<Path> files = Files.walk(out)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().equals("manifest.json")).toList()) {
                        assertFalse(Files.readString(f).contains("\"complete\""), f + " is marked complete");
                    }
                }
            }
        }
    }
}
