package org.trdrules.engine;

import java.util.Map;
import java.util.Set;
import org.trdrules.assessment.Verdict;

/**
 * What the eligibility rules need to know about the patient, assembled after the definition and staging stages:
 * age, pregnancy, suicide risk, coded conditions, allergies, episodes, the verdicts of the definitions the labels
 * use, failed and not-tolerated drugs, the current antidepressant and when each drug was last taken. Final before
 * the options are judged (value-set answers are memoised on first use). Not thread-safe: one per assessment.
 */
public final class EligibilityContext {
    private final Integer age;
    private final Boolean pregnant;
    private final boolean suicideRisk;
    private final Set<String> codes;
    private final Set<String> allergies;
    private final int episodes;
    private final Double currentEpisodeWeeks;
    private final Boolean psychoticFeatures;
    private final Verdict twoTrials;
    private final Verdict fourTreatments;
    private final int failedCertain;
    private final int failedPossible;
    private final int failedCertain4w;
    private final int failedPossible4w;
    private final Map<String, String> failedDrugs;
    private final Map<String, String> intolerantDrugs;
    private final Map<String, Long> daysSinceLastDose;
    private final Map<String, Long> daysSinceClass;
    private final String currentIngredient;
    private final String currentClass;
    private final String currentTrialId;
    private final Double currentDose;
    private final Double currentMaxDose;
    private final Map<String, String> drugClassOf;
    private final Set<String> stopUnknown;
    // set once by Eligibility.context before any option is judged
    Boolean suicidalIdeation;
    String currentSeverity;
    Boolean mixedFeatures;
    Boolean catatonicFeatures;
    Boolean postpartumOnset;
    Double systolicBp;
    Double diastolicBp;
    Long bloodPressureAgeDays;
    Double egfr;
    Long egfrAgeDays;
    Boolean renalImpairmentStated;
    Boolean hepaticImpairmentStated;
    Boolean postpartum;
    Boolean lactating;
    String cyp2d6;
    String cyp2c19;
    Set<String> ectOutcomes = Set.of();
    /** Ingredients taken or recorded whose catalogue role is ANTIDEPRESSANT (not lithium, antipsychotics, stimulants). */
    Set<String> antidepressants = Set.of();
    /** Other medications recorded with neither a start nor an end (taken now, timing unknown). */
    Set<String> undatedMedications = Set.of();
    Map<String, Set<String>> procedureOutcomes = Map.of();
    ValueSets valueSets = ValueSets.bundled();
    Conditions conditions;
    Settings settings;
    // value-set answers, computed once per assessment: every option asks the same questions
    private final Map<String, Boolean> codeIn = new java.util.HashMap<>();
    private final Map<String, String> taken = new java.util.HashMap<>();
    private static final String NONE = "";

    public EligibilityContext(Integer age, Boolean pregnant, boolean suicideRisk, Set<String> codes,
                              Set<String> allergies, int episodes, Double currentEpisodeWeeks, Boolean psychoticFeatures,
                              Verdict twoTrials, Verdict fourTreatments, int failedCertain, int failedPossible,
                              int failedCertain4w, int failedPossible4w,
                              Map<String, String> failedDrugs, Map<String, String> intolerantDrugs,
                              Map<String, Long> daysSinceLastDose, Map<String, Long> daysSinceClass,
                              String currentIngredient, String currentClass, String currentTrialId,
                              Double currentDose, Double currentMaxDose, Map<String, String> drugClassOf,
                              Set<String> stopUnknown) {
        this.age = age;
        this.pregnant = pregnant;
        this.suicideRisk = suicideRisk;
        this.codes = codes;
        this.allergies = allergies;
        this.episodes = episodes;
        this.currentEpisodeWeeks = currentEpisodeWeeks;
        this.psychoticFeatures = psychoticFeatures;
        this.twoTrials = twoTrials;
        this.fourTreatments = fourTreatments;
        this.failedCertain = failedCertain;
        this.failedPossible = failedPossible;
        this.failedCertain4w = failedCertain4w;
        this.failedPossible4w = failedPossible4w;
        this.failedDrugs = failedDrugs;
        this.intolerantDrugs = intolerantDrugs;
        this.daysSinceLastDose = daysSinceLastDose;
        this.daysSinceClass = daysSinceClass;
        this.currentIngredient = currentIngredient;
        this.currentClass = currentClass;
        this.currentTrialId = currentTrialId;
        this.currentDose = currentDose;
        this.currentMaxDose = currentMaxDose;
        this.drugClassOf = drugClassOf;
        this.stopUnknown = stopUnknown;
    }

