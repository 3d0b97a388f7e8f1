package bnsweep.ml;

import bnsweep.data.DataShape;
import bnsweep.util.NdArrays;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained {@link BnMlpClassifier}: the network's configuration and parameters (BN with the
 * inference statistics bnsweep evaluates with by default). {@code rawPrediction} is the output
 * layer's logits (its input to the softmax), {@code probability} their softmax, as for Spark ML's
 * MultilayerPerceptronClassificationModel; {@code prediction} the most probable class (or as
 * {@code thresholds} say). Saves and loads as Spark ML models do (its Params' metadata, and its
 * weights beside them).
 */
public final class BnMlpClassificationModel extends ProbabilisticClassificationModel<Vector, BnMlpClassificationModel>
        implements MLWritable {
    private final String uid;
    private final SettingParams settings;
    private final String configJson;
    private final float[] weights;
    private final DataShape shape;
    /** One logits network per task thread (DL4J's networks are not thread-safe); built from the configuration on first use. */
    private transient ThreadLocal<MultiLayerNetwork> logits;

    BnMlpClassificationModel(String uid, String configJson, float[] weights, DataShape shape) {
        this(uid, Uid.constructing(uid), configJson, weights, shape);
    }

    private BnMlpClassificationModel(String uid, boolean constructing, String configJson, float[] weights, DataShape shape) {
        this.uid = uid;
        Uid.constructed();
        this.settings = new SettingParams(this, this::setDefault);
        this.configJson = configJson;
        this.weights = weights;
        this.shape = shape;
    }

    @Override
    public String uid() {
        return uid != null ? uid : Uid.current();
    }

    @Override
    public Param<?>[] params() {
        return BnMlpClassifier.merged(super.params(), settings == null ? new Param<?>[0] : settings.all());
    }

    @Override
    public int numClasses() {
        return shape.classes();
    }

    @Override
    public int numFeatures() {
        return shape.inputs();
    }

    /** The network's configuration (DL4J JSON) and parameters, as bnsweep's checkpoints hold them. */
    public String configJson() {
        return configJson;
    }

    public float[] weights() {
        return weights.clone();
    }

    @Override
    public Vector predictRaw(Vector features) {
        if (features.size() != shape.inputs()) {
            throw new IllegalArgumentException("a features vector of " + features.size() + " values; the model takes " + shape.inputs());
        }
        if (logits == null) logits = ThreadLocal.withInitial(this::logitsNetwork);
        float[] x = new float[shape.inputs()];
        double[] values = features.toArray();
        for (int j = 0; j < x.length; j++) x[j] = (float) values[j];
        INDArray out = logits.get().output(NdArrays.matrix(x, 1, x.length), false);
        float[] z = NdArrays.read(out);
        double[] raw = new double[z.length];
        for (int c = 0; c < z.length; c++) raw[c] = z[c];
        return Vectors.dense(raw);
    }

    /** The network with an identity in place of the output layer's softmax: its output is the logits. */
    private MultiLayerNetwork logitsNetwork() {
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(configJson);
        ((OutputLayer) conf.getConf(conf.getConfs().size() - 1).getLayer()).setActivationFn(new ActivationIdentity());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        NdArrays.write(weights, net.params());
        return net;
    }

    /** Softmax, in place, subtracting the largest logit first. */
    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        double[] v = ((DenseVector) raw).values();
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double z : v) max = Math.max(max, z);
        for (int c = 0; c < v.length; c++) sum += (v[c] = Math.exp(v[c] - max));
        for (int c = 0; c < v.length; c++) v[c] /= sum;
        return raw;
    }

    /** (Both of Spark's superclasses declare it; Java needs the choice spelled out: the probabilistic one's.) */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public BnMlpClassificationModel copy(ParamMap extra) {
        return copyValues(new BnMlpClassificationModel(uid, configJson, weights, shape), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelIO.Writer(this);
    }

    public static MLReader<BnMlpClassificationModel> read() {
        return new ModelIO.Reader();
    }

    public static BnMlpClassificationModel load(String path) {
        return read().load(path);
    }

    DataShape shape() {
        return shape;
    }
}
