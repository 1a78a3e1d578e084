package org.trdrules.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.trdrules.assessment.Verdict;

/**
 * The patient-level inputs of the risk-factor rules and the factors they write. Conditions are three-valued: a
 * coded condition is present; its absence from a recorded problem list is absent; with no problem list at all it
 * is unknown. Not thread-safe: one per assessment.
 */
public final class RiskFact {
    /** One factor as written by a rule; the rule's citation is added when the result is built. */
    public record Factor(String id, String name, Verdict status, String effect, double contribution,
                         boolean inTotal, String basis, String rule) {}

    private final String sex;
    private final Integer age;
    private final Integer ageAtOnset;
    private final int episodes;
    private final String severity;
    private final Boolean psychotic;
    private final Boolean melancholic;
    private final Boolean inpatient;
    private final Verdict suicidalRisk;
    private final Conditions codes;
    private final int antidepressantsTried;
    private final Double currentEpisodeWeeks;
    private final Settings settings;
    private final List<Factor> factors = new ArrayList<>(24);

    RiskFact(String sex, Integer age, Integer ageAtOnset, int episodes, String severity, Boolean psychotic,
                    Boolean melancholic, Boolean inpatient, Verdict suicidalRisk, Conditions codes,
                    int antidepressantsTried, Double currentEpisodeWeeks, Settings settings) {
        this.settings = settings;
        this.sex = sex;
        this.age = age;
        this.ageAtOnset = ageAtOnset;
        this.episodes = episodes;
        this.severity = severity;
        this.psychotic = psychotic;
        this.melancholic = melancholic;
        this.inpatient = inpatient;
        this.suicidalRisk = suicidalRisk;
        this.codes = codes;
        this.antidepressantsTried = antidepressantsTried;
        this.currentEpisodeWeeks = currentEpisodeWeeks;
    }

    public String getSex() { return sex; }
    public Integer getAge() { return age; }
    public Integer getAgeAtOnset() { return ageAtOnset; }
    public int getEpisodes() { return episodes; }
    public String getSeverity() { return severity; }
    public Boolean getPsychotic() { return psychotic; }
    public Boolean getMelancholic() { return melancholic; }
    public Boolean getInpatient() { return inpatient; }
    public Verdict getSuicidalRisk() { return suicidalRisk; }
    public int getAntidepressantsTried() { return antidepressantsTried; }
    public Double getCurrentEpisodeWeeks() { return currentEpisodeWeeks; }
    /** The engine's thresholds (older-adult age, chronic episode). */
    public Settings getSettings() { return settings; }
    public List<Factor> factors() { return factors; }

    /**
     * Present when a coded condition is in the value set; absent when the problem list has a condition in a code
     * system the value set covers and none in it; otherwise unknown (no problem list, or only codes the value set
     * cannot read: see {@link Conditions#presence}).
     */
    public Verdict condition(String valueSet) {
        return codes.presence(valueSet);
    }

    /** Three-valued flag: true present, false absent, null unknown. */
    public static Verdict flag(Boolean b) {
        return b == null ? Verdict.INDETERMINATE : b ? Verdict.MET : Verdict.NOT_MET;
    }

    /** Adds a factor from the firing rule; the contribution counts only when the factor is present. */
    public void factor(Object drools, String id, String name, Verdict status, String effect, double perUnitLogOdds,
                       int units, boolean inTotal, String basis) {
        double contribution = status == Verdict.MET ? perUnitLogOdds * units : 0;
        factors.add(new Factor(id, name, status, effect, contribution, inTotal, basis, Facts.ruleName(drools)));
    }
}
