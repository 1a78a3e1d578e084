package org.trdrules.engine;

import org.trdrules.assessment.Verdict;

/**
 * The verdict of the UK primary-care switch phenotype (Fabbri et al. 2021) for one assessment, with its thresholds
 * in days (from {@link org.trdrules.TrdConfig}). Written by {@code rules/definitions/fabbri-2021.drl}. Not
 * thread-safe: one instance belongs to one assessment.
 */
public final class SwitchPhenotypeFact extends Facts {
    private final long gapDays;
    private final long minEpisodeDays;
    private final long switchWithinDays;
    private final int minSwitches;
    private Verdict verdict;
    private int qualifyingFromDrugs;
    private int distinctDrugs;

    public SwitchPhenotypeFact(long gapDays, long minEpisodeDays, long switchWithinDays, int minSwitches) {
        this.gapDays = gapDays;
        this.minEpisodeDays = minEpisodeDays;
        this.switchWithinDays = switchWithinDays;
        this.minSwitches = minSwitches;
    }

    public long getGapDays() { return gapDays; }
    public long getMinEpisodeDays() { return minEpisodeDays; }
    public long getSwitchWithinDays() { return switchWithinDays; }
    public int getMinSwitches() { return minSwitches; }
    public Verdict getVerdict() { return verdict; }
    public int getQualifyingFromDrugs() { return qualifyingFromDrugs; }
    public int getDistinctDrugs() { return distinctDrugs; }

    /** Sets the verdict with the counts behind it (rules only). */
    public void setVerdict(Verdict verdict, int qualifyingFromDrugs, int distinctDrugs) {
        this.verdict = verdict;
        this.qualifyingFromDrugs = qualifyingFromDrugs;
        this.distinctDrugs = distinctDrugs;
    }

    /** Changes a MET verdict while a provisional exclusion is open (rules only). */
    public void setVerdict(Verdict verdict) {
        this.verdict = verdict;
    }
}
