package bnsweep.bn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** bnsweep's BN layer inside a DL4J network, against DL4J's own BatchNormalization. */
class BatchNormLayerTest {
    static final int FEATURES = 10, BATCH = 16, STEPS = 20;

    static NetworkSpec spec(String updater) {
        return new NetworkSpec(FEATURES, 5, new int[] {12, 7}, bnsweep.model.Activation.RELU, true,
                new UpdaterSpec(updater, updater.equals("adam") ? 1e-2 : 0.05, 0.9), 4);
    }

    static DataSet batch(int step) {
        Random r = new Random(100 + step);
        float[] x = new float[BATCH * FEATURES], y = new float[BATCH * 5];
        for (int i = 0; i < BATCH; i++) {
            int c = r.nextInt(5);
            y[i * 5 + c] = 1;
            for (int j = 0; j < FEATURES; j++) x[i * FEATURES + j] = (float) (r.nextGaussian() * (1 + j % 3) + c * 0.5 + 2);
        }
        return new DataSet(Nd4j.createFromArray(x).reshape(BATCH, FEATURES), Nd4j.createFromArray(y).reshape(BATCH, 5));
    }

    static float[] train(MultiLayerNetwork net) {
        for (int step = 0; step < STEPS; step++) net.fit(batch(step));
        return net.params().toFloatVector();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "adam"})
    void localModeTrainsLikeDl4jsBatchNormalization(String updater) {
        float[] dl4j = train(NetworkFactory.initialise(spec(updater)));
        float[] ours = train(NetworkFactory.initialise(spec(updater), f -> BatchNorm.of(f, BnMode.LOCAL, 0)));
        float[] start = NetworkFactory.initialise(spec(updater)).params().toFloatVector();
        double maxDiff = 0, moved = 0;
        for (int i = 0; i < dl4j.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ours[i] - dl4j[i]));
            moved = Math.max(moved, Math.abs(dl4j[i] - start[i]));
        }
        assertTrue(moved > 1e-2, "training must move the parameters (moved " + moved + ")");
        // the parameters include the running mean and log10(std): those are compared too. Our layer
        // computes in double, DL4J's in float: what differs after 20 steps is float rounding
        assertTrue(maxDiff <= 1e-5, "max |ours - DL4J| = " + maxDiff);
    }

    @Test
    void ghostBatchOfTheWholeMinibatchIsLocalBn() {
        float[] local = train(NetworkFactory.initialise(spec("adam"), f -> BatchNorm.of(f, BnMode.LOCAL, 0)));
        float[] ghost = train(NetworkFactory.initialise(spec("adam"), f -> BatchNorm.of(f, BnMode.GHOST, BATCH)));
        assertArrayEquals(local, ghost);
        float[] half = train(NetworkFactory.initialise(spec("adam"), f -> BatchNorm.of(f, BnMode.GHOST, BATCH / 2)));
        assertTrue(!Arrays.equals(local, half), "ghost batches of b/2 normalise differently");
    }

    @Test
    void configurationSurvivesJson() {
        MultiLayerConfiguration c = NetworkFactory.configuration(spec("adam"), f -> BatchNorm.of(f, BnMode.GHOST, 4));
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(c.toJson());
        BatchNorm l = (BatchNorm) back.getConf(1).getLayer();
        assertEquals(4, l.getGhostBatch());
        assertEquals(c, back);
        MultiLayerNetwork net = new MultiLayerNetwork(back);
        net.init();
        assertTrue(net.getLayer(1) instanceof BatchNormLayer);
        assertEquals(NetworkFactory.initialise(spec("adam")).numParams(), net.numParams(), "DL4J's parameter layout");
    }
}
