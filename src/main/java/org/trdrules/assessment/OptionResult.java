package org.trdrules.assessment;

import java.util.List;

/**
 * One concrete treatment option (e.g. {@code switch-bupropion}, {@code augment-lithium}, {@code esketamine}) with
 * its status, the reasons and safety checks behind it, and their citations. Immutable and thread-safe.
 *
 * @param id        stable option id
 * @param family    the option family
 * @param label     plain-language name
 * @param status    the worst status any rule gave it
 * @param reasons   every reason, worst first
 * @param rules     ids of the rules that judged it
 * @param citations their citations
 */
public record OptionResult(String id, OptionFamily family, String label, EligibilityStatus status, List<String> reasons,
                           List<String> rules, List<String> citations) {

    public OptionResult {
        reasons = List.copyOf(reasons);
        rules = List.copyOf(rules);
        citations = List.copyOf(citations);
    }
}
