package org.trdrules.model;

import java.time.LocalDate;

/**
 * A drug added to an antidepressant trial: an augmentation agent or a second antidepressant. It is assessed as a
 * treatment of its own (the published ATRQ example counts "aripiprazole added to duloxetine" as one failed trial).
 * Every field but {@code id} and {@code drug} may be null. Immutable and thread-safe.
 *
 * @param id                 unique within the patient
 * @param kind               augmentation or combination; null is read as augmentation for non-antidepressants and
 *                           combination for antidepressants
 * @param drug               ingredient, brand name, RxNorm RxCUI or ATC code
 * @param dailyDoseMg        daily dose in mg
 * @param start              first day
 * @param end                last day; null while ongoing (or, with {@code ongoing = false}, not recorded); a date
 *                           after the evaluation date is a planned end: the add-on is ongoing
 * @param weeks              duration in weeks when dates are not known
 * @param adherencePercent   adherence 0-100
 * @param outcome            stated outcome
 * @param improvementPercent percent improvement from baseline (negative = worse)
 * @param stopReason         why it was stopped
 * @param ongoing            as {@link AntidepressantTrial#ongoing()}
 */
public record AddOn(String id, AddOnKind kind, String drug, Double dailyDoseMg, LocalDate start, LocalDate end,
                    Double weeks, Double adherencePercent, Outcome outcome, Double improvementPercent,
                    StopReason stopReason, Boolean ongoing) {

    /** An add-on whose continuation is inferred from {@code end} ({@code ongoing} null). */
    public AddOn(String id, AddOnKind kind, String drug, Double dailyDoseMg, LocalDate start, LocalDate end,
                 Double weeks, Double adherencePercent, Outcome outcome, Double improvementPercent,
                 StopReason stopReason) {
        this(id, kind, drug, dailyDoseMg, start, end, weeks, adherencePercent, outcome, improvementPercent,
                stopReason, null);
    }

    /** A builder for an add-on with the given id and drug. */
    public static Builder builder(String id, String drug) {
        return new Builder(id, drug);
    }

    /** Builder for {@link AddOn}; not thread-safe, use one per thread. */
    public static final class Builder {
        private final String id;
        private final String drug;
        private AddOnKind kind;
        private Double dailyDoseMg;
        private LocalDate start;
        private LocalDate end;
        private Double weeks;
        private Double adherencePercent;
        private Outcome outcome;
        private Double improvementPercent;
        private StopReason stopReason;
        private Boolean ongoing;

        private Builder(String id, String drug) {
            this.id = id;
            this.drug = drug;
        }

        /**
         * Sets {@link AddOn#kind()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder kind(AddOnKind v) { kind = v; return this; }
        /**
         * Sets {@link AddOn#dailyDoseMg()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder dailyDoseMg(Double v) { dailyDoseMg = v; return this; }
        /**
         * Sets {@link AddOn#start()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder start(LocalDate v) { start = v; return this; }
        /**
         * Sets {@link AddOn#end()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder end(LocalDate v) { end = v; return this; }
        /**
         * Sets {@link AddOn#weeks()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder weeks(Double v) { weeks = v; return this; }
        /**
         * Sets {@link AddOn#adherencePercent()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder adherencePercent(Double v) { adherencePercent = v; return this; }
        /**
         * Sets {@link AddOn#outcome()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder outcome(Outcome v) { outcome = v; return this; }
        /**
         * Sets {@link AddOn#improvementPercent()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder improvementPercent(Double v) { improvementPercent = v; return this; }
        /**
         * Sets {@link AddOn#stopReason()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder stopReason(StopReason v) { stopReason = v; return this; }
        /**
         * Sets {@link AddOn#ongoing()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder ongoing(Boolean v) { ongoing = v; return this; }

        /**
         * Builds the immutable value.
         *
         * @return the AddOn
         */
        public AddOn build() {
            return new AddOn(id, kind, drug, dailyDoseMg, start, end, weeks, adherencePercent, outcome,
                    improvementPercent, stopReason, ongoing);
        }
    }
}
