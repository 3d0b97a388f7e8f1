package bnsweep.sweep;

import bnsweep.run.Status;
import bnsweep.util.Csv;
import bnsweep.util.fs.Location;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * history.csv in a sweep's output root: one row per invocation (run_id, sweep, start, end, status;
 * CSV-quoted, so a sweep name may hold commas),
 * written when the run starts (status running) and rewritten when it ends (complete or failed).
 * Only one sweep runs in an output root at a time (SweepRunner holds its lock), so a row still
 * "running" when the next run begins belonged to a run that was killed: it becomes "interrupted".
 */
public final class RunHistory {
    public static final String FILE = "history.csv";
    public static final String HEADER = "run_id,sweep,start,end,status";

    private final Location file;
    private final String runId;
    private final String sweep;
    private final String start;

    private RunHistory(Location file, String runId, String sweep, String start) {
        this.file = file;
        this.runId = runId;
        this.sweep = sweep;
        this.start = start;
    }

    public static RunHistory begin(Location root, String sweep) {
        Instant now = Instant.now();
        RunHistory h = new RunHistory(root.resolve(FILE), now.toString().replaceAll("[:.]", "-"), sweep, now.toString());
        h.write("", Status.RUNNING.id());
        return h;
    }

    /**
     * Refuses a history.csv this code did not write (another header: an older version, or edited by
     * hand), before a sweep changes anything in OUT.
     */
    public static void check(Location root) {
        Location f = root.resolve(FILE);
        if (f.isFile()) rows(f);
    }

    private static List<Map<String, String>> rows(Location f) {
        String first = f.readString().lines().findFirst().orElse("");
        if (!first.equals(HEADER)) {
            throw new IllegalArgumentException(f + " has the columns " + (first.isBlank() ? "(none)" : first) + ", expected " + HEADER
                    + " (written by another version of bnsweep, or edited?): move it aside, and the next sweep starts a new history");
        }
        return new ArrayList<>(Csv.readTable(f));
    }

    public String runId() {
        return runId;
    }

    public void end(String status) {
        write(Instant.now().toString(), status);
    }

    private synchronized void write(String end, String status) {
        List<Map<String, String>> rows = file.isFile() ? rows(file) : new ArrayList<>();
        boolean found = false;
        for (Map<String, String> r : rows) {
            if (r.get("run_id").equals(runId)) {
                r.put("end", end);
                r.put("status", status);
                found = true;
            } else if (Status.RUNNING.is(r.get("status"))) {
                r.put("status", Status.INTERRUPTED.id());
            }
        }
        if (!found) rows.add(new LinkedHashMap<>(Map.of("run_id", runId, "sweep", sweep, "start", start, "end", end, "status", status)));
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Map<String, String> r : rows) {
            b.append(Csv.row(r.get("run_id"), r.get("sweep"), r.get("start"), r.get("end"), r.get("status"))).append('\n');
        }
        file.writeString(b.toString());
    }
}
