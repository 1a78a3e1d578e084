package org.trdrules.engine;

import org.trdrules.assessment.TreatmentKind;
import org.trdrules.assessment.TrialOutcome;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.Instrument;
import org.trdrules.model.Outcome;
import org.trdrules.model.StopReason;

/**
 * One treatment unit (an antidepressant trial, an augmentation or combination added to it, an ECT course or a
 * psychotherapy course) with its normalised inputs and the definition-independent conclusions of the adequacy and
 * outcome stages. Not thread-safe: one instance belongs to one assessment.
 */
public final class TreatmentFact extends Facts {
    // inputs (set once by the normaliser)
    private final String id;
    private final TreatmentKind kind;
    private final String label;
    private String ingredient;
    private String recordedDrug;
    private String drugClass;
    private String regimenKey;
    private String classKey;
    private boolean doseApplies;
    private Double doseMg;
    private Double minDoseMg;
    private Double maxDoseMg;
    private Double weeks;
    private Integer sessions;
    private boolean adherenceApplies;
    private Double adherencePercent;
    private Outcome statedOutcome;
    private Double statedImprovementPercent;
    private StopReason stopReason;
    private String episodeId;
    private Long startDay;
    private Long endDay;
    /** Stopped on a date that is not recorded: weeks and washouts cannot be computed from dates. */
    private boolean endUnknown;
    private boolean doseOptimised;
    private boolean doseOptimisedUnknown;
    private boolean bilateral;
    private boolean lateralityUnknown;
    private Instrument instrument;
    private Double baselineScore;
    private Double endScore;
    private Settings settings;
    private String currentEpisodeId;
    private Long currentOnsetDay;
    private Long currentEndDay;

    // conclusions (set by the rules)
    private Verdict doseVerdict;
    private Verdict adherenceVerdict;
    private Verdict episodeVerdict;
    private TrialOutcome outcome;
    private Double improvementPercent;

    public TreatmentFact(String id, TreatmentKind kind, String label) {
        this.id = id;
        this.kind = kind;
        this.label = label;
    }

