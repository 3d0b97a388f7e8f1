package bnsweep.data;

import java.nio.file.Path;

/** A problem with an input file: always names the file and says what is wrong with it. */
public class DataException extends RuntimeException {
    private final Path file;
    private final String problem;

    public DataException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    public DataException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }

    public Path file() {
        return file;
    }
}
