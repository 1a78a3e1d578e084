package org.trdrules.assessment;

import java.util.List;

/**
 * How one definition judged one treatment: counted as a failed adequate treatment (MET), excluded (NOT_MET) or
 * undecided (INDETERMINATE), with the reasons and missing data. Immutable and thread-safe.
 *
 * @param treatmentId the treatment's id
 * @param label       plain-language name, e.g. "aripiprazole added to duloxetine"
 * @param counted     MET when it counts as a failed adequate treatment
 * @param reasons     why it was excluded or counted
 * @param missingData what would decide it
 */
public record TreatmentJudgement(String treatmentId, String label, Verdict counted, List<String> reasons,
                                 List<String> missingData) {

    /** Copies the lists, so the value cannot change after construction. */
    public TreatmentJudgement {
        reasons = List.copyOf(reasons);
        missingData = List.copyOf(missingData);
    }
}