    public String getId() { return id; }
    public TreatmentKind getKind() { return kind; }
    /** Plain-language name of the treatment, e.g. "sertraline" or "aripiprazole added to duloxetine". */
    public String getLabel() { return label; }
    public String getIngredient() { return ingredient; }
    public void setIngredient(String v) { ingredient = v; }
    /** The drug as recorded (trimmed), for a drug the catalogue does not know; null when not set. */
    public String getRecordedDrug() { return recordedDrug; }
    public void setRecordedDrug(String v) { recordedDrug = v; }
    public String getDrugClass() { return drugClass; }
    public void setDrugClass(String v) { drugClass = v; }
    public String getRegimenKey() { return regimenKey; }
    public void setRegimenKey(String v) { regimenKey = v; }
    public String getClassKey() { return classKey; }
    public void setClassKey(String v) { classKey = v; }
    public boolean isDoseApplies() { return doseApplies; }
    public void setDoseApplies(boolean v) { doseApplies = v; }
    public Double getDoseMg() { return doseMg; }
    public void setDoseMg(Double v) { doseMg = v; }
    public Double getMinDoseMg() { return minDoseMg; }
    public void setMinDoseMg(Double v) { minDoseMg = v; }
    public Double getMaxDoseMg() { return maxDoseMg; }
    public void setMaxDoseMg(Double v) { maxDoseMg = v; }
    public Double getWeeks() { return weeks; }
    public void setWeeks(Double v) { weeks = v; }
    public Integer getSessions() { return sessions; }
    public void setSessions(Integer v) { sessions = v; }
    public boolean isAdherenceApplies() { return adherenceApplies; }
    public void setAdherenceApplies(boolean v) { adherenceApplies = v; }
    public Double getAdherencePercent() { return adherencePercent; }
    public void setAdherencePercent(Double v) { adherencePercent = v; }
    public Outcome getStatedOutcome() { return statedOutcome; }
    public void setStatedOutcome(Outcome v) { statedOutcome = v; }
    public Double getStatedImprovementPercent() { return statedImprovementPercent; }
    public void setStatedImprovementPercent(Double v) { statedImprovementPercent = v; }
    public StopReason getStopReason() { return stopReason; }
    public void setStopReason(StopReason v) { stopReason = v; }
    public String getEpisodeId() { return episodeId; }
    public void setEpisodeId(String v) { episodeId = v; }
    public Long getStartDay() { return startDay; }
    public void setStartDay(Long v) { startDay = v; }
    public Long getEndDay() { return endDay; }
    public boolean isEndUnknown() { return endUnknown; }
    public void setEndUnknown(boolean v) { endUnknown = v; }
    public void setEndDay(Long v) { endDay = v; }
    public boolean isDoseOptimised() { return doseOptimised; }
    public void setDoseOptimised(boolean v) { doseOptimised = v; }
    /** True for an antidepressant trial whose dose optimisation is not recorded. */
    public boolean isDoseOptimisedUnknown() { return doseOptimisedUnknown; }
    public void setDoseOptimisedUnknown(boolean v) { doseOptimisedUnknown = v; }
    public boolean isBilateral() { return bilateral; }
    public void setBilateral(boolean v) { bilateral = v; }
    /** True when an ECT course's electrode placement is not recorded (it may have been bilateral). */
    public boolean isLateralityUnknown() { return lateralityUnknown; }
    public void setLateralityUnknown(boolean v) { lateralityUnknown = v; }
    public Instrument getInstrument() { return instrument; }
    public void setInstrument(Instrument v) { instrument = v; }
    public Double getBaselineScore() { return baselineScore; }
    public void setBaselineScore(Double v) { baselineScore = v; }
    public Double getEndScore() { return endScore; }
    public void setEndScore(Double v) { endScore = v; }
    /** The thresholds, shared and immutable (read by the rules without a join). */
    public Settings getSettings() { return settings; }
    public void setSettings(Settings v) { settings = v; }
    /** The current episode's id, onset and end (epoch days), copied here so the episode rules need no join. */
    public String getCurrentEpisodeId() { return currentEpisodeId; }
    public Long getCurrentOnsetDay() { return currentOnsetDay; }
    public Long getCurrentEndDay() { return currentEndDay; }
    public void setCurrentEpisode(String id, Long onsetDay, Long endDay) {
        currentEpisodeId = id;
        currentOnsetDay = onsetDay;
        currentEndDay = endDay;
    }

    public Verdict getDoseVerdict() { return doseVerdict; }
    public void setDoseVerdict(Verdict v) { doseVerdict = v; }
    public Verdict getAdherenceVerdict() { return adherenceVerdict; }
    public void setAdherenceVerdict(Verdict v) { adherenceVerdict = v; }
    public Verdict getEpisodeVerdict() { return episodeVerdict; }
    public void setEpisodeVerdict(Verdict v) { episodeVerdict = v; }
    public TrialOutcome getOutcome() { return outcome; }
    public void setOutcome(TrialOutcome v) { outcome = v; }
    public Double getImprovementPercent() { return improvementPercent; }
    public void setImprovementPercent(Double v) { improvementPercent = v; }

    /** Smallest baseline score a percent improvement is computed from: one point of the instrument. */
    static final double MIN_BASELINE_SCORE = 1;

    /**
     * Percent improvement from baseline to end score; the caller guarantees both are present. A baseline below one
     * point (no symptoms to improve) counts as 0 %, as a baseline of 0 always did; this also keeps the result
     * finite (a baseline of 4.9E-324 would give -Infinity).
     */
    public double scoreImprovementPercent() {
        return baselineScore < MIN_BASELINE_SCORE ? 0 : (baselineScore - endScore) * 100.0 / baselineScore;
    }
}
