package bnsweep.cli;

import bnsweep.report.ReportWriter;
import bnsweep.util.fs.Location;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write report.html (self-contained, charts embedded) and summary.md into a finished sweep's output directory.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUT", converter = LocationConverter.class, description = "output directory of a sweep")
    Location out;

    @Override
    public Integer call() {
        ReportWriter.write(out);
        System.out.println("wrote " + out.resolve("report.html") + " and " + out.resolve("summary.md"));
        return 0;
    }
}
