package bnsweep.config;

import java.io.Serializable;

/**
 * The ports a listening socket may take: {@code 0} (any free port, the system's choice), one port, or a range
 * {@code from-to} in which the first free one is taken.
 */
public record PortRange(int from, int to) implements Serializable {
    public static final PortRange ANY = new PortRange(0, 0);

    public PortRange {
        boolean any = from == 0 && to == 0;
        if (!any && (from < 1 || to > 65535 || from > to)) throw new IllegalArgumentException(from + "-" + to + " (ports are 1..65535, the first no larger than the last)");
    }

    /** {@code 0}, {@code 47100} or {@code 47100-47199}. */
    public static PortRange parse(String text) {
        String t = text.trim();
        try {
            int dash = t.indexOf('-');
            if (dash < 0) {
                int p = Integer.parseInt(t);
                return p == 0 ? ANY : new PortRange(p, p);
            }
            return new PortRange(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' (give 0 for any free port, a port, or a range such as 47100-47199)");
        }
    }

    public boolean any() {
        return from == 0;
    }

    @Override
    public String toString() {
        return any() ? "0" : from == to ? String.valueOf(from) : from + "-" + to;
    }
}
