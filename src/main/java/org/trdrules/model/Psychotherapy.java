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

        public Builder episodeId(String v) { episodeId = v; return this; }
        public Builder start(LocalDate v) { start = v; return this; }
        public Builder end(LocalDate v) { end = v; return this; }
        public Builder sessions(Integer v) { sessions = v; return this; }
        public Builder outcome(Outcome v) { outcome = v; return this; }
        public Builder improvementPercent(Double v) { improvementPercent = v; return this; }

        public Psychotherapy build() {
            return new Psychotherapy(id, type, episodeId, start, end, sessions, outcome, improvementPercent);
        }
    }
}
