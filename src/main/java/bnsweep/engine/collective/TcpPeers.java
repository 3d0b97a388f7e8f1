package bnsweep.engine.collective;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.util.TransportConf;

/**
 * Peers on other executors: a connection per peer on Spark's transport (made at the first send to it), each message an
 * RPC whose reply says it is in the receiver's mailbox. Sends do not wait; the replies are counted, and
 * {@link #close} waits for the last of them so that nothing sent is lost when the connections close.
 */
final class TcpPeers implements Peers {
    private final Ticket ticket;
    private final Mailbox own;
    private final String[] addresses;
    private final TransportContext context;
    private final TransportClientFactory factory;
    private final TransportClient[] clients;
    private int outstanding;

    /** @param addresses each worker's collective server, {@code host:port}, by rank */
    TcpPeers(Ticket ticket, Mailbox own, String[] addresses, SparkConf sparkConf) {
        this.ticket = ticket;
        this.own = own;
        this.addresses = addresses;
        TransportConf conf = Transport.conf(sparkConf, ticket.timeoutMillis() + 2 * CollectiveClient.HUB_GRACE_MILLIS);
        this.context = Transport.context(conf, null);
        this.factory = context.createClientFactory(Transport.clientBootstraps(sparkConf, conf));
        this.clients = new TransportClient[ticket.world()];
    }

    private TransportClient client(int to) {
        if (clients[to] == null || !clients[to].isActive()) {
            int colon = addresses[to].lastIndexOf(':');
            try {
                clients[to] = factory.createClient(addresses[to].substring(0, colon), Integer.parseInt(addresses[to].substring(colon + 1)));
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                throw new CollectiveException("worker " + own.rank() + " cannot reach worker " + to + "'s collective server at " + addresses[to]
                        + " (" + e.getMessage() + "; are collective-ports open between the executors?)", e);
            }
        }
        return clients[to];
    }

    @Override
    public void floats(int to, long seq, int tag, long callSize, float[] data, int offset, int length) {
        send(to, PeerWire.floats(ticket, own.rank(), to, seq, tag, callSize, data, offset, length));
    }

    @Override
    public void blocks(int to, long seq, int tag, long callSize, byte[][] blocks) {
        send(to, PeerWire.blocks(ticket, own.rank(), to, seq, tag, callSize, blocks));
    }

    private void send(int to, ByteBuffer message) {
        TransportClient c = client(to);
        synchronized (this) {
            outstanding++;
        }
        c.sendRpc(message, new RpcResponseCallback() {
            @Override
            public void onSuccess(ByteBuffer reply) {
                String refusal = PeerWire.refusal(reply);
                if (refusal != null) own.fail("worker " + to + " (" + addresses[to] + ") refused worker " + own.rank() + "'s message: " + refusal);
                delivered();
            }

            @Override
            public void onFailure(Throwable e) {
                own.fail("worker " + own.rank() + " could not send to worker " + to + " (" + addresses[to] + "): " + e.getMessage());
                delivered();
            }
        });
    }

    private synchronized void delivered() {
        outstanding--;
        notifyAll();
    }

    @Override
    public int segmentFloats() {
        return Ring.SEGMENT_FLOATS;
    }

    @Override
    public String where(int rank) {
        return addresses[rank];
    }

    @Override
    public void close() {
        long deadline = System.currentTimeMillis() + ticket.timeoutMillis();
        synchronized (this) {
            while (outstanding > 0 && own.failure() == null && System.currentTimeMillis() < deadline) {
                try {
                    wait(Mailbox.POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (TransportClient c : clients) if (c != null) c.close();
        factory.close();
        context.close();
    }
}
