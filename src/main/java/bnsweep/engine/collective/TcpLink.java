package bnsweep.engine.collective;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.util.TransportConf;

/**
 * A worker's TCP connection to the hub on Spark's transport. The request buffer is direct and
 * reused (a reply proves the request was sent), and a reply is decoded straight into the caller's
 * array, so a call copies its payload as few times as the transport allows.
 */
final class TcpLink implements Link {
    private final Ticket ticket;
    private final int rank;
    private final TransportContext context;
    private final TransportClientFactory factory;
    private final TransportClient client;
    private ByteBuffer request;

    TcpLink(Ticket ticket, int rank, SparkConf sparkConf) {
        this.ticket = ticket;
        this.rank = rank;
        TransportConf conf = Transport.conf(sparkConf, ticket.timeoutMillis() + 2 * CollectiveClient.HUB_GRACE_MILLIS);
        this.context = Transport.context(conf, null);
        this.factory = context.createClientFactory(Transport.clientBootstraps(sparkConf, conf));
        TransportClient c = null;
        try {
            c = factory.createClient(ticket.host(), ticket.port());
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            close();
            throw new CollectiveException("worker " + rank + " cannot reach the collective hub at " + where() + " (" + e.getMessage() + ")", e);
        }
        this.client = c;
    }

    private String where() {
        return ticket.host() + ":" + ticket.port();
    }

    @Override
    public Result call(Contribution c, long waitMillis) {
        request = Wire.request(c, request);
        CompletableFuture<Result> reply = new CompletableFuture<>();
        client.sendRpc(request, new RpcResponseCallback() {
            @Override
            public void onSuccess(ByteBuffer response) {
                try {
                    reply.complete(Wire.result(response, c));
                } catch (RuntimeException e) {
                    reply.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Throwable e) {
                reply.completeExceptionally(e);
            }
        });
        try {
            return reply.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CollectiveException("worker " + rank + ": no answer from the collective hub at " + where() + " within "
                    + waitMillis / 1000 + " s (" + Wire.opName(c.op()) + " call " + c.seq() + ")", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CollectiveException ce) throw ce;
            throw new CollectiveException("worker " + rank + ": " + Wire.opName(c.op()) + " call " + c.seq() + " to " + where()
                    + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectiveException("worker " + rank + ": interrupted in " + Wire.opName(c.op()) + " call " + c.seq(), e);
        }
    }

    @Override
    public void note(Contribution c) {
        client.sendRpc(Wire.request(c, null), new RpcResponseCallback() {
            @Override
            public void onSuccess(ByteBuffer response) {
                // a note is answered at once and needs nothing back
            }

            @Override
            public void onFailure(Throwable e) {
                // a lost note only delays the driver's progress line; a lost hub fails the next wait
            }
        });
    }

    @Override
    public void close() {
        if (client != null) client.close();
        if (factory != null) factory.close();
        context.close();
    }
}