    public Integer getAge() { return age; }
    public Boolean getPregnant() { return pregnant; }
    public boolean isSuicideRisk() { return suicideRisk; }
    public int getEpisodes() { return episodes; }
    public Double getCurrentEpisodeWeeks() { return currentEpisodeWeeks; }
    public Boolean getPsychoticFeatures() { return psychoticFeatures; }
    public Verdict getTwoTrials() { return twoTrials; }
    public Verdict getFourTreatments() { return fourTreatments; }
    /** Failed adequate antidepressant trials in the current episode: certain, and certain plus undecided. */
    public int getFailedCertain() { return failedCertain; }
    public int getFailedPossible() { return failedPossible; }
    /** The same counts with a 4-week minimum duration (the canadian-2021 judgements: adequate dose, &lt;50 %). */
    public int getFailedCertain4w() { return failedCertain4w; }
    public int getFailedPossible4w() { return failedPossible4w; }
    public String getCurrentIngredient() { return currentIngredient; }
    public String getCurrentClass() { return currentClass; }
    public String getCurrentTrialId() { return currentTrialId; }
    public Double getCurrentDose() { return currentDose; }
    public Double getCurrentMaxDose() { return currentMaxDose; }

    /** Suicidal ideation as recorded (null when not recorded). */
    public Boolean getSuicidalIdeation() { return suicidalIdeation; }
    /** Baseline severity of the current episode (MILD, MODERATE, SEVERE), null when not recorded. */
    public String getCurrentSeverity() { return currentSeverity; }
    public Boolean getMixedFeatures() { return mixedFeatures; }
    public Boolean getCatatonicFeatures() { return catatonicFeatures; }
    /** Postpartum (peripartum) onset of the current episode; null when not recorded. */
    public Boolean getPostpartumOnset() { return postpartumOnset; }
    public Double getSystolicBp() { return systolicBp; }
    public Double getDiastolicBp() { return diastolicBp; }
    /** Days between the blood pressure and the evaluation date; null when it is undated or not recorded. */
    public Long getBloodPressureAgeDays() { return bloodPressureAgeDays; }
    /** Latest eGFR, mL/min/1.73 m2; null when not recorded. */
    public Double getEgfr() { return egfr; }
    /** Days between the eGFR and the evaluation date; null when it is undated or not recorded. */
    public Long getEgfrAgeDays() { return egfrAgeDays; }
    /** Renal impairment as stated in the physiology record; null when not stated. */
    public Boolean getRenalImpairmentStated() { return renalImpairmentStated; }
    /** Hepatic impairment as stated in the physiology record; null when not stated. */
    public Boolean getHepaticImpairmentStated() { return hepaticImpairmentStated; }
    public Boolean getPostpartum() { return postpartum; }
    public Boolean getLactating() { return lactating; }
    /** CYP2D6 phenotype name (e.g. POOR), null when not tested. */
    public String getCyp2d6() { return cyp2d6; }
    /** CYP2C19 phenotype name (e.g. POOR), null when not tested. */
    public String getCyp2c19() { return cyp2c19; }
    /** Outcomes the rules derived for the ECT courses (e.g. RESPONSE), empty when none is recorded. */
    public Set<String> getEctOutcomes() { return ectOutcomes; }
    /**
     * Stated outcomes of the procedure courses of a type (ESKETAMINE, IV_KETAMINE, RTMS, VNS); UNKNOWN for a course
     * without one; empty when no course of the type is recorded.
     */
    public Set<String> procedureOutcomes(String type) {
        return procedureOutcomes.getOrDefault(type, Set.of());
    }

