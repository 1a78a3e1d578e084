package org.trdrules.engine;

import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.Verdict;

/**
 * The counts behind one definition's verdict: distinct treatments and classes among the certain failures
 * (counted MET) and among the possible ones (counted MET or INDETERMINATE). Not thread-safe: one per assessment.
 */
public final class DefinitionTally extends Facts {
    private final DefinitionSpec spec;
    private final int index;
    private boolean tallied;
    private int certainTreatments;
    private int certainClasses;
    private int possibleTreatments;
    private int possibleClasses;
    private Verdict verdict;

    /** {@code index}: the definition's position in the engine's list, as {@link SpecEval#countsFor(int)} reads it. */
    DefinitionTally(DefinitionSpec spec, int index) {
        this.spec = spec;
        this.index = index;
    }

    public DefinitionSpec getSpec() { return spec; }
    public int getIndex() { return index; }
    public int getMinFailures() { return spec.minFailures(); }
    public int getMinClasses() { return spec.minClasses(); }
    public boolean isTallied() { return tallied; }
    public int getCertainTreatments() { return certainTreatments; }
    public int getCertainClasses() { return certainClasses; }
    public int getPossibleTreatments() { return possibleTreatments; }
    public int getPossibleClasses() { return possibleClasses; }
    public Verdict getVerdict() { return verdict; }
    public void setVerdict(Verdict v) { verdict = v; }

    /** Stores the four counts at once (one modification). */
    @org.kie.api.definition.type.Modifies({"tallied", "certainTreatments", "certainClasses", "possibleTreatments",
        "possibleClasses"})
    public void setCounts(int certainTreatments, int certainClasses, int possibleTreatments, int possibleClasses) {
        this.certainTreatments = certainTreatments;
        this.certainClasses = certainClasses;
        this.possibleTreatments = possibleTreatments;
        this.possibleClasses = possibleClasses;
        this.tallied = true;
    }
}
