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
        if (!(Math.abs(d) < 1e15)) { // huge, infinite or NaN: the general path
            double r = Math.round(d * 10) / 10.0;
            return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
        }
        long tenths = Math.round(d * 10); // rounded half up to one decimal, as before, without a Formatter
        long whole = tenths / 10;
        long digit = Math.abs(tenths % 10);
        if (digit == 0) {
            return Long.toString(whole);
        }
        return (tenths < 0 && whole == 0 ? "-0" : Long.toString(whole)) + "." + digit;
    }
}
