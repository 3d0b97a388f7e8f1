package bnsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.testutil.SparkTestSupport;
import bnsweep.testutil.TableFiles;
import bnsweep.util.fs.Location;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's own table, prepared: width and classes from the data, held-out splits stratified,
 * standardisation fitted on the training rows only (checked against the values computed here by
 * hand), string labels indexed alphabetically, and every bad table refused in one line that names
 * the table and what is wrong, with nothing prepared.
 */
class TablePreparerTest {
    @TempDir
    Path tmp;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    static TableSource source(Path table) {
        return new TableSource(table.toString(), TableFormat.AUTO, "label", List.of(), "", "", 0.1, 0.2);
    }

    static TableSource with(TableSource s, String label, List<String> features, String validationPath, String testPath) {
        return new TableSource(s.path(), s.format(), label, features, validationPath, testPath, s.validationFraction(), s.testFraction());
    }

    PreparedDataset prepare(TableSource s) {
        return new TablePreparer(SparkTestSupport.spark(), s, new PrintStream(printed, true)).prepare(Location.of(tmp.resolve("data")),
                s.contentSha256());
    }

    List<Row> rows(PreparedDataset d, String split) {
        List<Row> r = new ArrayList<>(d.split(SparkTestSupport.spark(), split).collectAsList());
        r.sort((a, b) -> Integer.compare(a.getInt(0), b.getInt(0)));
        return r;
    }

    @Test
    void aCsvTableIsPreparedWithStratifiedHeldOutSplitsAndTrainOnlyStandardisation() {
        Path csv = TableFiles.csv(tmp.resolve("churn.csv"), 300, 4, 3, 1);
        PreparedDataset d = prepare(source(csv));
        assertEquals(new DataShape(4, 3), d.shape());
        assertEquals(List.of("x0", "x1", "x2", "x3"), d.manifest().get("features"), "the string column id is not a feature");
        assertTrue(printed.toString().contains("not features (not numeric): id (string)"), printed.toString());
        assertEquals(Map.of("train", 210, "val", 30, "test", 60), d.manifest().get("counts"));
        @SuppressWarnings("unchecked") Map<String, List<Integer>> classes = (Map<String, List<Integer>>) d.manifest().get("class_counts");
        assertEquals(List.of(20, 20, 20), classes.get("test"), "stratified: every class keeps its share");
        assertEquals(List.of(10, 10, 10), classes.get("val"));

        // the values as the generator wrote them, by row (index = position in the file)
        Random rng = new Random(1);
        double[][] x = new double[300][];
        for (int i = 0; i < 300; i++) x[i] = Arrays.stream(TableFiles.features(i, 4, 3, rng)).map(v -> Double.parseDouble(String.format(java.util.Locale.ROOT, "%.5f", v))).toArray();
        List<Row> train = rows(d, "train");
        double[] mean = new double[4], ss = new double[4];
        for (Row r : train) {
            Vector v = (Vector) r.get(2);
            assertArrayEquals(x[r.getInt(0)], v.toArray(), 1e-12, "the prepared features are the table's values");
            assertEquals(r.getInt(0) % 3, r.getInt(1), "label");
            for (int j = 0; j < 4; j++) mean[j] += x[r.getInt(0)][j] / train.size();
        }
        for (Row r : train) for (int j = 0; j < 4; j++) ss[j] += Math.pow(x[r.getInt(0)][j] - mean[j], 2);
        assertArrayEquals(mean, d.normalization().mean(), 1e-9, "mean over the training rows only");
        assertArrayEquals(Arrays.stream(ss).map(s -> Math.sqrt(s / (train.size() - 1))).toArray(), d.normalization().std(), 1e-9,
                "sample std over the training rows only");
        assertEquals(source(csv).contentSha256(), d.contentSha256());
    }

    @Test
    void stringLabelsAreIndexedAlphabeticallyAndRecorded() {
        Path csv = TableFiles.csv(tmp.resolve("labels.csv"), 90, 3, 3, 2, "yes", "no", "maybe");
        PreparedDataset d = prepare(source(csv));
        assertEquals(List.of("maybe", "no", "yes"), d.manifest().get("label_names"));
        int[] expected = {2, 1, 0}; // yes, no, maybe by position in the alphabet
        for (String split : PreparedDataset.SPLITS) for (Row r : rows(d, split)) assertEquals(expected[r.getInt(0) % 3], r.getInt(1));
    }

    @Test
    void aParquetVectorTableWithItsOwnTestTable() {
        Path train = TableFiles.parquetVectors(tmp.resolve("train.parquet"), 200, 5, 4, 3, true);
        Path test = TableFiles.parquetVectors(tmp.resolve("test.parquet"), 40, 5, 4, 4, false);
        PreparedDataset d = prepare(with(source(train), "label", List.of(), "", test.toString()));
        assertEquals(new DataShape(5, 4), d.shape());
        assertEquals(Map.of("train", 180, "val", 20, "test", 40), d.manifest().get("counts"));
        assertEquals(40, rows(d, "test").size());
        assertEquals(200, rows(d, "test").get(0).getInt(0), "test rows are numbered after the training table's");
    }

