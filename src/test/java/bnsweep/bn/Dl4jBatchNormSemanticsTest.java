package bnsweep.bn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Pins down what DL4J 1.0.0-M2.1 means by a BatchNormalization layer's "mean" and "log10stdev"
 * parameters, which bnsweep's BN layer writes the same way. With v = 10^(2 log10stdev) the running variance:
 * inference computes (x - mean) / sqrt(v + eps), and one training step updates
 * mean <- decay mean + (1-decay) batchMean and v <- decay v + (1-decay) batchVar (biased batch
 * variance), i.e. an exponential moving average in variance space, stored as log10(sqrt(v)).
 */
class Dl4jBatchNormSemanticsTest {
    @Test
    void runningStatisticsParameterisation() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).updater(new Sgd(0.0)).list()
                .layer(new BatchNormalization.Builder().nIn(3).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(3).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray mean0 = Nd4j.createFromArray(0.5f, -1f, 2f), logStd0 = Nd4j.createFromArray(0.1f, -0.2f, 0.3f);
        net.getLayer(0).setParam("mean", mean0.reshape(1, 3));
        net.getLayer(0).setParam("log10stdev", logStd0.reshape(1, 3));
        double eps = ((BatchNormalization) conf.getConf(0).getLayer()).getEps();
        double decay = ((BatchNormalization) conf.getConf(0).getLayer()).getDecay();

        INDArray x = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {3, -2, 0}, {0.5f, 4, 1}, {2, 0, 7}});
        // inference: gamma = 1, beta = 0
        INDArray bnOut = net.feedForwardToLayer(0, x, false).get(1);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                double expected = (x.getDouble(i, j) - mean0.getDouble(j)) / Math.sqrt(Math.pow(10, 2 * logStd0.getDouble(j)) + eps);
                assertEquals(expected, bnOut.getDouble(i, j), 2e-6 * Math.abs(expected) + 1e-6);
            }
        }
        net.fit(new DataSet(x, Nd4j.zeros(DataType.FLOAT, 4, 3)));
        INDArray mean1 = net.getLayer(0).getParam("mean"), logStd1 = net.getLayer(0).getParam("log10stdev");
        for (int j = 0; j < 3; j++) {
            double bm = x.getColumn(j).meanNumber().doubleValue();
            double bv = x.getColumn(j).varNumber().doubleValue() * 3 / 4; // biased
            assertEquals(mean0.getDouble(j) + (1 - decay) * (bm - mean0.getDouble(j)), mean1.getDouble(j), 1e-5);
            double var0 = Math.pow(10, 2 * logStd0.getDouble(j));
            double var1 = decay * var0 + (1 - decay) * bv;
            assertEquals(0.5 * Math.log10(var1), logStd1.getDouble(j), 1e-6);
        }
    }
}
