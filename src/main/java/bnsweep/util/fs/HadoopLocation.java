package bnsweep.util.fs;

import java.io.FileNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * A path on a Hadoop filesystem ({@code hdfs://}, {@code s3a://}, ...), through Hadoop's {@link FileContext}
 * with the Hadoop configuration Spark would use (HADOOP_CONF_DIR's files and {@code spark.hadoop.*}). A
 * write goes to a temporary file beside the target, is synced where the stream can ({@code hsync}), and is
 * renamed over the target. On HDFS that rename is atomic; on object stores (s3a) a rename is a copy, so
 * there a reader may see a partly replaced directory, never a partly written file.
 * {@link #replaceDirectory} moves the shown version aside and the fresh one in: two renames, between which
 * the path is missing for a moment (a reader then finds no table, never a mix), and earlier versions are
 * deleted. Locks: {@link HadoopLock}. Equal when on the same filesystem (one FileContext each: {@link FileContexts}) and path.
 */
public record HadoopLocation(FileContext fc, Path path) implements Location {
    /** Opens {@code uri}'s filesystem ({@link FileContexts}); an unusable URI is an IllegalArgumentException saying why. */
    static HadoopLocation open(URI uri) {
        if (uri.getPath() == null || uri.getPath().isEmpty()) throw new IllegalArgumentException(uri + ": no path after the filesystem");
        return new HadoopLocation(FileContexts.of(uri), new Path(uri));
    }

    @Override
    public Location resolve(String relative) {
        return new HadoopLocation(fc, new Path(path, relative));
    }

    @Override
    public String name() {
        return path.getName();
    }

    @Override
    public boolean exists() {
        return status() != null;
    }

    @Override
    public boolean isFile() {
        FileStatus s = status();
        return s != null && s.isFile();
    }

    @Override
    public boolean isDirectory() {
        FileStatus s = status();
        return s != null && s.isDirectory();
    }

    FileStatus status() {
        try {
            return fc.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw Location.failure("read", path, e);
        }
    }

    @Override
    public InputStream open() {
        try {
            return fc.open(path);
        } catch (IOException e) {
            throw Location.failure("read", path, e);
        }
    }

    @Override
    public void write(byte[] content) {
        Path tmp = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
                out.write(content);
                if (out.hasCapability(StreamCapabilities.HSYNC)) out.hsync();
            }
            fc.rename(tmp, path, Options.Rename.OVERWRITE);
        } catch (IOException e) {
            throw Location.failure("write", path, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public void mkdirs() {
        try {
            fc.mkdir(path, null, true);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            if (!isDirectory()) throw Location.failure("create directory", path, e);
        } catch (IOException e) {
            throw Location.failure("create directory", path, e);
        }
    }

    @Override
    public List<Location> list() {
        if (!isDirectory()) return List.of();
        try {
            FileStatus[] all = fc.util().listStatus(path);
            Arrays.sort(all, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            List<Location> out = new ArrayList<>();
            for (FileStatus s : all) out.add(new HadoopLocation(fc, s.getPath()));
            return out;
        } catch (IOException e) {
            throw Location.failure("list", path, e);
        }
    }

    @Override
    public Map<String, Long> files() {
        Map<String, Long> files = new TreeMap<>();
        if (!isDirectory()) return files;
        try {
            String root = fc.makeQualified(path).toUri().getPath();
            RemoteIterator<LocatedFileStatus> it = fc.util().listFiles(path, true);
            while (it.hasNext()) {
                LocatedFileStatus s = it.next();
                files.put(s.getPath().toUri().getPath().substring(root.length() + 1), s.getLen());
            }
        } catch (IOException e) {
            throw Location.failure("list", path, e);
        }
        return files;
    }

    @Override
    public void delete() {
        try {
            fc.delete(path, true);
        } catch (FileNotFoundException gone) {
            // nothing to delete
        } catch (IOException e) {
            throw Location.failure("delete", path, e);
        }
    }

    private void deleteQuietly(Path p) {
        try {
            fc.delete(p, false);
        } catch (IOException ignored) {
            // a temporary file that was renamed, or is left for the next write to ignore
        }
    }

    @Override
    public void moveTo(Location target) {
        Path to = ((HadoopLocation) target).path;
        try {
            fc.rename(path, to, Options.Rename.NONE);
        } catch (IOException e) {
            throw Location.failure("move " + path + " to", to, e);
        }
    }

    @Override
    public void replaceDirectory(Location fresh) {
        HadoopLocation f = (HadoopLocation) fresh;
        String prefix = name().replaceFirst("\\.parquet$", "") + "-";
        HadoopLocation versions = new HadoopLocation(fc, f.path.getParent());
        if (exists()) moveTo(versions.resolve(prefix + "replaced-" + UUID.randomUUID() + ".parquet"));
        f.moveTo(this);
        for (Location v : versions.list()) { // a reader of a path that was moved away cannot go on reading it anyway
            if (v.name().startsWith(prefix)) v.delete();
        }
    }

    @Override
    public Lock tryLock(String name) {
        mkdirs();
        return HadoopLock.tryAcquire(fc, new Path(path, name));
    }

    @Override
    public String uri() {
        return path.toString();
    }

    @Override
    public Optional<java.nio.file.Path> local() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
