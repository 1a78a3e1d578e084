package org.trdrules.engine;

import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.Verdict;

/**
 * One treatment judged under one definition: the definition-specific criteria (episode scope, duration, failure
 * threshold) and whether it counts as a failed adequate treatment. Not thread-safe: one per assessment.
 */
public final class SpecEval extends Facts {
    private final DefinitionSpec spec;
    private final TreatmentFact treatment;
    private Verdict scopeVerdict;
    private Verdict durationVerdict;
    private Verdict failureVerdict;
    private Verdict counted;

    public SpecEval(DefinitionSpec spec, TreatmentFact treatment) {
        this.spec = spec;
        this.treatment = treatment;
    }

    public DefinitionSpec getSpec() { return spec; }
    public double getMinimumWeeks() { return spec.minimumWeeks(); }
    public double getFailureBelowPercent() { return spec.failureBelowPercent(); }
    /** True for the internal staging basis (failed adequate treatments in the current episode, ECT included). */
    public boolean isStagingBasis() { return Evaluator.STAGING_BASIS_ID.equals(spec.id()); }
    public boolean isLifetimeScope() { return spec.scope() == org.trdrules.assessment.EpisodeScope.ANY_EPISODE; }
    public TreatmentFact getTreatment() { return treatment; }
    public Verdict getScopeVerdict() { return scopeVerdict; }
    public void setScopeVerdict(Verdict v) { scopeVerdict = v; }
    public Verdict getDurationVerdict() { return durationVerdict; }
    public void setDurationVerdict(Verdict v) { durationVerdict = v; }
    public Verdict getFailureVerdict() { return failureVerdict; }
    public void setFailureVerdict(Verdict v) { failureVerdict = v; }
    public Verdict getCounted() { return counted; }
    public void setCounted(Verdict v) { counted = v; }
}