    /** True when a recorded condition code is in the named value set (valuesets/eligibility.csv). */
    public boolean hasCodeIn(String valueSet) {
        Boolean b = codeIn.get(valueSet);
        if (b == null) {
            b = computeCodeIn(valueSet);
            codeIn.put(valueSet, b);
        }
        return b;
    }

    private boolean computeCodeIn(String valueSet) {
        return conditions != null && conditions.has(valueSet);
    }

    /** True when the ingredient is in the named value set of ingredients. */
    public boolean inValueSet(String valueSet, String ingredient) {
        return IngredientSets.contains(valueSet, ingredient);
    }

    /** Age from which the older-adult criteria apply (TrdConfig.olderAdultAge, Beers 2023). */
    public int getOlderAdultAge() { return settings.getOlderAdultAge(); }
    /** Current-episode length, in weeks, from which depression is chronic (TrdConfig.chronicEpisodeWeeks). */
    public double getChronicEpisodeWeeks() { return settings.getChronicEpisodeWeeks(); }
    /** Drug-free days around an MAOI (TrdConfig.maoiWashoutDays). */
    public int getMaoiWashoutDays() { return settings.getMaoiWashoutDays(); }
    /** Age above which citalopram is capped at 20 mg/day (TrdConfig.citalopramLowerCapOverAge). */
    public int getCitalopramLowerCapOverAge() { return settings.getCitalopramLowerCapOverAge(); }
    /** Age from which the lower DPWG caps apply (TrdConfig.dpwgLowerCapAge). */
    public int getDpwgLowerCapAge() { return settings.getDpwgLowerCapAge(); }
    /** eGFR below which renal function is impaired (TrdConfig.renalImpairmentEgfrBelow). */
    public double getRenalImpairmentEgfrBelow() { return settings.getRenalImpairmentEgfrBelow(); }
    /** Systolic pressure above which (es)ketamine asks to consider delaying (TrdConfig.ketamineSystolicAbove). */
    public double getKetamineSystolicAbove() { return settings.getKetamineSystolicAbove(); }
    /** Diastolic pressure above which (es)ketamine asks to consider delaying (TrdConfig.ketamineDiastolicAbove). */
    public double getKetamineDiastolicAbove() { return settings.getKetamineDiastolicAbove(); }
    /** Days a blood pressure counts as current (TrdConfig.bloodPressureMaxAgeDays). */
    public int getBloodPressureMaxAgeDays() { return settings.getBloodPressureMaxAgeDays(); }
    /** Days an eGFR counts as current (TrdConfig.egfrMaxAgeDays). */
    public int getEgfrMaxAgeDays() { return settings.getEgfrMaxAgeDays(); }

    /** True when a drug of the named value set is taken now (as a trial, an add-on or another medication). */
    public boolean takingAny(String valueSet) {
        return firstTaken(valueSet) != null;
    }

    /** A drug of the named value set taken now, the first in name order; null when none. */
    public String firstTaken(String valueSet) {
        String t = taken.get(valueSet);
        if (t == null) {
            t = computeFirstTaken(valueSet);
            taken.put(valueSet, t == null ? NONE : t);
            return t;
        }
        return t.isEmpty() ? null : t;
    }

    private String computeFirstTaken(String valueSet) {
        String best = null;
        for (Map.Entry<String, Long> e : daysSinceLastDose.entrySet()) {
            String i = e.getKey();
            if (e.getValue() == 0L && (best == null || i.compareTo(best) < 0) && inValueSet(valueSet, i)) {
                best = i;
            }
        }
        return best;
    }

    /** True when a drug of the named value set was taken but the date of its last dose is not recorded. */
    public boolean takenUndated(String valueSet) {
        for (String i : stopUnknown) {
            if (inValueSet(valueSet, i)) {
                return true;
            }
        }
        return false;
    }

