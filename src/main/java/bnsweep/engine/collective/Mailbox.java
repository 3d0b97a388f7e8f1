package bnsweep.engine.collective;

import java.util.HashMap;
import java.util.Map;

/**
 * What the other workers sent one worker of a session, kept until it takes it: ring segments and recursive-doubling
 * blocks, each under its call and tag ({@link PeerWire}). A take waits at most the session's time-out, checking every
 * {@value #POLL_MILLIS} ms whether the task was cancelled; it fails at once when the mailbox failed (a send of this
 * worker failed, a peer refused it) or when the peer it waits for went away.
 */
final class Mailbox {
    static final long POLL_MILLIS = 100;

    private record Key(long seq, int tag) {}

    private record Item(int from, Object payload) {}

    private final int rank;
    private final Map<Key, Item> arrived = new HashMap<>();
    private final boolean[] gone;
    /** The last call each worker sent something of (−1: none yet): a time-out tells a worker that never came from one that waits itself. */
    private final long[] heard;
    private String failure;

    Mailbox(int rank, int world) {
        this.rank = rank;
        this.gone = new boolean[world];
        this.heard = new long[world];
        java.util.Arrays.fill(heard, -1);
    }

    int rank() {
        return rank;
    }

    synchronized void put(int from, long seq, int tag, Object payload) {
        if (from >= 0 && from < heard.length) heard[from] = Math.max(heard[from], seq);
        if (arrived.putIfAbsent(new Key(seq, tag), new Item(from, payload)) != null) {
            fail("worker " + from + " sent part " + PeerWire.tagName(tag) + " of call " + seq + " twice");
        }
        notifyAll();
    }

    /** The first failure wins; every wait, present and later, ends with it. */
    synchronized void fail(String why) {
        if (failure == null) failure = why;
        notifyAll();
    }

    /** Worker {@code from}'s connection to this one closed: a wait for it fails unless what it waits for is here. */
    synchronized void gone(int from) {
        if (from >= 0 && from < gone.length) gone[from] = true;
        notifyAll();
    }

    synchronized String failure() {
        return failure;
    }

    /**
     * Waits for what {@code from} sends as part {@code tag} of call {@code seq}.
     *
     * @param cancelled run between waits; throws to end the wait (the task was killed)
     * @param call      what the call is, for messages ("ring all-reduce call 17")
     * @param where     the peer's address, for messages
     */
    Object take(int from, long seq, int tag, long timeoutMillis, Runnable cancelled, String call, String where) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            synchronized (this) {
                Item item = arrived.remove(new Key(seq, tag));
                if (item != null) {
                    if (item.from != from) throw new CollectiveException("worker " + rank + " expected part " + PeerWire.tagName(tag)
                            + " of " + call + " from worker " + from + ", not " + item.from);
                    return item.payload;
                }
                if (failure != null) throw new CollectiveException(failure);
                if (gone[from]) {
                    throw new CollectiveException("worker " + rank + ": worker " + from + " (" + where + ") closed its connection before it"
                            + " sent its part of " + call);
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    String waited = " within " + timeoutMillis / 1000.0 + " s";
                    throw new CollectiveException(heard[from] < seq
                            ? call + ": worker " + from + " (" + where + ") did not arrive: worker " + rank + " had nothing of the call from it" + waited
                            : call + ": worker " + from + " (" + where + ") sent worker " + rank + " part of the call but not "
                                    + PeerWire.tagName(tag) + waited + " (it waits itself for a worker that did not arrive)");
                }
                try {
                    wait(Math.min(left, POLL_MILLIS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CollectiveException("worker " + rank + ": interrupted in " + call, e);
                }
            }
            cancelled.run();
        }
    }
}
