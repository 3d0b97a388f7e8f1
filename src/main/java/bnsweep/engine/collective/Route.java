package bnsweep.engine.collective;

/**
 * The way one collective call travels. {@code collective = hub} sends every call through the {@link #HUB};
 * {@code collective = ring} sends float32 all-reduces by {@link #RING} and the small exchanges (all-gathers, float64
 * all-reduces) by {@link #DOUBLING}, the fastest for them in the measurements of docs/results.md. A benchmark may ask
 * for any route of a ring session.
 */
public enum Route {
    /** Through the driver: 2 message latencies, 2·W payloads through the driver's link. */
    HUB,
    /** Around the ring of workers: 2·(W−1) latencies (W−1 for an all-gather), 2·(W−1)/W of the payload per worker link. */
    RING,
    /** Recursive doubling (Bruck): ⌈log₂ W⌉ latencies, for all-gathers and float64 all-reduces. */
    DOUBLING
}
