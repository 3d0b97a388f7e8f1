package bnsweep.ml;

import bnsweep.data.DataShape;
import java.util.List;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * How a {@link BnMlpClassificationModel} is saved, as Spark ML's own models are: PATH/metadata (its
 * class, uid and Params, written by Spark's DefaultParamsWriter) and PATH/data, one Parquet row:
 * the network's configuration (DL4J JSON), its parameters, its inputs and classes.
 */
final class ModelIO {
    static final StructType DATA = new StructType().add("config", DataTypes.StringType, false)
            .add("weights", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("inputs", DataTypes.IntegerType, false).add("classes", DataTypes.IntegerType, false);

    private ModelIO() {}

    static final class Writer extends MLWriter {
        private final BnMlpClassificationModel model;

        Writer(BnMlpClassificationModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
            Row row = RowFactory.create(model.configJson(), model.weights(), model.shape().inputs(), model.shape().classes());
            sparkSession().createDataFrame(List.of(row), DATA).repartition(1).write().parquet(path + "/data");
        }
    }

    static final class Reader extends MLReader<BnMlpClassificationModel> {
        @Override
        public BnMlpClassificationModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sc(), BnMlpClassificationModel.class.getName());
            Row row = sparkSession().read().parquet(path + "/data").head();
            List<Float> boxed = row.getList(1);
            float[] weights = new float[boxed.size()];
            for (int i = 0; i < weights.length; i++) weights[i] = boxed.get(i);
            BnMlpClassificationModel model = new BnMlpClassificationModel(metadata.uid(), row.getString(0), weights,
                    new DataShape(row.getInt(2), row.getInt(3)));
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
