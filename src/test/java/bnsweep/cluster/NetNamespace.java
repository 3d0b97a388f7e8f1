package bnsweep.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A second "host" on this machine: a network namespace joined to the host by a veth pair with two
 * private addresses of a /30 that only this test uses. Created by {@link #create}, removed by
 * {@link #close}; needs root (CAP_NET_ADMIN) and iproute2.
 */
final class NetNamespace implements AutoCloseable {
    final String name;
    final String hostAddress;
    final String nsAddress;
    private final String hostLink;

    private NetNamespace(String name, String hostLink, String hostAddress, String nsAddress) {
        this.name = name;
        this.hostLink = hostLink;
        this.hostAddress = hostAddress;
        this.nsAddress = nsAddress;
    }

    /** Creates the namespace, or throws IOException with what `ip` said. */
    static NetNamespace create() throws IOException, InterruptedException {
        long id = ProcessHandle.current().pid() % 60000;
        String name = "bnsw" + id, hostLink = "bnswh" + id, nsLink = "bnswn" + id;
        int subnet = (int) (id % 64) * 4; // 10.213.250.<subnet>/30
        String host = "10.213.250." + (subnet + 1), ns = "10.213.250." + (subnet + 2);
        NetNamespace n = new NetNamespace(name, hostLink, host, ns);
        try {
            ip("netns", "add", name);
            ip("link", "add", hostLink, "type", "veth", "peer", "name", nsLink);
            ip("link", "set", nsLink, "netns", name);
            ip("addr", "add", host + "/30", "dev", hostLink);
            ip("link", "set", hostLink, "up");
            ip("netns", "exec", name, "ip", "addr", "add", ns + "/30", "dev", nsLink);
            ip("netns", "exec", name, "ip", "link", "set", nsLink, "up");
            ip("netns", "exec", name, "ip", "link", "set", "lo", "up");
        } catch (IOException | InterruptedException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** The command prefix that runs a program inside the namespace. */
    List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    @Override
    public void close() {
        try {
            ip("link", "del", hostLink); // removes its peer too
        } catch (IOException | InterruptedException ignored) {
            // not created
        }
        try {
            ip("netns", "del", name);
        } catch (IOException | InterruptedException ignored) {
            // not created
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        NetBridge.run(cmd);
    }
}
