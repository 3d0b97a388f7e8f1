package bnsweep.testutil;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real HDFS (one NameNode, one DataNode) in this JVM, its storage under a test's temporary folder. */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    public static MiniHdfs start(Path baseDir) throws java.io.IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
        MiniDFSCluster c = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        c.waitActive();
        return new MiniHdfs(c);
    }

    /** hdfs://localhost:PORT followed by {@code path} (which starts with '/'). */
    public String uri(String path) {
        return "hdfs://localhost:" + cluster.getNameNodePort() + path;
    }

    @Override
    public void close() {
        cluster.shutdown();
    }
}
