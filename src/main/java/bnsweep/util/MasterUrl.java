package bnsweep.util;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Spark master URL before Spark starts: a malformed one, {@code local[0]}, or an unreachable
 * standalone master would otherwise surface as stack traces (an unreachable {@code spark://} master
 * only after a minute of registration retries).
 */
public final class MasterUrl {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,\\s*(\\d+))?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*\\d+\\s*,\\s*\\d+\\s*]");
    private static final Pattern STANDALONE = Pattern.compile("spark://(.+)");
    private static final Pattern HOST_PORT = Pattern.compile("\\[?([^\\]]+?)]?:(\\d{1,5})");

    private MasterUrl() {}

    /** Refuses a master URL that cannot work, with a message saying why; returns normally otherwise. */
    public static void check(String master) {
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            if (local.group(2) != null && !local.group(2).equals("*") && Long.parseLong(local.group(2)) < 1) {
                throw new IllegalArgumentException("--master " + master + ": a local master needs at least one thread (local[N], N >= 1)");
            }
            return;
        }
        if (LOCAL_CLUSTER.matcher(master).matches() || master.equals("yarn") || master.startsWith("k8s://") || master.startsWith("mesos://")) {
            return;
        }
        Matcher standalone = STANDALONE.matcher(master);
        if (!standalone.matches()) {
            throw new IllegalArgumentException("--master " + master + ": not a Spark master URL (local, local[N], local[*],"
                    + " spark://HOST:PORT, yarn, k8s://...)");
        }
        List<String> failures = new ArrayList<>();
        for (String hp : standalone.group(1).split(",")) {
            Matcher m = HOST_PORT.matcher(hp.trim());
            if (!m.matches()) throw new IllegalArgumentException("--master " + master + ": '" + hp + "' is not HOST:PORT");
            String why = reach(m.group(1), Integer.parseInt(m.group(2)));
            if (why == null) return;
            failures.add(hp.trim() + " (" + why + ")");
        }
        throw new IllegalArgumentException("cannot reach the Spark master at " + String.join(", ", failures) + " within "
                + CONNECT_TIMEOUT_MILLIS / 1000 + " s: is it running, and is the address right?");
    }

    /** Null when a TCP connection opens, else why not. */
    static String reach(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return null;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
