package bnsweep.cli;

import bnsweep.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code bnsweep train|prepare ...}. Errors print one clear line and exit non-zero. */
@Command(name = "bnsweep", mixinStandardHelpOptions = true, version = "bnsweep 0.1",
        description = "Batch Normalization x batch size, trained data-parallel on Spark.",
        subcommands = {TrainCommand.class, SweepCommand.class, ReportCommand.class, PrepareCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs a command; error messages go to {@code err}. Returns the exit code. */
    public static int run(java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main()).setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DataException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + e.getMessage());
            } else {
                cmd.getErr().println("error: " + e);
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }
}
