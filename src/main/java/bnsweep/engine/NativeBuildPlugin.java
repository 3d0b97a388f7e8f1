package bnsweep.engine;

import bnsweep.util.NativeBuild;
import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark plugin (spark.plugins, set by bnsweep): when an executor starts, before any task loads
 * ND4J, it picks the executor's ND4J native build from the executor's CPU and loads it
 * ({@link NativeBuild#load}). An executor that cannot run ND4J logs one line saying why and fails
 * to start, rather than crashing in its first task.
 */
public final class NativeBuildPlugin implements SparkPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(NativeBuildPlugin.class);

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                try {
                    LOG.info("executor {}: {}", ctx.executorID(), NativeBuild.load());
                } catch (NativeBuild.Unavailable e) {
                    LOG.error("executor {} on {}: {}", ctx.executorID(), ctx.hostname(), e.getMessage());
                    throw e;
                }
            }
        };
    }
}
