package bnsweep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.bn.BnTexts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's "BN modes" says what the code says: every paragraph of BnTexts appears in it word for word. */
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
}
