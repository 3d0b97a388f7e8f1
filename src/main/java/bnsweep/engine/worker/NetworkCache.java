package bnsweep.engine.worker;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Executor-side: one network object per (run, shard), with bnsweep's training step and inference
 * pass for it, reused across rounds and epochs so that a task only loads parameters instead of
 * building them. Holds the runs this JVM works for at once (a sweep trains several configurations
 * side by side), at most {@value #MAX_RUNS}, the least recently used dropped first; a run's are
 * dropped by {@link #release}. Nothing but the loaded state is ever read from a network.
 */
public final class NetworkCache {
    static final int MAX_RUNS = 8;

    /** A cached network, its training step and inference pass (made on first use; empty where they do not cover the network). */
    static final class Entry {
        final MultiLayerNetwork net;
        private Optional<DenseStep> step;
        private Optional<DenseInference> inference;

        Entry(MultiLayerNetwork net) {
            this.net = net;
        }

        /** bnsweep's step for minibatches of {@code batch}, or null when it does not cover the network. */
        synchronized DenseStep step(int batch) {
            if (step == null || step.isPresent() && step.get().batch() != batch) step = Optional.ofNullable(DenseStep.of(net, batch));
            return step.orElse(null);
        }

        /** bnsweep's inference pass for chunks of up to {@code rows}, or null when it does not cover the network. */
        synchronized DenseInference inference(int rows) {
            if (inference == null) inference = Optional.ofNullable(DenseInference.of(net, rows));
            return inference.orElse(null);
        }
    }

    private static final Map<String, Map<Integer, Entry>> RUNS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<Integer, Entry>> eldest) {
            return size() > MAX_RUNS;
        }
    };

    private NetworkCache() {}

    static synchronized Entry get(String runKey, int shard, String configJson) {
        return RUNS.computeIfAbsent(runKey, k -> new HashMap<>()).computeIfAbsent(shard, k -> {
            MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configJson));
            net.init();
            return new Entry(net);
        });
    }

    public static synchronized void release(String runKey) {
        RUNS.remove(runKey);
    }
}
