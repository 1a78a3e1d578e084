package org.trdrules.model;

import java.time.LocalDate;

/**
 * A depressive episode. Every field may be missing (null) except {@code id}. Which episode is current: the one
 * flagged {@code current}, else the one without an end date, else the one with the latest onset.
 * Immutable and thread-safe.
 *
 * @param id                unique within the patient
 * @param onset             first day of the episode
 * @param end               last day of the episode; null while it lasts
 * @param severity          baseline severity
 * @param psychoticFeatures whether the episode has psychotic features; null when not recorded
 * @param current           true for the current episode; null when not stated
 * @param melancholicFeatures whether the episode has melancholic features; null when not recorded
 * @param inpatient         whether the patient was treated as an inpatient in this episode; null when not recorded
 * @param mixedFeatures     DSM-5 "with mixed features" specifier; null when not recorded
 * @param catatonicFeatures DSM-5 "with catatonia" specifier; null when not recorded
 * @param postpartumOnset   onset during pregnancy or after delivery (DSM-5 "with peripartum onset", or postpartum
 *                          depression as the zuranolone and brexanolone labels name it); null when not recorded
 */
public record Episode(String id, LocalDate onset, LocalDate end, Severity severity, Boolean psychoticFeatures,
                      Boolean current, Boolean melancholicFeatures, Boolean inpatient,
                      Boolean mixedFeatures, Boolean catatonicFeatures, Boolean postpartumOnset) {

    /** A builder for an episode with the given id. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builder for {@link Episode}; not thread-safe, use one per thread. */
    public static final class Builder {
        private final String id;
        private LocalDate onset;
        private LocalDate end;
        private Severity severity;
        private Boolean psychoticFeatures;
        private Boolean current;
        private Boolean melancholicFeatures;
        private Boolean inpatient;
        private Boolean mixedFeatures;
        private Boolean catatonicFeatures;
        private Boolean postpartumOnset;

        private Builder(String id) { this.id = id; }

        /**
         * Sets {@link Episode#onset()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder onset(LocalDate v) { onset = v; return this; }
        /**
         * Sets {@link Episode#end()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder end(LocalDate v) { end = v; return this; }
        /**
         * Sets {@link Episode#severity()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder severity(Severity v) { severity = v; return this; }
        /**
         * Sets {@link Episode#psychoticFeatures()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder psychoticFeatures(Boolean v) { psychoticFeatures = v; return this; }
        /**
         * Sets {@link Episode#current()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder current(Boolean v) { current = v; return this; }
        /**
         * Sets {@link Episode#melancholicFeatures()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder melancholicFeatures(Boolean v) { melancholicFeatures = v; return this; }
        /**
         * Sets {@link Episode#inpatient()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder inpatient(Boolean v) { inpatient = v; return this; }
        /**
         * Sets {@link Episode#mixedFeatures()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder mixedFeatures(Boolean v) { mixedFeatures = v; return this; }
        /**
         * Sets {@link Episode#catatonicFeatures()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder catatonicFeatures(Boolean v) { catatonicFeatures = v; return this; }
        /**
         * Sets {@link Episode#postpartumOnset()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder postpartumOnset(Boolean v) { postpartumOnset = v; return this; }

        /**
         * Builds the immutable value.
         *
         * @return the Episode
         */
        public Episode build() {
            return new Episode(id, onset, end, severity, psychoticFeatures, current, melancholicFeatures, inpatient, mixedFeatures,
                    catatonicFeatures, postpartumOnset);
        }
    }
}
