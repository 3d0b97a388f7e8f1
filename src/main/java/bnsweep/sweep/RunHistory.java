package bnsweep.sweep;

import bnsweep.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * history.csv in a sweep's output root: one row per invocation (run_id, sweep, start, end, status),
 * written when the run starts (status running) and rewritten when it ends (complete or failed).
 * Only one sweep runs in an output root at a time (SweepRunner holds its lock), so a row still
 * "running" when the next run begins belonged to a run that was killed: it becomes "interrupted".
 */
public final class RunHistory {
    public static final String FILE = "history.csv";
    public static final String HEADER = "run_id,sweep,start,end,status";

    private final Path file;
    private final String runId;
    private final String sweep;
    private final String start;

    private RunHistory(Path file, String runId, String sweep, String start) {
        this.file = file;
        this.runId = runId;
        this.sweep = sweep;
        this.start = start;
    }

    public static RunHistory begin(Path root, String sweep) {
        Instant now = Instant.now();
        RunHistory h = new RunHistory(root.resolve(FILE), now.toString().replaceAll("[:.]", "-"), sweep, now.toString());
        h.write("", "running");
        return h;
    }

    public String runId() {
        return runId;
    }

    public void end(String status) {
        write(Instant.now().toString(), status);
    }

    private synchronized void write(String end, String status) {
        List<String> rows = new ArrayList<>();
        try {
            if (Files.isRegularFile(file)) rows.addAll(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows.isEmpty()) rows.add(HEADER);
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).endsWith(",running") && !rows.get(i).startsWith(runId + ",")) {
                rows.set(i, rows.get(i).substring(0, rows.get(i).length() - "running".length()) + "interrupted");
            }
        }
        String row = String.join(",", runId, sweep, start, end, status);
        int at = -1;
        for (int i = 1; i < rows.size(); i++) if (rows.get(i).startsWith(runId + ",")) at = i;
        if (at < 0) rows.add(row); else rows.set(at, row);
        AtomicFiles.writeString(file, String.join("\n", rows) + "\n");
    }
}
