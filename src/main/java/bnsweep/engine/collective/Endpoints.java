package bnsweep.engine.collective;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers of this JVM that take part in a peer-to-peer collective, each with its mailbox, by run token, session and
 * rank: where {@link PeerServer} delivers what arrives over TCP and {@link InMemoryPeers} what a worker of the same JVM
 * sends. A worker registers before the rendezvous that tells the others where it is, so nothing can arrive for it
 * before it is here; what arrives for one that is not (a late message of an earlier epoch attempt) is refused.
 */
final class Endpoints {
    private record Key(String token, int session, int rank) {}

    private static final Map<Key, Mailbox> ALL = new ConcurrentHashMap<>();

    private Endpoints() {}

    private static Key key(byte[] token, int session, int rank) {
        return new Key(HexFormat.of().formatHex(token), session, rank);
    }

    static void register(Ticket t, Mailbox box) {
        if (ALL.putIfAbsent(key(t.token(), t.session(), box.rank()), box) != null) {
            throw new CollectiveException("worker " + box.rank() + " of session " + t.session() + " joined twice in this JVM");
        }
    }

    static void unregister(Ticket t, Mailbox box) {
        ALL.remove(key(t.token(), t.session(), box.rank()), box);
    }

    /** The mailbox of worker {@code rank} of the session, or null. */
    static Mailbox get(byte[] token, int session, int rank) {
        return ALL.get(key(token, session, rank));
    }

    /** Whether a worker of this JVM belongs to the run with this token (checked in constant time per token). */
    static boolean knowsToken(byte[] candidate) {
        boolean known = false;
        for (Key k : ALL.keySet()) known |= MessageDigest.isEqual(HexFormat.of().parseHex(k.token()), candidate);
        return known;
    }
}
