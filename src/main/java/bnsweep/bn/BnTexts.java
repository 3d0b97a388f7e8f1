package bnsweep.bn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What BN and each BN mode and inference variant compute, in words: the one text docs/design.md ("BN
 * modes") and the report's Background show (DocsTest checks that page holds every sentence of it).
 */
public final class BnTexts {
    public static final String WHAT_BN_COMPUTES = "In training, a BatchNormalization layer normalises each feature of its input"
            + " with the mean and (biased) variance of a batch of examples, x̂ = (x − μ_B)/√(σ²_B + ε), and outputs γ·x̂ + β,"
            + " where γ and β are learned. It also keeps running statistics for inference, updated every step with the rate r"
            + " of `bn-running-rate` (default 0.1): running_mean ← (1 − r)·running_mean + r·μ_B, running_var ← (1 − r)·running_var"
            + " + r·σ²_B; in inference it"
            + " normalises with those instead of the batch's. The BN batch is the number of examples whose statistics one"
            + " normalisation uses.";

    private BnTexts() {}

    /** The Background paragraphs: BN, the modes, the inference variants, when they coincide. */
    public static List<String> background() {
        List<String> p = new ArrayList<>();
        p.add(WHAT_BN_COMPUTES);
        for (BnMode m : BnMode.values()) p.add("bn = " + m.id() + ": " + m.description());
        p.add("Every BN run is evaluated after each epoch (and tested at the end) with three sets of BN statistics:");
        for (BnInference v : BnInference.values()) p.add(v.id() + ": " + v.description());
        p.add("val_acc, val_loss, train_* and test_acc use " + BnInference.DEFAULT.id() + "; " + BnInference.COINCIDENCES);
        return p;
    }

    /** For manifest.json: the variants, their descriptions and which one the main columns use. */
    public static Map<String, Object> inferenceManifest() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("default", BnInference.DEFAULT.id());
        for (BnInference v : BnInference.values()) m.put(v.id(), v.description());
        m.put("coincide", BnInference.COINCIDENCES);
        return m;
    }
}
