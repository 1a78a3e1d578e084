package org.trdrules.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.trdrules.model.CodedCondition;

/** Condition codes as the rules compare them: upper case, without dots, matched by prefix. Stateless. */
final class Codes {
    private Codes() {}

    static String normalise(String code) {
        return code.trim().toUpperCase(Locale.ROOT).replace(".", "");
    }

    static Set<String> of(List<CodedCondition> conditions) {
        Set<String> codes = new HashSet<>();
        for (CodedCondition c : conditions) {
            codes.add(normalise(c.code()));
        }
        return codes;
    }

    /** True when a code starts with the prefix (case-insensitive, dot optional). */
    static boolean hasPrefix(Set<String> codes, String prefix) {
        String p = normalise(prefix);
        for (String c : codes) {
            if (c.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
