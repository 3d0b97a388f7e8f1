package bnsweep.data;

import static org.apache.spark.sql.functions.col;

import bnsweep.util.fs.Location;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * data-prep for the user's own table ({@link TableSource}): reads and checks the training table
 * (and the validation and test tables, if given), indexes string labels (Spark ML's
 * {@code StringIndexer}, alphabetical order, recorded), holds out validation and test rows
 * stratified and seeded where no table gives them, fits the standardisation on the training rows
 * only (Spark ML's {@code StandardScaler}) and writes the splits and a manifest in the layout of
 * {@link PreparedDataset}, under DATA_DIR/table/&lt;name&gt;-&lt;hash of the settings&gt;/prepared.
 */
public final class TablePreparer {
    public static final StructType SCHEMA = new StructType()
            .add("index", DataTypes.IntegerType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("features", SQLDataTypes.VectorType(), false)
            .add("split", DataTypes.StringType, false);

    private final SparkSession spark;
    private final TableSource src;
    private final PrintStream log;

    public TablePreparer(SparkSession spark, TableSource src, PrintStream log) {
        this.spark = spark;
        this.src = src;
        this.log = log;
    }

    /** Where the table is prepared under DATA_DIR. */
    public static Location location(Location dataDir, TableSource src) {
        return dir(dataDir, src).resolve(PreparedDataset.DIR);
    }

    private static Location dir(Location dataDir, TableSource src) {
        return dataDir.resolve(DatasetKind.TABLE.id() + "/" + src.preparedName());
    }

    /**
     * The prepared table in {@code dataDir}: the one there when it was prepared with the same settings
     * from the same content ({@code contentSha256}, {@link TableSource#contentSha256()}), else prepared now.
     */
    public PreparedDataset prepare(Location dataDir, String contentSha256) {
        Location prepared = location(dataDir, src);
        if (PreparedDataset.isComplete(prepared) && PreparedDataset.damage(prepared) == null) {
            PreparedDataset existing = PreparedDataset.read(prepared);
            if (contentSha256.equals(existing.manifest().get("content_sha256")) && src.asMap().equals(existing.manifest().get("source"))) {
                log.println("the table is already prepared in " + prepared + " (same content and settings)");
                return existing;
            }
        }
        TableReader.Table train = TableReader.read(spark, src, TableSource.PATH_KEY, 0);
        TableScan scan = checked(train);
        if (!train.ignored().isEmpty()) log.println("not features (not numeric): " + String.join(", ", train.ignored()));
        int width = scan.width();
        Classes classes = Classes.of(train, scan, spark);
        Map<String, TableReader.Table> tables = new LinkedHashMap<>();
        tables.put("train", train);
        TableSource same = new TableSource(src.path(), src.format(), src.label(), train.features(), src.validationPath(), src.testPath(),
                src.validationFraction(), src.testFraction());
        for (Map.Entry<String, String> t : src.tables().entrySet()) {
            if (t.getKey().equals("train")) continue;
            TableReader.Table other = TableReader.read(spark, same, t.getValue(), 0);
            TableScan s = checked(other);
            if (s.width() != width && !(train.format() == TableFormat.LIBSVM && s.width() < width)) {
                throw new DataException(other.where(), "has " + s.width() + " features, the training table " + width
                        + ": a " + t.getKey() + " table must have the training table's width (" + t.getValue() + ")");
            }
            classes.check(other, s);
            if (train.format() == TableFormat.LIBSVM) other = TableReader.read(spark, same, t.getValue(), width);
            tables.put(t.getKey(), other);
        }
        log.printf("read %s: %d rows, %d features, %d classes%s%n", train.where(), scan.rows, width, classes.count(),
                classes.names() == null ? "" : " " + classes.names());
        return new TableSplits(spark, src, log).write(tables, classes, width, contentSha256, dir(dataDir, src));
    }

    /** The table's scan; a DataException naming the table and its setting when something is wrong with it. */
    private static TableScan checked(TableReader.Table t) {
        TableScan scan = TableScan.of(t.rows(), t.features().size());
        String problem = scan.problem(t.features(), t.rows().columns()[0], "numeric labels must be whole numbers from 0; give classes"
                + " as strings otherwise");
        if (problem != null) throw new DataException(t.where(), problem + " (" + t.key() + ")");
        return scan;
    }

    /**
     * The classes of the training table: K = the largest label + 1 for numbers, or the distinct
     * strings in alphabetical order (Spark ML's StringIndexer, which then indexes every table).
     */
    record Classes(int count, List<String> names, StringIndexerModel indexer) {
        static Classes of(TableReader.Table train, TableScan scan, SparkSession spark) {
            if (scan.labelCounts().size() < 2) {
                throw new DataException(train.where(), "has one class only (label " + scan.labelCounts().keySet().iterator().next()
                        + "): a classifier needs two or more (" + TableSource.PATH_KEY + ")");
            }
            if (!train.stringLabels()) {
                int k = (Integer) ((java.util.TreeMap<Object, Long>) scan.labelCounts()).lastKey() + 1;
                return new Classes(k, null, null);
            }
            String label = train.rows().columns()[0];
            StringIndexerModel indexer = new StringIndexer().setInputCol("label_value").setOutputCol("label_index")
                    .setStringOrderType("alphabetAsc").fit(train.rows().select(col("`" + label.replace("`", "``") + "`").as("label_value")));
            return new Classes(indexer.labelsArray()[0].length, Arrays.asList(indexer.labelsArray()[0]), indexer);
        }

        /** Refuses a validation or test table with a label the training table does not have. */
        void check(TableReader.Table other, TableScan scan) {
            for (Object label : scan.labelCounts().keySet()) {
                boolean known = names == null ? label instanceof Integer i && i < count : names.contains(String.valueOf(label));
                if (!known) {
                    throw new DataException(other.where(), "has label " + label + ", which the training table does not have ("
                            + (names == null ? "classes 0.." + (count - 1) : "classes " + names) + "): its classes differ (" + other.key() + ")");
                }
            }
        }

        /** The table as (label as an int 0..K−1, features as one vector). */
        Dataset<Row> encode(TableReader.Table t) {
            // plain names for Spark ML's transformers (a column name with a dot would read as a field of a struct)
            String[] columns = t.rows().columns();
            List<org.apache.spark.sql.Column> plain = new ArrayList<>();
            String[] inputs = new String[columns.length - 1];
            for (int j = 0; j < columns.length; j++) {
                String name = j == 0 ? "label_value" : (inputs[j - 1] = "f" + (j - 1));
                plain.add(col("`" + columns[j].replace("`", "``") + "`").as(name));
            }
            Dataset<Row> rows = t.rows().select(plain.toArray(org.apache.spark.sql.Column[]::new));
            rows = indexer == null ? rows.withColumn("label_index", col("label_value"))
                    : indexer.transform(rows);
            Dataset<Row> vectors = inputs.length == 1 && rows.schema().apply(inputs[0]).dataType().equals(SQLDataTypes.VectorType())
                    ? rows.withColumn("features_vector", col(inputs[0]))
                    : new VectorAssembler().setInputCols(inputs).setOutputCol("features_vector").setHandleInvalid("error").transform(rows);
            return vectors.select(col("label_index").cast("int").as("label"), col("features_vector").as("features"))
                    .persist(StorageLevel.MEMORY_AND_DISK());
        }
    }
}
