package bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which scale charts a sweep gets: each is drawn only when the sweep has the data it needs. */
class ScaleChartsTest {
    static Map<String, String> summary(String bn, int batch, int workers, String variant) {
        Map<String, String> r = new HashMap<>();
        r.put("bn", bn);
        r.put("batch_size", String.valueOf(batch));
        r.put("workers", String.valueOf(workers));
        r.put("global_batch", String.valueOf(batch * workers));
        r.put("bn_batch", bn.equals("none") ? "" : String.valueOf(bn.equals("sync") ? batch * workers : batch));
        r.put("variant", variant);
        r.put("test_acc_mean", "0.9" + batch);
        r.put("epoch_seconds_mean", String.valueOf(10.0 / workers));
        return r;
    }

    static Map<String, String> result(String bn, int batch, String variant, double averaged, double merged, double precise) {
        Map<String, String> r = new HashMap<>();
        r.put("bn", bn);
        r.put("batch_size", String.valueOf(batch));
        r.put("variant", variant);
        r.put("test_acc_averaged", bn.equals("none") ? "" : String.valueOf(averaged));
        r.put("test_acc_merged", bn.equals("none") ? "" : String.valueOf(merged));
        r.put("test_acc_precise", bn.equals("none") ? "" : String.valueOf(precise));
        return r;
    }

    @Test
    void oneWorkersValueGivesNoWorkersChartAndEqualVariantsNoVariantChart() {
        List<Map<String, String>> s = new ArrayList<>();
        for (String bn : List.of("none", "sync")) for (int b : List.of(32, 64)) s.add(summary(bn, b, 2, ""));
        List<Map<String, String>> results = List.of(result("sync", 32, "", 0.9, 0.9, 0.9), result("sync", 64, "", 0.95, 0.95, 0.95),
                result("none", 32, "", 0, 0, 0), result("none", 64, "", 0, 0, 0));
        SweepTables t = new SweepTables(List.of(), results, s);
        ScaleCharts c = new ScaleCharts(t, new Charts(t));
        assertNotNull(c.accuracyVersusBnBatch());
        assertEquals(List.of(), c.versusWorkersAtFixedGlobalBatch("test_acc_mean", "t", "y"));
        assertNull(c.inferenceVariants(), "averaged = merged = precise everywhere");
    }

    @Test
    void workersAtAFixedGlobalBatchAndDifferingVariantsAreDrawn() {
        List<Map<String, String>> s = new ArrayList<>();
        for (String bn : List.of("none", "sync")) {
            s.add(summary(bn, 64, 1, "workers=1"));
            s.add(summary(bn, 32, 2, "workers=2"));
        }
        List<Map<String, String>> results = List.of(result("sync", 64, "workers=1", 0.9, 0.91, 0.9),
                result("sync", 32, "workers=2", 0.9, 0.9, 0.9));
        SweepTables t = new SweepTables(List.of(), results, s);
        ScaleCharts c = new ScaleCharts(t, new Charts(t));
        assertEquals(1, c.versusWorkersAtFixedGlobalBatch("test_acc_mean", "t", "y").size(), "global batch 64 with 1 and 2 workers");
        assertNotNull(c.inferenceVariants());
        assertNotNull(c.accuracyVersusBnBatch());
    }

    @Test
    void seriesWithoutWorkers() {
        assertEquals("sync", ScaleCharts.withoutWorkers("sync [workers=2]"));
        assertEquals("sync [input-bn=true]", ScaleCharts.withoutWorkers("sync [workers=2, input-bn=true]"));
        assertEquals("sync [input-bn=true]", ScaleCharts.withoutWorkers("sync [input-bn=true, workers=2]"));
    }
}
