package bnsweep.bench;

import bnsweep.bn.BnMoments;
import bnsweep.config.CollectiveAlgorithm;
import bnsweep.config.CollectiveSettings;
import bnsweep.config.PortRange;
import bnsweep.engine.collective.CollectiveClient;
import bnsweep.engine.collective.CollectiveHub;
import bnsweep.engine.collective.Route;
import bnsweep.engine.collective.Ticket;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * One process of submit/bench-collective, which starts the driver and W workers, each in its own network namespace
 * over a rate-limited link. The driver hosts the hub (a session of collective = ring, so that every route can be asked
 * for) and waits; the workers join, then time each payload by each route: {@code parameters}, the 3.2 MB all-reduce of
 * sync = average for 784-300-100-10 (parameters and Adam's two moments: 3 × 266,610 floats), by the hub and by the
 * ring; {@code bn-moments}, one BN layer's forward exchange in SyncBN (the all-gather of its 300 features' moments),
 * by the hub, the ring and recursive doubling. A timed round starts after a barrier through the hub; its time is the
 * slowest worker's; {@code seconds} is the median over rounds. Bytes are the link's own counters (/proc/PID/net/dev:
 * payload, framing, TCP/IP headers, acknowledgements) over rounds run back to back, per round.
 *
 * <p>args: {@code driver DIR HOST WORKERS} or {@code worker DIR HOST RANK LINK ROUNDS}
 */
public final class CollectiveScaling {
    static final int PARAMETER_FLOATS = 3 * 266_610;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("driver")) driver(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
        else worker(Path.of(args[1]), args[2], Integer.parseInt(args[3]), args[4], Integer.parseInt(args[5]));
    }

    static void driver(Path dir, String host, int workers) throws Exception {
        CollectiveSettings settings = new CollectiveSettings(CollectiveAlgorithm.RING, 300_000, PortRange.ANY, "", "");
        try (CollectiveHub hub = new CollectiveHub(new SparkConf(false), host, host, settings)) {
            hub.limitPayload(PARAMETER_FLOATS * 4L + 65_536);
            Ticket t = hub.open(workers);
            Path tmp = dir.resolve("ticket.tmp");
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(tmp))) {
                out.writeObject(t);
            }
            Files.move(tmp, dir.resolve("ticket"), StandardCopyOption.ATOMIC_MOVE);
            while (!Files.exists(dir.resolve("finished"))) Thread.sleep(200);
        }
    }

    static void worker(Path dir, String host, int rank, String link, int rounds) throws Exception {
        while (!Files.exists(dir.resolve("ticket"))) Thread.sleep(100);
        Ticket t;
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(dir.resolve("ticket")))) {
            t = (Ticket) in.readObject();
        }
        long driverPid = Long.parseLong(Files.readString(dir.resolve("driver.pid")).trim());
        try (CollectiveClient c = CollectiveClient.tcp(t, rank, new SparkConf(false), host, () -> { })) {
            float[] parameters = new float[PARAMETER_FLOATS];
            Arrays.fill(parameters, 1e-3f * (rank + 1));
            double[] mean = new double[300], variance = new double[300];
            Arrays.fill(variance, 1);
            byte[] moments = BnMoments.encode(new BnMoments[][] {{BnMoments.of(64, mean, variance)}});
            for (Route route : new Route[] {Route.HUB, Route.RING}) {
                measure(c, "parameters", PARAMETER_FLOATS * 4L, route, link, Math.max(9, rounds / 4), driverPid, () -> c.allReduceSum(parameters, route));
            }
            for (Route route : new Route[] {Route.HUB, Route.RING, Route.DOUBLING}) {
                measure(c, "bn-moments", moments.length, route, link, rounds * 4, driverPid, () -> c.allGather(moments, route));
            }
        }
        if (rank == 0) Files.writeString(dir.resolve("finished"), "");
    }

    private static void measure(CollectiveClient c, String payload, long payloadBytes, Route route, String link, int rounds, long driverPid,
                                Runnable call) throws IOException {
        for (int i = 0; i < Math.max(30, rounds / 2); i++) call.run(); // the JIT (tens of calls before the transport's code is compiled), connections
        double[] seconds = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            barrier(c);
            long t0 = System.nanoTime();
            call.run();
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        barrier(c);
        long self = ProcessHandle.current().pid();
        long[] mine0 = linkBytes(self), driver0 = c.rank() == 0 ? linkBytes(driverPid) : null;
        long cpu0 = cpuTicks(self), driverCpu0 = c.rank() == 0 ? cpuTicks(driverPid) : 0, wall0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) call.run();
        barrier(c);
        long[] mine1 = linkBytes(self), driver1 = c.rank() == 0 ? linkBytes(driverPid) : null;
        long cpu = cpuTicks(self) - cpu0, driverCpu = c.rank() == 0 ? cpuTicks(driverPid) - driverCpu0 : 0, wall = System.nanoTime() - wall0;
        ByteBuffer report = ByteBuffer.allocate(16 + rounds * 8).putLong(mine1[0] - mine0[0]).putLong(cpu);
        for (double s : seconds) report.putDouble(s);
        byte[][] all = c.allGather(report.array(), Route.HUB);
        if (c.rank() != 0) return;
        double[] slowest = new double[rounds];
        long workerBytes = 0, workerCpu = 0;
        for (byte[] b : all) {
            ByteBuffer in = ByteBuffer.wrap(b);
            workerBytes += in.getLong();
            workerCpu += in.getLong();
            for (int i = 0; i < rounds; i++) slowest[i] = Math.max(slowest[i], in.getDouble());
        }
        Arrays.sort(slowest);
        // what the machine's CPUs did meanwhile: on a small machine many processes saturate them before the links
        System.out.printf(Locale.ROOT, "# cpu %s,%d,%s: %.1f ms a round back to back; CPU time a round: workers %.1f ms, driver %.1f ms (%.0f%% of %d CPUs)%n",
                route.name().toLowerCase(Locale.ROOT), c.world(), payload, wall / 1e6 / rounds, workerCpu * 10.0 / rounds, driverCpu * 10.0 / rounds,
                100.0 * (workerCpu + driverCpu) * 1e7 / wall / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%s,%d,%s,%d,%s,%.6f,%d,%d%n", route.name().toLowerCase(Locale.ROOT), c.world(), payload, payloadBytes,
                link, slowest[rounds / 2], (driver1[0] - driver0[0]) / rounds, workerBytes / c.world() / rounds);
        System.out.flush();
    }

    private static void barrier(CollectiveClient c) {
        c.allGather(new byte[0], Route.HUB);
    }

    /** CPU time (user + system) of process {@code pid} so far, in clock ticks (1/100 s; /proc/PID/stat). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Bytes received plus sent on the network interfaces (not lo) of process {@code pid}'s network namespace. */
    static long[] linkBytes(long pid) throws IOException {
        long total = 0;
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/" + pid + "/net/dev")));
        for (String line : lines.subList(2, lines.size())) {
            String[] parts = line.trim().split("[:\\s]+");
            if (parts[0].equals("lo")) continue;
            total += Long.parseLong(parts[1]) + Long.parseLong(parts[9]);
        }
        return new long[] {total};
    }
}
