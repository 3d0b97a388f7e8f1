package bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.report.ReportDocument.Figure;
import bnsweep.report.ReportDocument.Group;
import bnsweep.report.ReportDocument.Item;
import bnsweep.report.ReportDocument.Row;
import bnsweep.report.ReportDocument.Section;
import bnsweep.report.ReportDocument.Table;
import bnsweep.report.ReportDocument.View;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    static final ReportDocument DOC = new ReportDocument("a<b & \"c\"", "Dataset table x<y.csv.", List.of(
            Section.of("Answer").table(new Table(List.of("series", "p < q"), List.of(Row.of(List.of("sync", "0.01"), true),
                    Row.of(List.of("local", "<0.5>"), false)))).items(List.of(new Item(null, "BN & none", true))),
            Section.of("Findings").notes(List.of("adjusted p < 0.05")).groups(List.of(new Group("batch 32",
                    List.of(new Item("final accuracy", "x > y", false), new Item("speed", "1 < 2", true))))),
            Section.of("Charts").views(List.of(new View("v1", null, List.of(), "v1: not drawn: none <here>"),
                    new View("v2", "Loss", List.of(new Figure("Loss, batch 32", "data:image/png;base64,AAA=")), "")), true),
            Section.of("Run manifest").pre("{\"status\" : \"complete\"}")));

    @Test
    void htmlEscapesEveryValueAndIsWellFormed() throws Exception {
        String html = Templates.html(DOC);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8))); // throws if a value broke the markup
        assertTrue(html.contains("<title>bnsweep report: a&lt;b &amp; &quot;c&quot;</title>"), html);
        assertTrue(html.contains("<tr class=\"sig\"><td class=\"l\">sync</td><td>0.01</td></tr>"), html);
        assertTrue(html.contains("<tr><td class=\"l\">local</td><td>&lt;0.5&gt;</td></tr>"), html);
        assertTrue(html.contains("<li class=\"sig\"><b>speed.</b> 1 &lt; 2</li>"), html);
        assertTrue(html.contains("<li><b>final accuracy.</b> x &gt; y</li>"), html);
        assertTrue(html.contains("<p>v1: not drawn: none &lt;here&gt;</p>"), html);
        assertTrue(html.contains("<h3>Loss</h3>"), "small multiples have their caption");
        assertEquals(1, html.split("<h3>", -1).length - 2, "one caption and one findings group: a view without a caption gets none");
        assertTrue(html.contains("&quot;status&quot; : &quot;complete&quot;"));
    }

    @Test
    void markdownHasTheSameTextWithoutChartsOrManifest() {
        String md = Templates.markdown(DOC);
        assertTrue(md.startsWith("# bnsweep: a<b & \"c\"\n\nDataset table x<y.csv.\n\n## Answer\n\n| series | p < q |\n|---|---:|\n"
                + "| sync | 0.01 |\n| local | <0.5> |\n\n- **BN & none**\n\n## Findings\n\nadjusted p < 0.05\n\n### batch 32\n\n"
                + "- **final accuracy.** x > y\n- **speed.** **1 < 2**\n"), md);
        assertFalse(md.contains("## Charts") || md.contains("Run manifest") || md.contains("data:image"), md);
    }
}
