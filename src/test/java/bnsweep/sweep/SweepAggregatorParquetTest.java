package bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bnsweep.testutil.SparkTestSupport;
import bnsweep.util.fs.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table's Parquet version under an OUT whose name has a colon and a space, with a value that spans lines. */
class SweepAggregatorParquetTest {
    @TempDir
    Path tmp;

    @Test
    void aColonInOutAndANewlineInAValue() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("runs/nightly 12:30"));
        Files.writeString(out.resolve("results.csv"), "config_id,sweep,test_acc,epochs\nmnist-b64,\"two\nlines, and a comma\",0.9712,3\nmnist-b128,plain,0.9655,3\n");
        SweepAggregator.parquet(SparkTestSupport.spark(), Location.of(out), "results");
        List<Row> rows = SparkTestSupport.spark().read().parquet(out.resolve("results.parquet").toString()).orderBy("config_id").collectAsList();
        assertEquals(2, rows.size());
        assertEquals("two\nlines, and a comma", rows.get(1).getAs("sweep"));
        assertEquals(0.9712, (double) rows.get(1).getAs("test_acc"), 1e-12);
        assertEquals(3, (int) rows.get(0).getAs("epochs"), "numbers keep their inferred types");
    }
}
