package bnsweep.engine.collective;

/**
 * How a worker sends to the others of its session, each send asynchronous: a failure (a peer unreachable, a refusal)
 * fails the sender's own mailbox, so its next wait reports it.
 */
interface Peers extends AutoCloseable {
    /** Sends {@code length} floats of {@code data} from {@code offset}: a ring segment. */
    void floats(int to, long seq, int tag, long callSize, float[] data, int offset, int length);

    /** Sends blocks of bytes: a recursive-doubling step. */
    void blocks(int to, long seq, int tag, long callSize, byte[][] blocks);

    /** The most floats a ring segment carries ({@link Ring}). */
    int segmentFloats();

    /** Where worker {@code rank} is, for messages. */
    String where(int rank);

    /** Waits (bounded) until what was sent is delivered, then lets go of the connections. */
    @Override
    void close();
}
