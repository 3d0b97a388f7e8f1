package bnsweep.engine.worker;

import bnsweep.bn.BnParamLayout;
import bnsweep.config.EngineSettings;
import bnsweep.config.TrainingStep;
import bnsweep.engine.EpochResult;
import bnsweep.engine.ModelState;
import bnsweep.engine.collective.CollectiveClient;
import bnsweep.engine.collective.CollectiveException;
import bnsweep.engine.collective.Ticket;
import bnsweep.shard.WorkerShard;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * The body of an epoch's barrier stage: one long-lived task per worker, all started together by
 * Spark's barrier scheduling. Each takes its cached shard (partition k: worker k), its cached
 * network loaded with the epoch's start state, joins the collective session named in its ticket
 * and runs {@link WorkerEpoch}.
 */
public final class EpochTask extends AbstractFunction1<Iterator<WorkerShard>, Iterator<EpochResult>> implements Serializable {
    private final Broadcast<ModelState> start;
    private final String runKey;
    private final EngineSettings settings;
    private final BnParamLayout bn;
    private final int epoch;
    private final int steps;
    private final Ticket ticket;

    public EpochTask(Broadcast<ModelState> start, String runKey, EngineSettings settings, BnParamLayout bn, int epoch, int steps,
              Ticket ticket) {
        this.start = start;
        this.runKey = runKey;
        this.settings = settings;
        this.bn = bn;
        this.epoch = epoch;
        this.steps = steps;
        this.ticket = ticket;
    }

    @Override
    public Iterator<EpochResult> apply(Iterator<WorkerShard> shards) {
        BarrierTaskContext context = BarrierTaskContext.get();
        int rank = context.partitionId();
        WorkerShard shard = shards.hasNext() ? shards.next() : null;
        if (shard == null || shards.hasNext()) throw new IllegalStateException("partition " + rank + " does not hold exactly one shard");
        ModelState s = start.value();
        NetworkCache.Entry cached = NetworkCache.get(runKey, rank, s.configJson());
        MultiLayerNetwork net = cached.net;
        s.loadInto(net);
        try (CollectiveClient collective = CollectiveClient.join(ticket, rank, context::killTaskIfInterrupted)) {
            DenseStep step = settings.step() == TrainingStep.BNSWEEP ? cached.step(settings.batchSize()) : null;
            EpochResult r = new WorkerEpoch(net, step, shard, collective, settings, bn, s, context::killTaskIfInterrupted).run(epoch, steps);
            return JavaConverters.asScalaIterator(List.of(r).iterator());
        } catch (CollectiveException e) {
            // The stage already failed (or the driver is stopping): end as killed, so the executor logs one line, not a trace.
            if (e.abortedByDriver()) throw new TaskKilledException(e.getMessage());
            throw e;
        }
    }
}
