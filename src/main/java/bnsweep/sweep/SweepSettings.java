package bnsweep.sweep;

import bnsweep.bn.BnMode;
import bnsweep.run.TrainSettings;
import bnsweep.util.AtomicFiles;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sweep: base training settings and the grid of BN modes x batch sizes x seeds. */
public record SweepSettings(String name, TrainSettings base, List<BnMode> bnModes, int[] batchSizes, long[] seeds,
                            double targetValAcc) {

    public static SweepSettings from(Config c) {
        TrainSettings base = TrainSettings.from(c);
        try {
            List<BnMode> modes = c.getStringList("sweep.bn").stream().map(BnMode::fromId).toList();
            int[] batches = c.getIntList("sweep.batch-sizes").stream().mapToInt(Integer::intValue).toArray();
            long[] seeds = c.getLongList("sweep.seeds").stream().mapToLong(Long::longValue).toArray();
            double target = c.getDouble("sweep.target-val-acc");
            if (modes.isEmpty() || batches.length == 0 || seeds.length == 0) {
                throw new IllegalArgumentException("sweep.bn, sweep.batch-sizes and sweep.seeds must not be empty");
            }
            if (Arrays.stream(batches).anyMatch(b -> b < 1)) throw new IllegalArgumentException("bad value for 'sweep.batch-sizes': sizes must be >= 1");
            if (target < 0 || target > 1) throw new IllegalArgumentException("bad value for 'sweep.target-val-acc': " + target + " (0..1, 0 = none)");
            if (modes.stream().distinct().count() != modes.size() || Arrays.stream(batches).distinct().count() != batches.length
                    || Arrays.stream(seeds).distinct().count() != seeds.length) {
                throw new IllegalArgumentException("sweep.bn, sweep.batch-sizes and sweep.seeds must not repeat a value");
            }
            return new SweepSettings(c.getString("sweep.name"), base, modes, batches, seeds, target);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad sweep setting: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("bad ") || e.getMessage().startsWith("sweep.") ? e
                    : new IllegalArgumentException("bad value for 'sweep.bn': " + e.getMessage(), e);
        }
    }

    /** Every configuration, seed by seed, so that early results cover the whole grid of one seed. */
    public List<TrainSettings> configurations() {
        List<TrainSettings> all = new ArrayList<>();
        for (long seed : seeds) for (int batch : batchSizes) for (BnMode bn : bnModes) all.add(base.with(bn, batch, seed).validated());
        return all;
    }

    public boolean hasTarget() {
        return targetValAcc > 0;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(base.asMap());
        m.remove("bn");
        m.remove("batch-size");
        m.remove("seed");
        m.put("sweep.name", name);
        m.put("sweep.bn", bnModes.stream().map(BnMode::id).toList());
        m.put("sweep.batch-sizes", batchSizes);
        m.put("sweep.seeds", seeds);
        m.put("sweep.target-val-acc", targetValAcc);
        return m;
    }

    /** sha256 of the resolved sweep configuration: identifies "the same sweep". */
    public String fingerprint() {
        try {
            Map<String, Object> what = asMap();
            what.keySet().removeAll(TrainSettings.OPERATIONAL_KEYS);
            byte[] json = AtomicFiles.JSON.writeValueAsBytes(what);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
