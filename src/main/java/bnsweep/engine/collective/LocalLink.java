package bnsweep.engine.collective;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker in the hub's own JVM (Spark local mode, where executor tasks are driver threads): the
 * call goes to the hub directly, as Spark's RpcEnv delivers to a local endpoint without the
 * network. The hub applies the same checks, time-outs and ordering as for TCP; only the copying
 * through sockets is skipped.
 */
final class LocalLink implements Link {
    private final CollectiveHub hub;
    private final Ticket ticket;
    private final int rank;

    LocalLink(CollectiveHub hub, Ticket ticket, int rank) {
        this.hub = hub;
        this.ticket = ticket;
        this.rank = rank;
    }

    @Override
    public Result call(Contribution c, long waitMillis) {
        CompletableFuture<Result> reply = new CompletableFuture<>();
        hub.accept(c, this, new Reply() {
            @Override
            public void ok(Result result) {
                reply.complete(result);
            }

            @Override
            public void fail(String message) {
                reply.completeExceptionally(new CollectiveException(message));
            }
        });
        try {
            return reply.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CollectiveException("worker " + rank + ": no answer from the collective hub within " + waitMillis / 1000 + " s", e);
        } catch (ExecutionException e) {
            throw (CollectiveException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectiveException("worker " + rank + ": interrupted in " + Wire.opName(c.op()) + " call " + c.seq(), e);
        }
    }

    @Override
    public void note(Contribution c) {
        hub.accept(c, this, new Reply() {
            @Override
            public void ok(Result result) {
            }

            @Override
            public void fail(String message) {
            }
        });
    }

    @Override
    public void close() {
        hub.disconnected(ticket.session(), this);
    }
}
