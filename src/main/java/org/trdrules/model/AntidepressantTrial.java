package org.trdrules.model;

import java.time.LocalDate;
import java.util.List;

/**
 * One antidepressant trial: a drug taken for a period in an episode, with its dose, adherence and outcome, and the
 * drugs added to it. Missing data is allowed everywhere except {@code id}; the rules report what is missing.
 * Duration comes from {@code start}/{@code end} or from {@code weeks}; see {@code ongoing} for a course still taken
 * on the evaluation date and for one whose end is not recorded. Immutable and thread-safe.
 *
 * @param id                 unique within the patient
 * @param episodeId          the episode the trial belongs to; null lets the dates decide
 * @param drug               ingredient, brand name, RxNorm RxCUI or ATC code
 * @param dailyDoseMg        the highest daily dose reached, in mg
 * @param start              first day
 * @param end                last day; null while ongoing (or, with {@code ongoing = false}, not recorded); a date
 *                           after the evaluation date is a planned end: the course is ongoing
 * @param weeks              duration in weeks when dates are not known
 * @param adherencePercent   adherence 0-100
 * @param outcome            stated outcome
 * @param improvementPercent percent improvement from baseline (negative = worse)
 * @param stopReason         why it was stopped
 * @param doseOptimised      whether the dose was raised during the trial (MGH-S +0.5)
 * @param addOns             augmentations and combinations added to this trial
 * @param ongoing            true: still taken on the evaluation date (the duration runs to it, both days counted);
 *                           false: stopped before it, so without an {@code end} on or before the evaluation date (or
 *                           {@code weeks}) the duration is unknown; null: inferred, an absent or later end meaning
 *                           ongoing
 */
public record AntidepressantTrial(String id, String episodeId, String drug, Double dailyDoseMg, LocalDate start,
                                  LocalDate end, Double weeks, Double adherencePercent, Outcome outcome,
                                  Double improvementPercent, StopReason stopReason, Boolean doseOptimised,
                                  List<AddOn> addOns, Boolean ongoing) {

    /** Validates the components and copies the lists (see the type description for each one). */
    public AntidepressantTrial {
        addOns = Lists.copy(addOns);
    }

    /** A trial whose continuation is inferred from {@code end} ({@code ongoing} null). */
    public AntidepressantTrial(String id, String episodeId, String drug, Double dailyDoseMg, LocalDate start,
                               LocalDate end, Double weeks, Double adherencePercent, Outcome outcome,
                               Double improvementPercent, StopReason stopReason, Boolean doseOptimised,
                               List<AddOn> addOns) {
        this(id, episodeId, drug, dailyDoseMg, start, end, weeks, adherencePercent, outcome, improvementPercent,
                stopReason, doseOptimised, addOns, null);
    }

    /** A builder for a trial with the given id and drug. */
    public static Builder builder(String id, String drug) {
        return new Builder(id, drug);
    }

    /** Builder for {@link AntidepressantTrial}; not thread-safe, use one per thread. */
    public static final class Builder {
        private final String id;
        private final String drug;
        private String episodeId;
        private Double dailyDoseMg;
        private LocalDate start;
        private LocalDate end;
        private Double weeks;
        private Double adherencePercent;
        private Outcome outcome;
        private Double improvementPercent;
        private StopReason stopReason;
        private Boolean doseOptimised;
        private Boolean ongoing;
        private final java.util.ArrayList<AddOn> addOns = new java.util.ArrayList<>();

        private Builder(String id, String drug) {
            this.id = id;
            this.drug = drug;
        }

        /**
         * Sets {@link AntidepressantTrial#episodeId()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder episodeId(String v) { episodeId = v; return this; }
        /**
         * Sets {@link AntidepressantTrial#dailyDoseMg()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder dailyDoseMg(Double v) { dailyDoseMg = v; return this; }
        /**
         * Sets {@link AntidepressantTrial#start()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder start(LocalDate v) { start = v; return this; }
        /**
         * Sets {@link AntidepressantTrial#end()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder end(LocalDate v) { end = v; return this; }
        /**
         * Sets {@link AntidepressantTrial#weeks()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder weeks(Double v) { weeks = v; return this; }
        /**
         * Sets {@link AntidepressantTrial#adherencePercent()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder adherencePercent(Double v) { adherencePercent = v; return this; }
        /**
         * Sets {@link AntidepressantTrial#outcome()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder outcome(Outcome v) { outcome = v; return this; }
        /**
         * Sets {@link AntidepressantTrial#improvementPercent()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder improvementPercent(Double v) { improvementPercent = v; return this; }
        /**
         * Sets {@link AntidepressantTrial#stopReason()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder stopReason(StopReason v) { stopReason = v; return this; }
        /**
         * Sets {@link AntidepressantTrial#doseOptimised()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder doseOptimised(Boolean v) { doseOptimised = v; return this; }
        /**
         * Adds an augmentation or combination to {@link AntidepressantTrial#addOns()}.
         *
         * @param v the add-on
         * @return this builder
         */
        public Builder addOn(AddOn v) { addOns.add(v); return this; }
        /**
         * Sets {@link AntidepressantTrial#ongoing()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder ongoing(Boolean v) { ongoing = v; return this; }

        /**
         * Builds the immutable value.
         *
         * @return the AntidepressantTrial
         */
        public AntidepressantTrial build() {
            return new AntidepressantTrial(id, episodeId, drug, dailyDoseMg, start, end, weeks, adherencePercent,
                    outcome, improvementPercent, stopReason, doseOptimised, addOns, ongoing);
        }
    }
}
