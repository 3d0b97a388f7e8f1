package bnsweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.bn.BnTexts;
import bnsweep.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs say what the code says: every paragraph of BnTexts appears in the design page's "BN
 * modes" word for word, the reference's settings table has one row per declared setting as the
 * declaration renders it, its output tables list every declared column, and every relative link of README.md and docs/ names a file and a heading
 * that exist.
 */
class DocsTest {
    static final Path REFERENCE = Path.of("docs/reference.md"), DESIGN = Path.of("docs/design.md");

    static String collapsed(String s) {
        return s.replaceAll("\\s+", " ").replace("\n- ", " ");
    }

    @Test
    void theDesignPageHoldsTheBnTextsOfTheCode() throws Exception {
        String design = collapsed(Files.readString(DESIGN).replaceAll("(?m)^\\s*- ", " "));
        for (String paragraph : BnTexts.background()) {
            assertTrue(design.contains(collapsed(paragraph)), DESIGN + " lacks: " + paragraph);
        }
    }

    @Test
    void theSettingsTableHoldsEveryDeclaredSetting() throws Exception {
        List<String> lines = Files.readAllLines(REFERENCE);
        List<Setting<?>> all = new ArrayList<>(bnsweep.config.TrainKeys.ALL);
        all.addAll(bnsweep.config.SweepSettings.KEYS);
        int header = lines.indexOf("| key | default | meaning |");
        long rows = lines.stream().skip(header + 2).takeWhile(l -> l.startsWith("|")).count();
        if (Boolean.getBoolean("docs.update")) { // the declarations' rows, in their order, replace the table's
            List<String> updated = new ArrayList<>(lines.subList(0, header + 2));
            all.forEach(s -> updated.add(s.markdownRow()));
            updated.addAll(lines.subList(header + 2 + (int) rows, lines.size()));
            Files.write(REFERENCE, updated);
            lines = updated;
            rows = all.size();
        }
        for (Setting<?> s : all) assertTrue(lines.contains(s.markdownRow()), REFERENCE + " lacks the row: " + s.markdownRow());
        assertEquals(all.size(), rows, REFERENCE + " has settings rows the code does not declare");
    }

    /** The reference's table of claims: a row per {@link bnsweep.config.Claim}, its id, statement and effect. */
    @Test
    void theClaimsTableHoldsEveryDeclaredClaim() throws Exception {
        List<String> lines = Files.readAllLines(REFERENCE);
        int header = lines.indexOf("| claim | statement | effect, per seed |");
        assertTrue(header >= 0, REFERENCE + " lacks the claims table");
        long rows = lines.stream().skip(header + 2).takeWhile(l -> l.startsWith("|")).count();
        List<String> expected = Stream.of(bnsweep.config.Claim.values())
                .map(c -> "| `" + c.id() + "` | " + c.statement() + " | " + c.effect() + " |").toList();
        if (Boolean.getBoolean("docs.update")) {
            List<String> updated = new ArrayList<>(lines.subList(0, header + 2));
            updated.addAll(expected);
            updated.addAll(lines.subList(header + 2 + (int) rows, lines.size()));
            Files.write(REFERENCE, updated);
            lines = updated;
        }
        assertEquals(expected, lines.subList(header + 2, header + 2 + expected.size()), REFERENCE + ": the claims table differs from Claim");
    }

    static final String TABLES_FROM = "<!-- output tables: generated from bnsweep.run.RunTables and bnsweep.sweep.SummaryTable;"
            + " DocsTest checks them -->", TABLES_TO = "<!-- end of output tables -->";

    /** The output contract's column tables as the declarations render them. */
    static String outputTables() {
        List<String> lines = new ArrayList<>();
        List<bnsweep.run.Table> tables = new ArrayList<>(bnsweep.run.RunTables.ALL);
        tables.add(bnsweep.sweep.SummaryTable.CSV);
        tables.add(bnsweep.sweep.TunedTable.CSV);
        tables.add(bnsweep.sweep.ClaimsTable.CSV);
        for (bnsweep.run.Table t : tables) {
            lines.add("");
            lines.addAll(t.markdown());
        }
        return String.join("\n", lines) + "\n";
    }

    /**
     * The reference's output tables are the declared columns, in order, with their meanings. Run with
     * {@code -Ddocs.update=true} to write them into docs/reference.md after changing a declaration.
     */
    @Test
    void theOutputContractListsEveryDeclaredColumn() throws Exception {
        String text = Files.readString(REFERENCE);
        int from = text.indexOf(TABLES_FROM), to = text.indexOf(TABLES_TO);
        assertTrue(from >= 0 && to > from, REFERENCE + " lacks the markers of the output tables");
        String expected = outputTables(), actual = text.substring(from + TABLES_FROM.length(), to);
        if (Boolean.getBoolean("docs.update") && !expected.equals(actual)) {
            Files.writeString(REFERENCE, text.substring(0, from + TABLES_FROM.length()) + expected + text.substring(to));
            actual = expected;
        }
        assertEquals(expected, actual, REFERENCE + ": the output tables differ from the declarations (rerun with -Ddocs.update=true)");
    }

    static final Pattern LINK = Pattern.compile("\\]\\(([^)#:\\s]*)(?:#([\\w-]+))?\\)");
    static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    /** GitHub's anchor of a heading: lower case, punctuation but hyphens dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }

    static Set<String> anchors(Path file) throws Exception {
        Set<String> a = new HashSet<>();
        Matcher m = HEADING.matcher(Files.readString(file));
        while (m.find()) a.add(anchor(m.group(1)));
        return a;
    }

    @Test
    void everyLinkOfTheDocsResolves() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        int links = 0;
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                Path target = m.group(1).isEmpty() ? page : page.toAbsolutePath().getParent().resolve(m.group(1)).normalize();
                assertTrue(Files.exists(target), page + " links to " + m.group(1) + ", which does not exist");
                if (m.group(2) != null) {
                    assertTrue(anchors(target).contains(m.group(2)), page + " links to #" + m.group(2) + " of " + target + ", which has no such heading");
                }
                links++;
            }
        }
        assertTrue(links > 10, "links found: " + links);
    }
}
