package bnsweep.util;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Errors as one line for people: what failed, then the deepest cause that says something more,
 * in words ("cannot write …/checkpoint.bin: no space left on device"), not exception class names
 * (those, and the stack trace, with BNSWEEP_TRACE=1).
 */
public final class Errors {
    static final int MAX = 600;

    private Errors() {}

    public static String oneLine(Throwable e) {
        String msg = words(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root != e) {
            String cause = words(root);
            if (!msg.toLowerCase(Locale.ROOT).contains(cause.toLowerCase(Locale.ROOT))) msg += ": " + cause;
        }
        return msg.length() <= MAX ? msg : msg.substring(0, MAX) + " ...";
    }

    /** One throwable in words: its message's first line (file-system and JSON errors spelled out), or what its type means. */
    static String words(Throwable e) {
        if (e instanceof NoSuchFileException f) return "no such file or directory: " + f.getFile();
        if (e instanceof AccessDeniedException f) return "permission denied: " + f.getFile();
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return (f.getFile() == null ? "" : f.getFile() + ": ") + lower(f.getReason());
        }
        if (e instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            return "not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        String m = e.getMessage();
        if (m != null && e.getCause() != null && m.equals(e.getCause().toString())) return words(e.getCause()); // new X(cause)
        String line = m == null ? "" : m.strip().lines().findFirst().orElse("");
        if (e instanceof OutOfMemoryError) {
            return "out of memory" + (line.isEmpty() ? "" : " (" + line + ")")
                    + ": give the driver more heap (BNSWEEP_DRIVER_MEMORY, --driver-memory) or train a smaller network";
        }
        if (line.isEmpty()) return e.getClass().getSimpleName().replaceAll("(Exception|Error)$", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return e instanceof IOException ? lower(line) : line;
    }

    /** "No space left on device" → "no space left on device"; a message starting with a name or path is left alone. */
    static String lower(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
                ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
    }
}
