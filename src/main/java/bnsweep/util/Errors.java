package bnsweep.util;

/** Errors as one line for people: the message, and the deepest cause that says something more. */
public final class Errors {
    static final int MAX = 600;

    private Errors() {}

    public static String oneLine(Throwable e) {
        String msg = firstLine(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root != e) {
            String cause = firstLine(root);
            if (!msg.contains(cause.replaceFirst("^[A-Za-z.]+: ", ""))) msg += " (cause: " + cause + ")";
        }
        return msg.length() <= MAX ? msg : msg.substring(0, MAX) + " ...";
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        boolean plain = e instanceof IllegalArgumentException || e instanceof IllegalStateException;
        String name = e.getClass().getSimpleName();
        if (m == null || m.isBlank()) return name;
        String line = m.strip().lines().findFirst().orElse("");
        return plain ? line : name + ": " + line;
    }
}
