package bnsweep.cli;

import bnsweep.data.DataException;
import bnsweep.run.RunInterrupted;
import bnsweep.util.Errors;
import bnsweep.util.NativeBuild;
import bnsweep.util.Termination;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point: {@code bnsweep train|prepare ...}. Errors print one clear line and exit 1 (with the
 * stack trace when the environment sets BNSWEEP_TRACE); a run stopped by SIGTERM prints
 * "interrupted" and exits 143.
 */
@Command(name = "bnsweep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Batch Normalization x batch size, trained data-parallel on Spark.",
        subcommands = {TrainCommand.class, SweepCommand.class, ReportCommand.class, PrepareCommand.class})
public final class Main {
    /**
     * The Spark master, before or after the command's name (spark-submit's users write it first):
     * inherited by every command.
     */
    @Option(names = "--master", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Spark master: local[N], spark://host:7077, yarn, ... (default: local[<the most workers a configuration has>];"
                    + " prepare: local[2])")
    String master;

    /** The version the build wrote (the POM's). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bnsweep " + bnsweep.util.Versions.bnsweep()};
        }
    }

    /** Exit code of a run stopped by SIGTERM or Ctrl-C (128 + SIGTERM). */
    static final int INTERRUPTED = 143;

    public static void main(String[] args) {
        try {
            NativeBuild.choose(); // before anything loads ND4J
        } catch (NativeBuild.Unavailable e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        Termination.install(bnsweep.engine.collective.CollectiveHub.class.getPackageName()); // its connections close on shutdown
        int code;
        try {
            code = run(args);
        } catch (Error e) { // picocli hands on Errors (OutOfMemoryError): one line too, not a stack trace
            System.err.println("error: " + Errors.oneLine(e));
            if (System.getenv("BNSWEEP_TRACE") != null) e.printStackTrace();
            code = 1;
        }
        Termination.finished();
        // in YARN cluster mode this is the user class of Spark's ApplicationMaster: returning is how it reports
        // success (System.exit would end the container before the AM reports a final status, as a failure)
        if (code == 0 && inYarnClusterMode()) return;
        System.exit(code);
    }

    /** Whether this JVM is the driver inside a YARN application master's container (the AM sets these from the app's conf). */
    static boolean inYarnClusterMode() {
        return System.getProperty("spark.master", "").startsWith("yarn") && "cluster".equals(System.getProperty("spark.submit.deployMode"));
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.err, true), args);
    }

    /** Runs a command; error messages go to {@code err}. Returns the exit code. */
    public static int run(PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main()).setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (RunInterrupted.isInterruption(e)) {
                cmd.getErr().println("interrupted: " + e.getMessage());
                return INTERRUPTED;
            }
            cmd.getErr().println("error: " + (e instanceof DataException || e instanceof IllegalArgumentException
                    || e instanceof NativeBuild.Unavailable ? e.getMessage()
                    : Errors.oneLine(e)));
            if (System.getenv("BNSWEEP_TRACE") != null) e.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }
}
