package bnsweep.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    @Test
    void valuesWithCommasQuotesAndLineBreaksSurviveARoundTrip() throws Exception {
        List<String> values = List.of("plain", "a, b", "say \"hi\"", "two\nlines", "", "x");
        String line = Csv.row(values);
        assertEquals("plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",,x", line);
        assertArrayEquals(values.toArray(), Csv.parse(line + "\n").get(0));
        assertEquals("", Csv.row(""), "a row of one empty value is an empty line, not 'null'");
        Path f = Files.writeString(dir.resolve("t.csv"), "k,v\n" + Csv.row("one", "a, b") + "\n");
        assertEquals(List.of(Map.of("k", "one", "v", "a, b")), Csv.readTable(bnsweep.util.fs.Location.of(f)));
    }
}
