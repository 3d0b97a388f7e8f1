package bnsweep.util.fs;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * One Hadoop {@link FileContext} per filesystem (scheme and authority), with the Hadoop configuration Spark
 * would use. Kept outside Hadoop's FileSystem cache on purpose: the cache's shutdown hook closes its
 * clients, and a command stopped by SIGTERM must still record its interruption under OUT afterwards.
 */
final class FileContexts {
    private static final Map<String, FileContext> CONTEXTS = new ConcurrentHashMap<>();

    private FileContexts() {}

    static FileContext of(URI uri) {
        String fs = uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority());
        return CONTEXTS.computeIfAbsent(fs, k -> {
            try {
                return FileContext.getFileContext(URI.create(k + "/"), configuration());
            } catch (UnsupportedFileSystemException e) {
                throw noFilesystem(uri, e);
            } catch (RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) root = root.getCause();
                if (root instanceof ClassNotFoundException) throw noFilesystem(uri, e);
                throw new IllegalArgumentException(uri + ": cannot open its filesystem: " + root, e);
            }
        });
    }

    private static IllegalArgumentException noFilesystem(URI uri, Exception e) {
        return new IllegalArgumentException(uri + ": no Hadoop filesystem for scheme '" + uri.getScheme()
                + "' on the class path (hdfs:// is; s3a:// needs hadoop-aws and the AWS SDK on --jars)", e);
    }

    /** Spark's Hadoop configuration: core-site.xml etc. from the class path, plus spark.hadoop.* from the Spark conf. */
    static Configuration configuration() {
        return org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(new org.apache.spark.SparkConf());
    }
}
