package org.trdrules.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The patient-level facts the safety rules read (the suicidal-ideation flag, the coded conditions, the PHQ-9 item-9
 * answers) and the safety finding they write. Not thread-safe: one per assessment.
 */
public final class SafetyFact extends Facts {
    private final Boolean suicidalIdeation;
    private final Conditions conditions;
    private final Integer maxItem9;
    private final List<String> positiveItem9Ids;
    private final Long latestItem9Day;
    private final long today;
    private final Settings settings;
    private boolean suicideRisk;
    private org.trdrules.assessment.Verdict suicideRiskVerdict;
    private final List<String> basis = new ArrayList<>(2);

    SafetyFact(Boolean suicidalIdeation, Conditions conditions, Integer maxItem9, List<String> positiveItem9Ids,
               Long latestItem9Day, long today, Settings settings) {
        this.latestItem9Day = latestItem9Day;
        this.today = today;
        this.settings = settings;
        this.suicidalIdeation = suicidalIdeation;
        this.conditions = conditions;
        this.maxItem9 = maxItem9;
        this.positiveItem9Ids = positiveItem9Ids;
    }

    public Boolean getSuicidalIdeation() { return suicidalIdeation; }
    /** Highest PHQ-9 item-9 answer recorded (0-3), null when none. */
    public Integer getMaxItem9() { return maxItem9; }
    public List<String> positiveItem9Ids() { return positiveItem9Ids; }
    /** Epoch day of the latest dated item-9 answer, null when no answer is dated. */
    public Long getLatestItem9Day() { return latestItem9Day; }
    /** The evaluation date (epoch day). */
    public long getToday() { return today; }
    /** The engine's thresholds (the item-9 recency window). */
    public Settings getSettings() { return settings; }

    /** The coded conditions, queried by value-set name ({@code conditions.has("suicidality")}). */
    public Conditions getConditions() { return conditions; }

    public boolean isSuicideRisk() { return suicideRisk; }
    public void setSuicideRisk(boolean v) { suicideRisk = v; }
    /** MET, NOT_MET or INDETERMINATE, as the verdict rule concluded (null before phase 1 has fired). */
    public org.trdrules.assessment.Verdict getSuicideRiskVerdict() { return suicideRiskVerdict; }
    public void setSuicideRiskVerdict(org.trdrules.assessment.Verdict v) { suicideRiskVerdict = v; }
    /** What triggered the finding, in plain language (codes and measurement ids, no values). */
    public List<String> basis() { return basis; }
}
