package org.trdrules.engine;

import org.trdrules.assessment.Verdict;

/**
 * One antidepressant course on the dispensing timeline of the UK primary-care switch phenotype
 * ({@code rules/definitions/fabbri-2021.drl}): its drug, first and last day (epoch days; the evaluation date while it
 * runs) and the prescription episode the rules put it in. Built by {@link SwitchPhenotype}; the rules merge courses
 * of one drug into prescription episodes and judge the switch out of each episode. Not thread-safe: one instance
 * belongs to one assessment.
 */
public final class RxCourse extends Facts {
    private final String id;
    private final String drug;
    private final String label;
    private final boolean datable;
    private final long start;
    private final long end;
    private String episodeId;
    private long episodeStart;
    private long episodeEnd;
    private Verdict switchVerdict;
    private String switchTo;
    private long switchGapDays;

    public RxCourse(String id, String drug, String label, Long start, Long end) {
        this.id = id;
        this.drug = drug;
        this.label = label;
        this.datable = start != null && end != null;
        this.start = start == null ? 0 : start;
        this.end = end == null ? 0 : end;
        this.episodeId = id;
        this.episodeStart = this.start;
        this.episodeEnd = this.end;
    }

    public String getId() { return id; }
    public String getDrug() { return drug; }
    public String getLabel() { return label; }
    public boolean isDatable() { return datable; }
    public long getStart() { return start; }
    public long getEnd() { return end; }
    public String getEpisodeId() { return episodeId; }
    public long getEpisodeStart() { return episodeStart; }
    public long getEpisodeEnd() { return episodeEnd; }
    /** Whether this course stands for its prescription episode (the one whose id the episode carries). */
    public boolean isRepresentative() { return id.equals(episodeId); }
    /**
     * Days of the prescription episode, last day minus first day (the first day not counted), as the authors'
     * {@code difftime(last, first)} measures it: a course from 1 January to 12 February is 42 days, 6 weeks.
     */
    public long getEpisodeDays() { return episodeEnd - episodeStart; }
    public Verdict getSwitchVerdict() { return switchVerdict; }
    public String getSwitchTo() { return switchTo; }
    public long getSwitchGapDays() { return switchGapDays; }

    /** Puts the course into a prescription episode (rules only). */
    public void setEpisode(String episodeId, long episodeStart, long episodeEnd) {
        this.episodeId = episodeId;
        this.episodeStart = episodeStart;
        this.episodeEnd = episodeEnd;
    }

    /** Records the judgement of the switch out of this course's episode (rules only). */
    public void setSwitch(Verdict verdict, String to, long gapDays) {
        this.switchVerdict = verdict;
        this.switchTo = to;
        this.switchGapDays = gapDays;
    }
}
