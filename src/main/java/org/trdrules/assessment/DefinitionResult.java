package org.trdrules.assessment;

import org.trdrules.SourceStatus;
import java.util.List;
import java.util.Objects;

/**
 * One TRD definition's verdict for a patient, with the treatments it counted, the ones it excluded and why, and
 * what would change the verdict. Immutable and thread-safe.
 *
 * @param id               stable definition id, e.g. {@code two-adequate-trials}
 * @param name             display name
 * @param verdict          MET, NOT_MET or INDETERMINATE
 * @param explanation      criterion, citation, facts used, reasons, missing data
 * @param treatments       how each treatment in the definition's reach was judged
 * @param whatWouldChange  the smallest additional facts that would make a NOT_MET or INDETERMINATE verdict MET
 * @param sourceStatus     whether the thresholds are confirmed in the source ({@code CONFIRMED}), partly
 *                         ({@code PARTLY_CONFIRMED}) or are defaults ({@code UNCONFIRMED})
 * @param sourceNote       which thresholds are defaults, in plain language (may be empty)
 */
public record DefinitionResult(String id, String name, Verdict verdict, Explanation explanation,
                               List<TreatmentJudgement> treatments, List<String> whatWouldChange,
                               SourceStatus sourceStatus, String sourceNote) {

    /** Checks that the source status is set and copies the lists. */
    public DefinitionResult {
        Objects.requireNonNull(sourceStatus, "sourceStatus");
        sourceNote = sourceNote == null ? "" : sourceNote;
        treatments = List.copyOf(treatments);
        whatWouldChange = List.copyOf(whatWouldChange);
    }
}
