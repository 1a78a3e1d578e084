package org.trdrules.model;

import java.time.LocalDate;

/**
 * A somatic procedure course: ECT, VNS, rTMS, IV ketamine or esketamine. Every field but {@code id} and
 * {@code type} may be null. Immutable and thread-safe.
 *
 * @param id                 unique within the patient
 * @param type               the procedure
 * @param episodeId          the episode it belongs to; null lets the dates decide
 * @param start              first day
 * @param end                last day; null while ongoing
 * @param sessions           number of sessions given
 * @param laterality         electrode placement (ECT only)
 * @param outcome            stated outcome
 * @param improvementPercent percent improvement from baseline
 * @param stopReason         why it was stopped
 */
public record Procedure(String id, ProcedureType type, String episodeId, LocalDate start, LocalDate end,
                        Integer sessions, EctLaterality laterality, Outcome outcome, Double improvementPercent,
                        StopReason stopReason) {

    /** A builder for a procedure with the given id and type. */
    public static Builder builder(String id, ProcedureType type) {
        return new Builder(id, type);
    }

    /** Builder for {@link Procedure}; not thread-safe, use one per thread. */
    public static final class Builder {
        private final String id;
        private final ProcedureType type;
        private String episodeId;
        private LocalDate start;
        private LocalDate end;
        private Integer sessions;
        private EctLaterality laterality;
        private Outcome outcome;
        private Double improvementPercent;
        private StopReason stopReason;

        private Builder(String id, ProcedureType type) {
            this.id = id;
            this.type = type;
        }

        /**
         * Sets {@link Procedure#episodeId()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder episodeId(String v) { episodeId = v; return this; }
        /**
         * Sets {@link Procedure#start()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder start(LocalDate v) { start = v; return this; }
        /**
         * Sets {@link Procedure#end()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder end(LocalDate v) { end = v; return this; }
        /**
         * Sets {@link Procedure#sessions()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder sessions(Integer v) { sessions = v; return this; }
        /**
         * Sets {@link Procedure#laterality()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder laterality(EctLaterality v) { laterality = v; return this; }
        /**
         * Sets {@link Procedure#outcome()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder outcome(Outcome v) { outcome = v; return this; }
        /**
         * Sets {@link Procedure#improvementPercent()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder improvementPercent(Double v) { improvementPercent = v; return this; }
        /**
         * Sets {@link Procedure#stopReason()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder stopReason(StopReason v) { stopReason = v; return this; }

        /**
         * Builds the immutable value.
         *
         * @return the Procedure
         */
        public Procedure build() {
            return new Procedure(id, type, episodeId, start, end, sessions, laterality, outcome, improvementPercent,
                    stopReason);
        }
    }
}
