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
 * @param evidence  the guideline grades of the option, in catalogue order; empty when no guideline grades it
 * @param noGradeReason why {@code evidence} is empty (e.g. {@code no guideline grade}); null when it is not
 */
public record OptionResult(String id, OptionFamily family, String label, EligibilityStatus status, List<String> reasons,
                           List<String> rules, List<String> citations, List<Evidence> evidence, String noGradeReason) {

    /** Copies the lists, so the value cannot change after construction. */
    public OptionResult {
        reasons = List.copyOf(reasons);
        rules = List.copyOf(rules);
        citations = List.copyOf(citations);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** True when at least one guideline grades this option. */
    public boolean graded() {
        return !evidence.isEmpty();
    }
}
