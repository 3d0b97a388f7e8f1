package bnsweep.data;

import bnsweep.util.fs.Location;
import java.nio.file.Path;

/** A problem with an input file: always names the file and says what is wrong with it. */
public class DataException extends RuntimeException {
    private final Path file;
    private final String problem;

    public DataException(Path file, String problem) {
        this(Location.of(file), problem, null);
    }

    public DataException(Path file, String problem, Throwable cause) {
        this(Location.of(file), problem, cause);
    }

    /** A problem with a file or directory that may be on a Hadoop filesystem ({@link #file()} is then null). */
    public DataException(Location where, String problem) {
        this(where, problem, null);
    }

    public DataException(Location where, String problem, Throwable cause) {
        super(where + ": " + problem, cause);
        this.file = where.local().orElse(null);
        this.problem = problem;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }

    /** The local file, or null for one on a Hadoop filesystem. */
    public Path file() {
        return file;
    }
}
