package org.trdrules.engine;

import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.Verdict;

/**
 * One treatment judged under the definition-specific criteria (episode scope, minimum weeks, failure threshold) and
 * whether it counts as a failed adequate treatment. Definitions with the same three criteria share one SpecEval per
 * treatment (two-adequate-trials, two-classes and the staging basis, by default): {@link #countsFor(int)} says which
 * definitions (by their index in the engine's list, the staging basis last) count the treatment. Not thread-safe:
 * one per assessment.
 */
public final class SpecEval extends Facts {
    private final DefinitionSpec spec;
    private final TreatmentFact treatment;
    private final java.util.BitSet definitions = new java.util.BitSet();
    private boolean stagingBasis;
    private Verdict scopeVerdict;
    private Verdict durationVerdict;
    private Verdict failureVerdict;
    private Verdict counted;

    /** {@code spec} gives the criteria: the first definition that uses them. */
    SpecEval(DefinitionSpec spec, TreatmentFact treatment) {
        this.spec = spec;
        this.treatment = treatment;
    }

    /** Adds a definition (by index) that counts this treatment under these criteria; before the fact is inserted. */
    void countFor(int index, DefinitionSpec s) {
        definitions.set(index);
        stagingBasis |= Evaluator.STAGING_BASIS_ID.equals(s.id());
    }

    /** True when the definition with this index counts the treatment under these criteria. */
    public boolean countsFor(int index) { return definitions.get(index); }
    public double getMinimumWeeks() { return spec.minimumWeeks(); }
    public double getFailureBelowPercent() { return spec.failureBelowPercent(); }
    /** True when the internal staging basis (failed adequate treatments in the current episode, ECT included) uses it. */
    public boolean isStagingBasis() { return stagingBasis; }
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
