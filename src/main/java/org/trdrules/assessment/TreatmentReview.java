package org.trdrules.assessment;

import java.util.List;

/**
 * The definition-independent review of one treatment (stages 1-2): drug resolution, dose, adherence, episode and
 * outcome. Duration and failure depend on each definition's thresholds and are in {@link TreatmentJudgement}.
 * Immutable and thread-safe.
 *
 * @param id                 treatment id
 * @param kind               antidepressant, augmentation, combination, ECT, psychotherapy
 * @param label              plain-language name
 * @param ingredient         resolved catalogue ingredient; null when the drug is unknown or not a drug
 * @param drugClass          pharmacological class name; null when unknown
 * @param weeks              duration in weeks, from dates or as recorded
 * @param dose               dose adequacy
 * @param adherence          adherence adequacy
 * @param currentEpisode     whether it belongs to the current episode
 * @param outcome            derived outcome
 * @param improvementPercent percent improvement, stated or from scores
 * @param reasons            plain-language reasons
 * @param missingData        what is missing
 */
public record TreatmentReview(String id, TreatmentKind kind, String label, String ingredient, String drugClass,
                              Double weeks, Verdict dose, Verdict adherence, Verdict currentEpisode,
                              TrialOutcome outcome, Double improvementPercent, List<String> reasons,
                              List<String> missingData) {

    /** Copies the lists, so the value cannot change after construction. */
    public TreatmentReview {
        reasons = List.copyOf(reasons);
        missingData = List.copyOf(missingData);
    }
}
