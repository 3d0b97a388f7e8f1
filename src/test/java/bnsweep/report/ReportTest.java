package bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.ConfigLoader;
import bnsweep.config.SweepSettings;
import bnsweep.data.PreparedDataset;
import bnsweep.sweep.SweepRunner;
import bnsweep.testutil.DatasetFiles;
import bnsweep.testutil.SparkTestSupport;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report of a real small sweep (local[2], generated MNIST-format data). */
class ReportTest {
    static final List<String> VIEWS = List.of("train-loss", "val-acc", "test-acc-vs-batch", "epochs-to-target",
            "seconds-to-target", "epoch-seconds", "examples-per-second", "test-acc-vs-bn-batch");

    @TempDir
    static Path tmp;
    static Path out;

    @BeforeAll
    static void sweep() {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        PreparedDataset data = DatasetFiles.preparedMnist(tmp, 500, 100);
        out = tmp.resolve("sweep");
        SweepSettings s = SweepSettings.from(ConfigLoader.load(Path.of("conf/smoke-sweep.conf"), List.of("epochs=2", "hidden=16",
                "sweep.batch-sizes=16,32", "sweep.seeds=1,2,3", "sweep.bn=none,sync", "sweep.target-val-acc=0.6", "sweep.name=report-test")));
        new SweepRunner(SparkTestSupport.spark(), data, s, bnsweep.util.fs.Location.of(out), quiet, bnsweep.report.ReportWriter::write).run(); // writes the report at the end
    }

    @Test
    void htmlIsWellFormedSelfContainedAndHasEveryView() throws Exception {
        String html = Files.readString(out.resolve("report.html"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("url("), "no external reference");

        NodeList sections = doc.getElementsByTagName("section");
        for (String view : VIEWS) {
            Element section = null;
            for (int i = 0; i < sections.getLength(); i++) {
                Element e = (Element) sections.item(i);
                if (view.equals(e.getAttribute("data-view"))) section = e;
            }
            assertTrue(section != null, "view " + view);
            NodeList imgs = section.getElementsByTagName("img");
            int expected = view.equals("train-loss") || view.equals("val-acc") ? 2 : 1; // small multiples: one per batch size
            assertEquals(expected, imgs.getLength(), view);
            for (int i = 0; i < imgs.getLength(); i++) {
                String src = ((Element) imgs.item(i)).getAttribute("src");
                assertTrue(src.startsWith("data:image/png;base64,"), view);
                byte[] png = Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
                assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), view);
            }
        }
        assertTrue(html.contains("test-acc-vs-workers: not drawn: this sweep has no global batch trained with two or more worker counts"),
                "one workers value: the workers chart says why it is missing");
        assertTrue(html.contains("Background") && html.contains("running_var ← (1 − r)·running_var + r·σ²_B"));
        assertTrue(html.contains("&quot;status&quot; : &quot;complete&quot;"), "the run's manifest is shown");
    }

    @Test
    void markdownFindingsMatchTheSummaryTable() throws Exception {
        String md = Files.readString(out.resolve("summary.md"));
        Map<String, Map<String, String>> byBatch = new HashMap<>();
        for (Map<String, String> r : SweepTables.csv(bnsweep.util.fs.Location.of(out.resolve("summary.csv")))) if (r.get("bn").equals("sync")) byBatch.put(r.get("batch_size"), r);
        Pattern accuracy = Pattern.compile("- \\*\\*final accuracy\\.\\*\\* (?:\\*\\*)?At batch (\\d+) per worker.*?paired t p = ([0-9.eE-]+), adjusted p = ([0-9.eE-]+): "
                + "(significant|not significant) after Holm–Bonferroni correction");
        Matcher m = accuracy.matcher(md);
        int checked = 0;
        while (m.find()) {
            Map<String, String> row = byBatch.get(m.group(1));
            double p = Double.parseDouble(row.get("p_value_vs_none")), holm = Double.parseDouble(row.get("p_holm"));
            // the report prints p with 3 significant digits: half a unit of the third digit is 0.5% of p at most
            assertEquals(p, Double.parseDouble(m.group(2)), 5e-3 * p + 1e-12, "p-value at batch " + m.group(1));
            assertEquals(holm, Double.parseDouble(m.group(3)), 5e-3 * holm + 1e-12, "adjusted p at batch " + m.group(1));
            assertTrue(holm >= p, "an adjusted p is never smaller");
            assertEquals(holm < 0.05 ? "significant" : "not significant", m.group(4), "batch " + m.group(1));
            checked++;
        }
        assertEquals(2, checked, md);
        for (String line : md.split("\n")) {
            if (line.contains("significant") && !line.contains("final accuracy") && !line.contains("batch-size dependence")
                    && !line.startsWith("| series |") && !line.startsWith(ReportModel.FINDINGS_NOTE)) {
                throw new AssertionError("only the corrected family may speak of significance: " + line);
            }
        }
        assertTrue(md.indexOf("## Answer") > 0 && md.indexOf("## Answer") < md.indexOf("## Findings"), "the answer comes first");
        String answer = md.substring(md.indexOf("## Answer"), md.indexOf("## Findings"));
        assertTrue(answer.contains("BN (sync) minus no BN in mean test accuracy, by batch size per worker")
                && answer.contains("Significant after Holm–Bonferroni correction at"), answer);
        for (Map.Entry<String, Map<String, String>> e : byBatch.entrySet()) { // the answer's table: summary.csv's comparison, in points
            Map<String, String> r = e.getValue();
            double holm = Double.parseDouble(r.get("p_holm"));
            String row = String.format(java.util.Locale.ROOT, "| sync | %s | %+.2f | %+.2f to %+.2f | %.3g | %s |", e.getKey(),
                    100 * Double.parseDouble(r.get("test_acc_diff_vs_none")), 100 * Double.parseDouble(r.get("diff_ci_low")),
                    100 * Double.parseDouble(r.get("diff_ci_high")), holm, holm < 0.05 ? "yes" : "no");
            assertTrue(answer.contains(row), row + " in\n" + answer);
        }
        assertTrue(md.contains("| bn | batch | seeds | test acc |"));
        assertTrue(md.contains("## Background"));
    }

    @Test
    void theSettingSentenceSaysWhatWasTrained() throws Exception {
        com.fasterxml.jackson.databind.JsonNode sweep = bnsweep.util.AtomicFiles.JSON.readTree(
                "{\"dataset\":\"mnist\",\"hidden\":[300,100],\"workers\":2,\"sync\":\"gradients\",\"averaging-frequency\":5,"
                        + "\"epochs\":3,\"updater\":\"adam\",\"learning-rate\":0.001,\"lr-scaling\":\"none\",\"sweep.workers\":[1,2],"
                        + "\"sweep.bn\":[\"none\",\"sync\"],\"sweep.batch-sizes\":[32,64],\"sweep.seeds\":[1]}");
        assertEquals("Dataset mnist, hidden layers [300, 100], workers [1, 2] averaging gradients every step, 3 epochs, adam (learning"
                + " rate 0.001); BN modes [none, sync], batch sizes per worker [32, 64], seeds [1].", ReportWriter.setting(sweep));
    }

    @Test
    void verdictWording() {
        assertTrue(Findings.verdict(new double[] {1.1, 2.2, 3.3}, new double[] {1.0, 2.0, 3.0}).contains("(paired t p = 0.0742, uncorrected)"));
        assertTrue(Findings.verdict(new double[] {1}, new double[] {1}).contains("no paired test"));
    }
}
