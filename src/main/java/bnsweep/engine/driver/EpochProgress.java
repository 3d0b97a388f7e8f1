package bnsweep.engine.driver;

import bnsweep.engine.EpochListener;
import bnsweep.engine.collective.CollectiveHub;
import bnsweep.util.Timers;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Reports the hub's progress to the listener at a fixed interval while an epoch runs. */
final class EpochProgress implements AutoCloseable {
    private final ScheduledExecutorService timer = Timers.daemon("bnsweep-progress");

    EpochProgress(CollectiveHub hub, int session, int epoch, int steps, EpochListener listener, long everyMillis) {
        if (listener == null) return;
        timer.scheduleAtFixedRate(() -> {
            CollectiveHub.Progress p = hub.progress(session);
            if (p.steps() > 0) listener.progress(epoch, p.steps(), steps, p.meanLoss());
        }, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
