package org.trdrules.assessment;

import java.util.List;

/**
 * What a clinician needs to review a conclusion: the rules that produced it, the criterion in plain language, the
 * citation, the facts used (treatment and episode ids), the reasons, and the missing data that would decide an
 * INDETERMINATE verdict. Immutable and thread-safe.
 *
 * @param rules       ids of the rules that concluded
 * @param criterion   the criterion in plain language
 * @param citation    the source of the criterion
 * @param factsUsed   ids of the treatments, episodes and measurements used
 * @param reasons     plain-language reasons
 * @param missingData data that would decide an undecided point
 */
public record Explanation(List<String> rules, String criterion, String citation, List<String> factsUsed,
                          List<String> reasons, List<String> missingData) {

    /** Copies the lists, so the value cannot change after construction. */
    public Explanation {
        rules = List.copyOf(rules);
        factsUsed = List.copyOf(factsUsed);
        reasons = List.copyOf(reasons);
        missingData = List.copyOf(missingData);
    }
}
