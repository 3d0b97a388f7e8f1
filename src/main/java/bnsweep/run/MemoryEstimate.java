package bnsweep.run;

import bnsweep.config.TrainSettings;
import bnsweep.data.DataShape;

import java.util.Arrays;
import java.util.Locale;

/**
 * A lower bound of the Java heap a configuration needs, checked before it trains, so that a network
 * too large for the driver is refused in one line naming the setting instead of failing with an
 * OutOfMemoryError after minutes of work. Counted: the parameters p (Σ n_in·n_out + n_out over
 * the Dense layers) and the updater's state (2p for Adam, p for SGD with momentum), as float arrays
 * on the heap: the driver holds the model state, the copy worker 0 returns each epoch and the
 * checkpoint's serialised bytes (3 copies); in local mode each worker also copies its parameters and
 * updater state twice per synchronisation round (2 more per worker). ND4J's own off-heap arrays and
 * the data are not counted: the real need is larger.
 */
public final class MemoryEstimate {
    private MemoryEstimate() {}

    /** Parameters of the Dense layers of {@code s} on data of this shape. */
    static long parameters(TrainSettings s, DataShape shape) {
        long p = 0;
        int in = shape.inputs();
        int[] widths = Arrays.copyOf(s.hidden(), s.hidden().length + 1);
        widths[widths.length - 1] = shape.classes();
        for (int out : widths) {
            p += (long) in * out + out;
            in = out;
        }
        return p;
    }

    /** The lower bound in bytes, for workers in this JVM ({@code local}) or in executors. */
    static long bytes(TrainSettings s, DataShape shape, boolean local) {
        String u = s.updater().name();
        int state = u.equals("adam") ? 3 : u.equals("sgd") && s.updater().momentum() > 0 ? 2 : 1;
        long copies = 3 + (local ? 2L * s.workers() : 0);
        return copies * state * parameters(s, shape) * Float.BYTES;
    }

    /**
     * Refuses {@code s} on data of this shape when the lower bound exceeds {@code maxHeap} bytes (a
     * table too wide, or with too many classes, for the network the settings describe, included).
     */
    public static void check(TrainSettings s, DataShape shape, boolean local, long maxHeap) {
        long need = bytes(s, shape, local);
        if (need <= maxHeap) return;
        throw new IllegalArgumentException(String.format(Locale.ROOT, "hidden=%s: the network %d-%s-%d (%d inputs, %d classes) has %,d"
                + " parameters; training it%s needs at least"
                + " %.1f GiB of Java heap (parameters and %s state, in the copies the driver%s keeps), the driver has %.1f GiB:"
                + " give it more (BNSWEEP_DRIVER_MEMORY, --driver-memory) or choose smaller hidden layers",
                Arrays.toString(s.hidden()).replace(" ", ""), shape.inputs(), Arrays.stream(s.hidden()).mapToObj(String::valueOf)
                        .collect(java.util.stream.Collectors.joining("-")), shape.classes(), shape.inputs(), shape.classes(),
                parameters(s, shape), local ? " with " + s.workers() + " workers in this JVM" : "",
                need / (double) (1L << 30), s.updater().name(), local ? " and each worker" : "", maxHeap / (double) (1L << 30)));
    }
}
