package bnsweep.util;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Background timers that never keep the JVM alive. */
public final class Timers {
    private Timers() {}

    /** A single-threaded scheduler whose thread is a daemon named {@code name}. */
    public static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
