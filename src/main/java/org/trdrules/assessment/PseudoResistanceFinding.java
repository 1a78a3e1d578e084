package org.trdrules.assessment;

import java.util.List;

/**
 * A possible reason why treatment did not work other than true resistance: poor adherence, a dose or duration
 * below adequacy, a drug that lowers antidepressant levels, a medical condition, or a psychosocial stressor. Each
 * names the treatments it affects. Immutable and thread-safe.
 *
 * @param category     what kind of reason
 * @param treatmentIds the treatments it may explain
 * @param reason       plain language
 * @param rule         the rule id
 * @param citation     the source
 */
public record PseudoResistanceFinding(PseudoResistanceCategory category, List<String> treatmentIds, String reason, String rule,
                                      String citation) {

    /** Copies the lists, so the value cannot change after construction. */
    public PseudoResistanceFinding {
        treatmentIds = List.copyOf(treatmentIds);
    }
}
