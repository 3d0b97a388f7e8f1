package bnsweep.engine.collective;

import bnsweep.config.PortRange;
import java.net.BindException;
import java.util.List;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.server.TransportServer;
import org.apache.spark.network.server.TransportServerBootstrap;

/** Starts a server of Spark's transport on the first free port of a range, as Spark does with spark.port.maxRetries. */
final class Listener {
    private Listener() {}

    static TransportServer start(TransportContext context, String bindHost, PortRange ports, List<TransportServerBootstrap> bootstraps,
                                 String what) {
        if (ports.any()) return bind(context, bindHost, 0, bootstraps, what);
        for (int port = ports.from(); ; port++) {
            try {
                return bind(context, bindHost, port, bootstraps, what);
            } catch (CollectiveException e) {
                if (!(e.getCause() instanceof BindException) || port == ports.to()) {
                    throw new CollectiveException(what + " found no free port in " + ports + " on " + bindHost + " (collective-ports)", e);
                }
            }
        }
    }

    private static TransportServer bind(TransportContext context, String bindHost, int port, List<TransportServerBootstrap> bootstraps,
                                        String what) {
        try {
            return context.createServer(bindHost, port, bootstraps);
        } catch (Exception e) { // Netty throws BindException without declaring it
            throw new CollectiveException(what + " cannot listen on " + bindHost + ":" + port + " (" + e.getMessage() + ")", e);
        }
    }
}
