package bnsweep.testutil;

import java.io.IOException;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real HDFS (one NameNode, one DataNode) in this JVM, its storage under a test's temporary folder. */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    public static MiniHdfs start(Path baseDir) throws IOException {
        return start(baseDir, 0);
    }

    /** @param port the NameNode's port, 0 for any free one */
    static MiniHdfs start(Path baseDir, int port) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
        MiniDFSCluster c = new MiniDFSCluster.Builder(conf).numDataNodes(1).nameNodePort(port).build();
        c.waitActive();
        return new MiniHdfs(c);
    }

    /** hdfs://localhost:PORT followed by {@code path} (which starts with '/'). */
    public String uri(String path) {
        return "hdfs://localhost:" + cluster.getNameNodePort() + path;
    }

    /**
     * A throwaway HDFS for trying bnsweep by hand, until killed: {@code java -cp <test class path>
     * bnsweep.testutil.MiniHdfs BASE_DIR PORT}; prints its hdfs:// address.
     */
    public static void main(String[] args) throws Exception {
        MiniHdfs h = start(Path.of(args[0]), Integer.parseInt(args[1]));
        System.out.println("HDFS at " + h.uri("/"));
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        cluster.shutdown();
    }
}
