package bnsweep.engine;

import java.io.Serializable;

/** Cross-entropy loss sum, correct predictions and example count over a split. */
public record EvalResult(double lossSum, long correct, long count) implements Serializable {
    public static final EvalResult ZERO = new EvalResult(0, 0, 0);

    public EvalResult plus(EvalResult o) {
        return new EvalResult(lossSum + o.lossSum, correct + o.correct, count + o.count);
    }

    public double loss() {
        return lossSum / count;
    }

    public double accuracy() {
        return (double) correct / count;
    }
}
