package bnsweep.engine.driver;

/** The useful line of a failed Spark job's exception, without Spark's wrapping and stack traces. */
final class StageFailures {
    private StageFailures() {}

    static String brief(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        // "... barrier task ResultTask(3, 1) finished unsuccessfully.\nbnsweep...CollectiveException: worker 1 ...\n\tat ..."
        int at = m.lastIndexOf("finished unsuccessfully.");
        if (at >= 0) m = m.substring(at + "finished unsuccessfully.".length()).strip();
        int trace = m.indexOf("\n\tat ");
        if (trace >= 0) m = m.substring(0, trace);
        m = m.replaceFirst("^(?:[\\w$]+\\.)+[\\w$]*(?:Exception|Error): ", "");
        int newline = m.indexOf('\n');
        return (newline >= 0 ? m.substring(0, newline) : m).strip();
    }
}
