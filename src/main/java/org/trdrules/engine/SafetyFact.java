package org.trdrules.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The patient-level facts the safety rules read (the suicidal-ideation flag, the coded conditions, the PHQ-9 item-9
 * answers) and the safety finding they write. Not thread-safe: one per assessment.
 */
public final class SafetyFact extends Facts {
    private final Boolean suicidalIdeation;
    private final Set<String> conditionCodes;
    private final Integer maxItem9;
    private final List<String> positiveItem9Ids;
    private final boolean bipolarCoded;
    private final boolean bipolarPossible;
    private boolean suicideRisk;
    private final List<String> basis = new ArrayList<>(2);

    public SafetyFact(Boolean suicidalIdeation, Set<String> conditionCodes, Integer maxItem9,
                      List<String> positiveItem9Ids, boolean bipolarCoded, boolean bipolarPossible) {
        this.bipolarCoded = bipolarCoded;
        this.bipolarPossible = bipolarPossible;
        this.suicidalIdeation = suicidalIdeation;
        this.conditionCodes = conditionCodes;
        this.maxItem9 = maxItem9;
        this.positiveItem9Ids = positiveItem9Ids;
    }

    public Boolean getSuicidalIdeation() { return suicidalIdeation; }
    /** Highest PHQ-9 item-9 answer recorded (0-3), null when none. */
    public Integer getMaxItem9() { return maxItem9; }
    public List<String> positiveItem9Ids() { return positiveItem9Ids; }

    /** True when a recorded condition code starts with the prefix (case-insensitive, dot optional). */
    public boolean hasCode(String prefix) {
        return Codes.hasPrefix(conditionCodes, prefix);
    }

    /** The matching condition codes, for the explanation. */
    public List<String> codesStartingWith(String... prefixes) {
        List<String> out = new ArrayList<>();
        for (String c : conditionCodes) {
            for (String prefix : prefixes) {
                if (c.startsWith(Codes.normalise(prefix))) {
                    out.add(c);
                    break;
                }
            }
        }
        return out;
    }

    /** True when a condition is coded as bipolar disorder (ICD-10-CM F31, or a SNOMED CT code of the eCQM value set). */
    public boolean isBipolarCoded() { return bipolarCoded; }
    /** True when bipolar disorder is coded only as a provisional diagnosis (unconfirmed, provisional, differential). */
    public boolean isBipolarPossible() { return bipolarPossible; }

    public boolean isSuicideRisk() { return suicideRisk; }
    public void setSuicideRisk(boolean v) { suicideRisk = v; }
    /** What triggered the finding, in plain language (codes and measurement ids, no values). */
    public List<String> basis() { return basis; }
}
