package bnsweep.engine.worker;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Executor-side: one network object per (run, shard), reused across averaging rounds so that a
 * round only loads parameters instead of building a network. Holds a single run at a time; a new
 * run key drops the previous run's networks. Nothing but the loaded state is ever read from it.
 */
public final class NetworkCache {
    private static String run;
    private static final Map<Integer, MultiLayerNetwork> NETS = new HashMap<>();
    /** bnsweep's training step of each cached network (null where it does not cover the network). */
    private static final Map<Integer, java.util.Optional<DenseStep>> STEPS = new HashMap<>();
    /** The inference pass of each cached network (null where it does not cover the network). */
    private static final Map<Integer, java.util.Optional<DenseInference>> INFERENCE = new HashMap<>();

    private NetworkCache() {}

    public static synchronized MultiLayerNetwork get(String runKey, int shard, String configJson) {
        if (!runKey.equals(run)) {
            NETS.clear();
            STEPS.clear();
            INFERENCE.clear();
            run = runKey;
        }
        return NETS.computeIfAbsent(shard, k -> {
            MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configJson));
            net.init();
            return net;
        });
    }

    /** The training step of the cached network {@code net} of (run, shard) for minibatches of {@code batch}; null when it does not cover it. */
    static synchronized DenseStep step(String runKey, int shard, MultiLayerNetwork net, int batch) {
        if (!runKey.equals(run) || NETS.get(shard) != net) throw new IllegalStateException("not the cached network of shard " + shard);
        return STEPS.computeIfAbsent(shard, k -> java.util.Optional.ofNullable(DenseStep.of(net, batch)))
                .filter(s -> s.batch() == batch).orElse(null);
    }

    /** The inference pass of the cached network {@code net} of (run, shard), for chunks of {@code rows}; null when it does not cover it. */
    static synchronized DenseInference inference(String runKey, int shard, MultiLayerNetwork net, int rows) {
        if (!runKey.equals(run) || NETS.get(shard) != net) throw new IllegalStateException("not the cached network of shard " + shard);
        return INFERENCE.computeIfAbsent(shard, k -> java.util.Optional.ofNullable(DenseInference.of(net, rows))).orElse(null);
    }

    public static synchronized void release(String runKey) {
        if (runKey.equals(run)) {
            NETS.clear();
            STEPS.clear();
            INFERENCE.clear();
            run = null;
        }
    }
}
