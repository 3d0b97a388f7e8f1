package bnsweep.engine.driver;

import bnsweep.bn.BnParamLayout;
import bnsweep.config.EngineSettings;
import bnsweep.engine.EpochListener;
import bnsweep.engine.EpochResult;
import bnsweep.engine.ModelState;
import bnsweep.engine.collective.CollectiveHub;
import bnsweep.engine.collective.Ticket;
import bnsweep.engine.worker.EpochTask;
import bnsweep.shard.ShardedSplit;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * One epoch as one gang-scheduled Spark stage ({@code rdd.barrier().mapPartitions}), driven from
 * the driver: it waits for enough task slots, opens a collective session on the run's hub, runs a
 * task per worker and checks that all workers ended with the same model. A failed stage (a lost
 * executor, a worker that did not arrive) aborts the session and the epoch runs again from its
 * start state, up to {@code maxEpochAttempts} times in all.
 */
final class EpochStage implements AutoCloseable {
    private static final ClassTag<EpochResult> RESULT = ClassTag$.MODULE$.apply(EpochResult.class);

    private final JavaSparkContext sc;
    private final EngineSettings settings;
    private final BnParamLayout bnLayout;
    private final String runKey;
    private final CollectiveHub hub;

    /** The model an epoch ended with and its timing. */
    record Outcome(ModelState model, EpochTiming timing) {}

    EpochStage(JavaSparkContext sc, EngineSettings settings, BnParamLayout bnLayout, String runKey, ModelState initial) {
        this.sc = sc;
        this.settings = settings;
        this.bnLayout = bnLayout;
        this.runKey = runKey;
        this.hub = CollectiveHub.onDriver(sc.getConf(), settings.collective());
        hub.limitPayload(largestPayload(initial, bnLayout, settings));
    }

    /**
     * The most bytes one worker sends in one collective call: parameters and updater state (sync =
     * average; gradients and BN statistics are smaller), or a round's BN moments (count, mean and M2
     * per feature and step: BnMoments.encode), whichever is larger, plus 64 KiB.
     */
    static long largestPayload(ModelState state, BnParamLayout bnLayout, EngineSettings settings) {
        long model = (long) Float.BYTES * (state.params().length + state.updater().length), moments = 8;
        for (int b = 0; b < bnLayout.size(); b++) moments += 8 + (long) settings.averagingFrequency() * (12 + 16L * bnLayout.features(b));
        return Math.min(bnsweep.engine.collective.CollectiveHub.MAX_PAYLOAD, Math.max(model, moments) + 65536);
    }

    /** Runs epoch {@code epoch} (1-based) from {@code state}, again after a failed stage, at most maxEpochAttempts times. */
    Outcome run(int epoch, int steps, ShardedSplit train, ModelState state, EpochListener listener) {
        Broadcast<ModelState> start = sc.broadcast(state.withEpoch(epoch - 1));
        try {
            for (int attempt = 1; ; attempt++) {
                Slots.await(sc.sc(), train.workers(), settings.collectiveTimeoutMillis());
                Ticket ticket = hub.open(train.workers());
                long t0 = System.nanoTime();
                try (EpochProgress p = new EpochProgress(hub, ticket.session(), epoch, steps, listener, settings.progressIntervalMillis())) {
                    // after a lost executor its cached shards and shuffle outputs are gone; a barrier stage that met the
                    // missing shuffle outputs would fail once more (MetadataFetchFailed), a plain job recomputes them first
                    if (attempt > 1) train.rdd().foreachPartition(shards -> { });
                    EpochTask task = new EpochTask(start, runKey, settings, bnLayout, epoch, steps, ticket);
                    sc.setJobDescription("epoch " + epoch + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
                    RDD<EpochResult> stage = train.rdd().rdd().barrier().mapPartitions(task, false, RESULT);
                    List<EpochResult> results = new JavaRDD<>(stage, RESULT).collect();
                    hub.finish(ticket.session());
                    return finish(results, train.workers(), (System.nanoTime() - t0) / 1e9, attempt);
                } catch (Exception e) {
                    String cause = StageFailures.brief(e);
                    hub.abort(ticket.session(), "the epoch's Spark stage failed: " + cause);
                    if (sc.sc().isStopped()) {
                        throw new IllegalStateException("epoch " + epoch + " stopped: the SparkContext was shut down", e);
                    }
                    if (attempt >= settings.maxEpochAttempts()) {
                        throw new IllegalStateException("epoch " + epoch + " failed in " + attempt + " attempt"
                                + (attempt > 1 ? "s" : "") + " (max-epoch-attempts); last failure: " + cause, e);
                    }
                    if (listener != null) listener.retry(epoch, attempt, settings.maxEpochAttempts(), cause);
                }
            }
        } finally {
            if (!sc.sc().isStopped()) {
                sc.clearJobGroup();
                start.destroy(false);
            }
        }
    }

    private static Outcome finish(List<EpochResult> results, int workers, double seconds, int attempts) {
        if (results.size() != workers) throw new IllegalStateException("epoch returned " + results.size() + " of " + workers + " workers");
        EpochResult first = results.stream().filter(r -> r.rank() == 0).findFirst().orElseThrow();
        long examples = 0;
        double fit = 0, sync = 0;
        for (EpochResult r : results) {
            if (r.checksum() != first.checksum()) {
                throw new IllegalStateException("workers 0 and " + r.rank() + " ended the epoch with different models");
            }
            examples += r.examples();
            fit += r.fitNanos() / 1e9 / workers;
            sync += r.syncNanos() / 1e9 / workers;
        }
        double driftMean = first.rounds() == 0 ? 0 : first.bnDriftSum() / first.rounds();
        return new Outcome(first.model(), new EpochTiming(seconds, examples, fit, sync, first.steps(), first.rounds(), first.bnDriftMax(), driftMean,
                attempts));
    }

    @Override
    public void close() {
        hub.close();
    }
}
