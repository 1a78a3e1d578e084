package org.trdrules.engine;

import java.util.Locale;

/** Number formatting for the plain-language reasons the rules write. Stateless. */
public final class Explain {
    private Explain() {}

    /** A number without a trailing ".0": 150, 37.5, 4.3. */
    public static String num(Double d) {
        if (d == null) {
            return "?";
        }
        double r = Math.round(d * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }
}
