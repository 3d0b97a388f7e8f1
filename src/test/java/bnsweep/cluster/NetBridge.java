package bnsweep.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts on one network segment on this machine: a bridge with an address of this machine (where a test's Spark
 * Master listens) and network namespaces joined to it by veth pairs, each with an address of a private /24 that
 * only this test uses. Each host can be firewalled: incoming connections only to the ports named. Created by
 * {@link #create}, removed by {@link #close}; needs root (CAP_NET_ADMIN), iproute2 and iptables.
 */
final class NetBridge implements AutoCloseable {
    /** One host: a namespace and its address. */
    record Host(String name, String address) {
        /** The command prefix that runs a program on this host. */
        List<String> exec() {
            return List.of("ip", "netns", "exec", name);
        }

        /**
         * Drops every incoming TCP connection but to {@code ports} (each a port or a range "a:b"); answers to
         * connections this host opened, and its own loopback, pass.
         */
        void firewall(List<String> ports) throws IOException, InterruptedException {
            iptables("-P", "INPUT", "DROP");
            iptables("-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
            iptables("-A", "INPUT", "-m", "state", "--state", "ESTABLISHED,RELATED", "-j", "ACCEPT");
            for (String p : ports) iptables("-A", "INPUT", "-p", "tcp", "--dport", p, "-j", "ACCEPT");
        }

        /** Connections accepted by the rule that opens {@code port} (as given to {@link #firewall}). */
        long accepted(String port) throws IOException, InterruptedException {
            for (String line : run(List.of("ip", "netns", "exec", name, "iptables", "-L", "INPUT", "-v", "-n", "-x")).split("\n")) {
                if (line.contains("dpt:" + port) || line.contains("dpts:" + port)) return Long.parseLong(line.trim().split("\\s+")[0]);
            }
            throw new IOException("no rule for port " + port + " on " + name);
        }

        private void iptables(String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, "iptables"));
            cmd.addAll(List.of(args));
            run(cmd);
        }
    }

    final String address;
    final List<Host> hosts;
    private final String bridge;

    private NetBridge(String bridge, String address, List<Host> hosts) {
        this.bridge = bridge;
        this.address = address;
        this.hosts = hosts;
    }

    /** A bridge and {@code names.size()} hosts on it, or IOException with what `ip` said. */
    static NetBridge create(List<String> names) throws IOException, InterruptedException {
        long id = ProcessHandle.current().pid() % 10000;
        String net = "10.216." + (id % 250) + ".";
        List<Host> hosts = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) hosts.add(new Host("bnfw" + id + "-" + names.get(k), net + (k + 2)));
        NetBridge b = new NetBridge("bnfwbr" + id, net + "1", hosts);
        try {
            run(List.of("ip", "link", "add", b.bridge, "type", "bridge"));
            run(List.of("ip", "addr", "add", b.address + "/24", "dev", b.bridge));
            run(List.of("ip", "link", "set", b.bridge, "up"));
            for (int k = 0; k < hosts.size(); k++) {
                String ns = hosts.get(k).name(), outside = "bnfwh" + id + "-" + k, inside = "bnfwn" + id + "-" + k;
                run(List.of("ip", "netns", "add", ns));
                run(List.of("ip", "link", "add", outside, "type", "veth", "peer", "name", inside));
                run(List.of("ip", "link", "set", inside, "netns", ns));
                run(List.of("ip", "-n", ns, "addr", "add", hosts.get(k).address() + "/24", "dev", inside));
                run(List.of("ip", "-n", ns, "link", "set", inside, "up"));
                run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
                run(List.of("ip", "link", "set", outside, "master", b.bridge, "up"));
            }
        } catch (IOException | InterruptedException e) {
            b.close();
            throw e;
        }
        return b;
    }

    @Override
    public void close() {
        for (Host h : hosts) quietly(List.of("ip", "netns", "del", h.name())); // removes its end of the veth pair, and so both
        quietly(List.of("ip", "link", "del", bridge));
    }

    private static void quietly(List<String> cmd) {
        try {
            run(cmd);
        } catch (IOException | InterruptedException notCreated) {
            // nothing to remove
        }
    }

    /** Runs {@code cmd}, its output as it said it; IOException with that output when it fails or hangs for 20 s. */
    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": no answer in 20 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + ": " + out);
        return out;
    }
}
