package bnsweep.engine.collective;

/** A worker's connection to the hub: TCP ({@link TcpLink}) or, in the hub's own JVM, a direct call ({@link LocalLink}). */
interface Link extends AutoCloseable {
    /** Sends one call and waits for its result; throws CollectiveException on failure. */
    Result call(Contribution c, long waitMillis);

    /** Sends a progress note ({@link Wire#NOTE}) without waiting for its answer. */
    void note(Contribution c);

    @Override
    void close();
}
