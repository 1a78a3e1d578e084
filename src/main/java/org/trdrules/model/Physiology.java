package org.trdrules.model;

import java.time.LocalDate;

/**
 * Physiological and reproductive status the safety checks need. Every field may be null (not recorded); a missing
 * value makes the checks that need it ask for review, never pass silently. Immutable and thread-safe.
 *
 * @param systolicBpMmHg    latest systolic blood pressure, mmHg (LOINC 8480-6)
 * @param diastolicBpMmHg   latest diastolic blood pressure, mmHg (LOINC 8462-4)
 * @param bloodPressureDate date the blood pressure was taken; null when undated (an undated or old value,
 *                          beyond {@code TrdConfig.bloodPressureMaxAgeDays}, is not current: the checks ask for a
 *                          recent one)
 * @param egfr              latest estimated glomerular filtration rate, mL/min/1.73 m2 (e.g. LOINC 33914-3,
 *                          62238-1, 98979-8)
 * @param egfrDate          date the eGFR was measured; null when undated (not current, as for blood pressure, beyond
 *                          {@code TrdConfig.egfrMaxAgeDays})
 * @param renalImpairment   renal impairment stated by the clinician (used when no eGFR is recorded)
 * @param hepaticImpairment hepatic impairment stated by the clinician
 * @param postpartum        within 12 months after giving birth
 * @param lactating         breastfeeding
 */
public record Physiology(Double systolicBpMmHg, Double diastolicBpMmHg, LocalDate bloodPressureDate, Double egfr,
                         LocalDate egfrDate, Boolean renalImpairment, Boolean hepaticImpairment, Boolean postpartum,
                         Boolean lactating) {

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link Physiology}; not thread-safe, use one per thread. */
    public static final class Builder {
        private Double systolic;
        private Double diastolic;
        private LocalDate bpDate;
        private Double egfr;
        private LocalDate egfrDate;
        private Boolean renal;
        private Boolean hepatic;
        private Boolean postpartum;
        private Boolean lactating;

        private Builder() {}

        /**
         * Sets the latest blood pressure, both values from one measurement.
         *
         * @param systolicMmHg  systolic pressure in mmHg (null: not recorded)
         * @param diastolicMmHg diastolic pressure in mmHg (null: not recorded)
         * @return this builder
         */
        public Builder bloodPressure(Double systolicMmHg, Double diastolicMmHg) {
            systolic = systolicMmHg;
            diastolic = diastolicMmHg;
            return this;
        }
        /**
         * Sets the latest blood pressure and the date it was taken.
         *
         * @param systolicMmHg  systolic pressure in mmHg (null: not recorded)
         * @param diastolicMmHg diastolic pressure in mmHg (null: not recorded)
         * @param date          the date of the measurement (null: undated, not current)
         * @return this builder
         */
        public Builder bloodPressure(Double systolicMmHg, Double diastolicMmHg, LocalDate date) {
            bpDate = date;
            return bloodPressure(systolicMmHg, diastolicMmHg);
        }
        /**
         * Sets {@link Physiology#egfr()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder egfr(Double v) { egfr = v; return this; }
        /**
         * Sets {@link Physiology#egfr()} and {@link Physiology#egfrDate()}.
         *
         * @param v    the value (null: not recorded)
         * @param date the date of the measurement (null: undated, not current)
         * @return this builder
         */
        public Builder egfr(Double v, LocalDate date) { egfr = v; egfrDate = date; return this; }
        /**
         * Sets {@link Physiology#renalImpairment()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder renalImpairment(Boolean v) { renal = v; return this; }
        /**
         * Sets {@link Physiology#hepaticImpairment()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder hepaticImpairment(Boolean v) { hepatic = v; return this; }
        /**
         * Sets {@link Physiology#postpartum()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder postpartum(Boolean v) { postpartum = v; return this; }
        /**
         * Sets {@link Physiology#lactating()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder lactating(Boolean v) { lactating = v; return this; }

        /**
         * Builds the immutable value.
         *
         * @return the Physiology
         */
        public Physiology build() {
            return new Physiology(systolic, diastolic, bpDate, egfr, egfrDate, renal, hepatic, postpartum, lactating);
        }
    }
}