    @Test
    void aLibsvmTestTableWithFewerNonZeroFeaturesTakesTheTrainingWidth() {
        Path train = TableFiles.libsvm(tmp.resolve("train.libsvm"), 120, 6, 2, 5);
        Path test = TableFiles.write(tmp.resolve("test.svm"), List.of("0 1:3.0 2:0.5", "1 2:3.1", "1 1:0.2 2:2.9", "0 1:2.5"));
        PreparedDataset d = prepare(with(source(train), "label", List.of(), "", test.toString()));
        assertEquals(new DataShape(6, 2), d.shape());
        for (Row r : rows(d, "test")) assertEquals(6, ((Vector) r.get(2)).size());
        assertEquals(Map.of("train", 108, "val", 12, "test", 4), d.manifest().get("counts"));
    }

    @Test
    void anUnchangedTableIsPreparedOnceAndAChangedOneAgain() throws Exception {
        Path csv = TableFiles.csv(tmp.resolve("t.csv"), 60, 2, 2, 6);
        String first = prepare(source(csv)).contentSha256();
        prepare(source(csv));
        assertTrue(printed.toString().contains("the table is already prepared"), printed.toString());
        Files.writeString(csv, "r60,0.5,0.5,1\n", java.nio.file.StandardOpenOption.APPEND);
        PreparedDataset again = prepare(source(csv));
        assertFalse(first.equals(again.contentSha256()));
        assertEquals(61, again.count("train") + again.count("val") + again.count("test"));
    }

    /** Each bad table: one line naming the table and what is wrong; nothing prepared. */
    @Test
    void badTablesAreRefusedInOneLineWithNothingPrepared() {
        Path good = TableFiles.csv(tmp.resolve("good.csv"), 60, 3, 3, 7);
        refused(source(tmp.resolve("missing.csv")), "missing.csv: no such file or directory (table.path)");
        refused(source(TableFiles.write(tmp.resolve("table.txt"), List.of("a,b"))), "cannot tell its format from its name");
        refused(with(source(good), "target", List.of(), "", ""), "no column 'target' for the label (table.label); its columns: id (string),"
                + " x0 (double), x1 (double), x2 (double), label (int)");
        refused(with(source(good), "label", List.of("x0", "nope"), "", ""), "no column 'nope' for a feature (table.features)");
        refused(with(source(good), "label", List.of("id"), "", ""), "column 'id' is string, not numeric");
        List<String> nan = new ArrayList<>(List.of("x0,x1,x2,label"));
        for (int i = 0; i < 30; i++) nan.add((i % 3) + "," + (i < 3 ? "NaN" : "1.0") + "," + (i >= 28 ? "" : "2") + "," + (i % 3));
        refused(source(TableFiles.write(tmp.resolve("nan.csv"), nan)), "5 of 30 rows have missing, NaN or infinite feature values:"
                + " column 'x1' in 3 rows, column 'x2' in 2 rows (table.path)");
        refused(source(TableFiles.write(tmp.resolve("one.csv"), List.of("x,label", "1,1", "2,1", "3,1"))), "has one class only (label 1)");
        refused(source(TableFiles.write(tmp.resolve("tiny.csv"), List.of("x,label", "1,0", "2,1", "3,0", "4,1"))),
                "holding out table.validation-fraction = 0.1 of its 4 rows for the val split leaves that split empty");
        refused(source(TableFiles.write(tmp.resolve("neg.csv"), List.of("x,label", "1,0", "2,1", "3,-1"))),
                "1 of 3 rows have a label that is not a class index 0..K−1 (column 'label', e.g. -1)");
        refused(source(TableFiles.write(tmp.resolve("frac.csv"), List.of("x,label", "1,0", "2,1.5", "3,1"))), "e.g. 1.5");
        Path narrow = TableFiles.csv(tmp.resolve("narrow.csv"), 20, 2, 3, 8);
        refused(with(source(good), "label", List.of(), "", narrow.toString()), "narrow.csv: no column 'x2' for a feature (table.features)");
        Path vectors = TableFiles.parquetVectors(tmp.resolve("v.parquet"), 60, 5, 3, 9, false);
        Path vectors4 = TableFiles.parquetVectors(tmp.resolve("v4.parquet"), 20, 4, 3, 9, false);
        refused(with(source(vectors), "label", List.of(), "", vectors4.toString()), "has 4 features, the training table 5");
        Path fiveClasses = TableFiles.csv(tmp.resolve("five.csv"), 20, 3, 5, 10);
        refused(with(source(good), "label", List.of(), "", fiveClasses.toString()), "has label 3, which the training table does not have"
                + " (classes 0..2): its classes differ (table.test-path)");
    }

    void refused(TableSource s, String expected) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> prepare(s));
        assertTrue(e instanceof DataException || e instanceof IllegalArgumentException, e.toString());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("data/table/" + s.preparedName() + "/prepared")), "nothing prepared: " + s);
    }
}
