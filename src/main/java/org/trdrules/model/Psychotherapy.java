package org.trdrules.model;

import java.time.LocalDate;

/**
 * A course of psychotherapy. Every field but {@code id} may be null. Immutable and thread-safe.
 *
 * @param id                 unique within the patient
 * @param type               modality
 * @param episodeId          the episode it belongs to; null lets the dates decide
 * @param start              first day
 * @param end                last day; null while ongoing
 * @param sessions           number of sessions attended
 * @param outcome            stated outcome
 * @param improvementPercent percent improvement from baseline
 */
public record Psychotherapy(String id, PsychotherapyType type, String episodeId, LocalDate start, LocalDate end,
                            Integer sessions, Outcome outcome, Double improvementPercent) {

    /** A builder for a psychotherapy course with the given id and type. */
    public static Builder builder(String id, PsychotherapyType type) {
        return new Builder(id, type);
    }

    /** Builder for {@link Psychotherapy}; not thread-safe, use one per thread. */
    public static final class Builder {
        private final String id;
        private final PsychotherapyType type;
        private String episodeId;
        private LocalDate start;
        private LocalDate end;
        private Integer sessions;
        private Outcome outcome;
        private Double improvementPercent;

        private Builder(String id, PsychotherapyType type) {
            this.id = id;
            this.type = type;
        }

        /**
         * Sets {@link Psychotherapy#episodeId()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder episodeId(String v) { episodeId = v; return this; }
        /**
         * Sets {@link Psychotherapy#start()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder start(LocalDate v) { start = v; return this; }
        /**
         * Sets {@link Psychotherapy#end()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder end(LocalDate v) { end = v; return this; }
        /**
         * Sets {@link Psychotherapy#sessions()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder sessions(Integer v) { sessions = v; return this; }
        /**
         * Sets {@link Psychotherapy#outcome()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder outcome(Outcome v) { outcome = v; return this; }
        /**
         * Sets {@link Psychotherapy#improvementPercent()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder improvementPercent(Double v) { improvementPercent = v; return this; }

        /**
         * Builds the immutable value.
         *
         * @return the Psychotherapy
         */
        public Psychotherapy build() {
            return new Psychotherapy(id, type, episodeId, start, end, sessions, outcome, improvementPercent);
        }
    }
}
