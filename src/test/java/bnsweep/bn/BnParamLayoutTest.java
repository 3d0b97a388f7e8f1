package bnsweep.bn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.util.NdArrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class BnParamLayoutTest {
    @Test
    void findsEveryBnLayerAndWritesInDl4jsParameterisation() {
        MultiLayerNetwork net = NetworkFactory.initialise(new NetworkSpec(20, 10, new int[] {8, 6}, bnsweep.model.Activation.RELU, true,
                new UpdaterSpec("adam", 1e-3, 0.9), 1));
        BnParamLayout layout = BnParamLayout.of(net);
        assertEquals(2, layout.size());
        assertEquals(1, layout.layerIndex(0));
        assertEquals(4, layout.layerIndex(1));

        float[] params = NdArrays.read(net.params());
        double[] mean = {1, 2, 3, 4, 5, 6}, var = {0.01, 0.1, 1, 10, 100, 1000};
        layout.write(params, 1, mean, var);
        assertArrayEquals(mean, layout.mean(params, 1), 1e-6);
        assertArrayEquals(var, layout.variance(params, 1), 1e-4);
        NdArrays.write(params, net.params());
        for (int j = 0; j < 6; j++) {
            assertEquals(mean[j], net.getLayer(4).getParam("mean").getDouble(j), 1e-6);
            assertEquals(0.5 * Math.log10(var[j]), net.getLayer(4).getParam("log10stdev").getDouble(j), 1e-6);
        }
        assertEquals(0.0, net.getLayer(1).getParam("mean").sumNumber().doubleValue(), "layer 0's statistics untouched");
        assertEquals(0, BnParamLayout.of(NetworkFactory.initialise(new NetworkSpec(20, 10, new int[] {8}, bnsweep.model.Activation.RELU, false,
                new UpdaterSpec("adam", 1e-3, 0.9), 1))).size());
    }
}
