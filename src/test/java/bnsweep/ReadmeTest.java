package bnsweep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.bn.BnTexts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README says what the code says: every paragraph of BnTexts appears in "BN modes" word for word,
 * and the settings table has one row per declared setting, as the declaration renders it.
 */
class ReadmeTest {
    static String collapsed(String s) {
        return s.replaceAll("\\s+", " ").replace("\n- ", " ");
    }

    @Test
    void readmeHoldsTheBnTextsOfTheCode() throws Exception {
        String readme = collapsed(Files.readString(Path.of("README.md")).replaceAll("(?m)^\\s*- ", " "));
        for (String paragraph : BnTexts.background()) {
            assertTrue(readme.contains(collapsed(paragraph)), "README.md lacks: " + paragraph);
        }
    }

    @Test
    void readmeTableHoldsEveryDeclaredSetting() throws Exception {
        java.util.List<String> lines = Files.readAllLines(Path.of("README.md"));
        java.util.List<bnsweep.run.Setting<?>> all = new java.util.ArrayList<>(bnsweep.run.TrainKeys.ALL);
        all.addAll(bnsweep.sweep.SweepSettings.KEYS);
        for (bnsweep.run.Setting<?> s : all) assertTrue(lines.contains(s.markdownRow()), "README.md lacks the row: " + s.markdownRow());
        int header = lines.indexOf("| key | default | meaning |");
        long rows = lines.stream().skip(header + 2).takeWhile(l -> l.startsWith("|")).count();
        org.junit.jupiter.api.Assertions.assertEquals(all.size(), rows, "README.md has settings rows the code does not declare");
    }
}
