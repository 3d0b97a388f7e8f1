package bnsweep.engine.collective;

import java.util.List;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.TransportClientBootstrap;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.crypto.AuthServerBootstrap;
import org.apache.spark.network.netty.SparkTransportConf;
import org.apache.spark.network.server.NoOpRpcHandler;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.TransportServerBootstrap;
import org.apache.spark.network.util.TransportConf;
import scala.Option;

/**
 * The collective runs on Spark's own transport (spark-network-common: Netty, framed messages, the
 * layer under Spark's block transfer and shuffle service), configured from the application's
 * SparkConf. With {@code spark.authenticate=true} both ends authenticate with the application's
 * secret (Spark's auth protocol, or SASL), and {@code spark.network.crypto.enabled} encrypts the
 * traffic, exactly as for Spark's own connections.
 */
final class Transport {
    static final String MODULE = "bnsweep";

    private Transport() {}

    /**
     * @param idleMillis how long a connection with an outstanding request may stay quiet before
     *                   Netty drops it: longer than the collective's own time-out, which must fire first
     */
    static TransportConf conf(SparkConf sparkConf, long idleMillis) {
        SparkConf c = sparkConf.clone();
        c.set("spark." + MODULE + ".io.connectionTimeout", idleMillis + "ms");
        c.set("spark." + MODULE + ".io.numConnectionsPerPeer", "1");
        return SparkTransportConf.fromSparkConf(c, MODULE, 2, Option.empty());
    }

    static TransportContext context(TransportConf conf, RpcHandler handler) {
        return new TransportContext(conf, handler == null ? new NoOpRpcHandler() : handler, false, handler == null);
    }

    static boolean authenticate(SparkConf conf) {
        return conf.getBoolean("spark.authenticate", false);
    }

    static List<TransportServerBootstrap> serverBootstraps(SparkConf sparkConf, TransportConf conf) {
        if (!authenticate(sparkConf)) return List.of();
        return List.of(new AuthServerBootstrap(conf, securityManager()));
    }

    static List<TransportClientBootstrap> clientBootstraps(SparkConf sparkConf, TransportConf conf) {
        if (!authenticate(sparkConf)) return List.of();
        return List.of(new AuthClientBootstrap(conf, sparkConf.getAppId(), securityManager()));
    }

    private static SecurityManager securityManager() {
        SparkEnv env = SparkEnv.get();
        if (env == null) throw new IllegalStateException("spark.authenticate is set but there is no SparkEnv to take the secret from");
        return env.securityManager();
    }
}
