package bnsweep.run;

import bnsweep.bn.BnInference;
import bnsweep.config.TrainSettings;
import bnsweep.engine.EpochListener;
import bnsweep.engine.EpochMetrics;
import java.util.Locale;
import java.util.function.Consumer;

/** Prints a run's progress, and after every epoch writes epochs.csv and then the checkpoint. */
final class ConsoleProgress implements EpochListener {
    private final TrainSettings s;
    private final TrainingJob.Log log;
    private final RunOutput output;
    private final Consumer<EpochMetrics> checkpoint;

    ConsoleProgress(TrainSettings s, TrainingJob.Log log, RunOutput output, Consumer<EpochMetrics> checkpoint) {
        this.s = s;
        this.log = log;
        this.output = output;
        this.checkpoint = checkpoint;
    }

    @Override
    public void progress(int epoch, int step, int steps, double loss) {
        log.line("epoch %d/%d: step %d/%d, minibatch loss %.4f%n", epoch, s.epochs(), step, steps, loss);
    }

    @Override
    public void retry(int epoch, int failedAttempt, int maxAttempts, String cause) {
        log.line("epoch %d/%d: attempt %d of %d failed (%s); running the epoch again from its start%n",
                epoch, s.epochs(), failedAttempt, maxAttempts, cause);
    }

    @Override
    public void epochDone(EpochMetrics m) {
        output.epoch(m);
        checkpoint.accept(m);
        log.epochDone();
        String variants = "";
        if (s.bn().batchNorm()) {
            double[] v = m.valAccByVariant();
            variants = String.format(Locale.ROOT, " (averaged %.4f, merged %.4f, precise %.4f)", v[BnInference.AVERAGED.ordinal()],
                    v[BnInference.MERGED.ordinal()], v[BnInference.PRECISE.ordinal()]);
        }
        log.line("epoch %d/%d: train loss %.4f acc %.4f | val loss %.4f acc %.4f%s | %.1f s, %.0f examples/s%n",
                m.epoch(), s.epochs(), m.trainLoss(), m.trainAcc(), m.valLoss(), m.valAcc(), variants,
                m.epochSeconds(), m.examplesPerSecond());
    }
}