    /** True when a recorded condition code starts with the prefix (case-insensitive, dot optional). */
    public boolean hasCode(String prefix) {
        return Codes.hasPrefix(codes, prefix);
    }

    /** True when the patient has a recorded hypersensitivity to either ingredient (the second may be null). */
    public boolean allergicToEither(String ingredient, String second) {
        return allergicTo(ingredient) || allergicTo(second);
    }

    /** True when the patient has a recorded hypersensitivity to the ingredient. */
    public boolean allergicTo(String ingredient) {
        return ingredient != null && allergies.contains(ingredient);
    }

    /** The id of a failed adequate trial of the ingredient in the current episode, or null. */
    public String failedTrialOf(String ingredient) {
        return ingredient == null ? null : failedDrugs.get(ingredient);
    }

    /** The id of a treatment with the ingredient stopped for intolerance, or null. */
    public String intolerantTrialOf(String ingredient) {
        return ingredient == null ? null : intolerantDrugs.get(ingredient);
    }

    /** Days since the last dose of the ingredient (0 while it is taken); null when never recorded or unknown. */
    public Long daysSince(String ingredient) {
        return daysSinceLastDose.get(ingredient);
    }

    /** Days since the last dose of any drug of the class (0 while one is taken); null when none recorded. */
    public Long daysSinceClass(String drugClass) {
        return daysSinceClass.get(drugClass);
    }

    /**
     * Days since the last dose of any antidepressant (catalogue role ANTIDEPRESSANT, bupropion included) other than
     * those of the given class and ingredient; lithium, antipsychotics, stimulants and the like do not count.
     */
    public Long daysSinceOtherAntidepressant(String exceptClass, String exceptIngredient) {
        Long best = null;
        for (Map.Entry<String, Long> e : daysSinceLastDose.entrySet()) {
            String cls = drugClassOf.get(e.getKey());
            if (cls == null || cls.equals(exceptClass) || e.getKey().equals(exceptIngredient)
                    || !antidepressants.contains(e.getKey())) {
                continue;
            }
            if (best == null || e.getValue() < best) {
                best = e.getValue();
            }
        }
        return best;
    }

    /** Days since the last dose of a drug of the class other than the given ingredient (0 while one is taken). */
    public Long daysSinceClassOtherThan(String drugClass, String exceptIngredient) {
        Long best = null;
        for (Map.Entry<String, Long> e : daysSinceLastDose.entrySet()) {
            if (drugClass.equals(drugClassOf.get(e.getKey())) && !e.getKey().equals(exceptIngredient)
                    && (best == null || e.getValue() < best)) {
                best = e.getValue();
            }
        }
        return best;
    }

    /** True when an antidepressant of another class than the given one was taken without a dated last dose. */
    public boolean lastDoseUnknownForOtherThan(String drugClass) {
        for (String i : stopUnknown) {
            String c = drugClassOf.get(i);
            if (c != null && !drugClass.equals(c) && antidepressants.contains(i)) {
                return true;
            }
        }
        return false;
    }

    /** True when another medication of the named value set is recorded with neither a start nor an end. */
    public boolean medicationUndated(String valueSet) {
        return firstUndated(valueSet) != null;
    }

    /**
     * Another medication of the named value set recorded with neither a start nor an end (it counts as taken now),
     * the first in name order; null when none.
     */
    public String firstUndated(String valueSet) {
        String best = null;
        for (String i : undatedMedications) {
            if ((best == null || i.compareTo(best) < 0) && inValueSet(valueSet, i)) {
                best = i;
            }
        }
        return best;
    }

    /** True when a drug of the class was taken but the date of its last dose is not recorded. */
    public boolean lastDoseUnknownForClass(String drugClass) {
        for (String i : stopUnknown) {
            if (drugClass.equals(drugClassOf.get(i))) {
                return true;
            }
        }
        return false;
    }
}
