package org.trdrules.model;

import java.time.LocalDate;

/**
 * A symptom score on a rating instrument. Trial outcomes are derived from the last score on or before a trial's
 * start (baseline) and the last score after the start up to its end, on the same instrument. Immutable and
 * thread-safe.
 *
 * @param id         unique within the patient; may be null
 * @param instrument the rating scale
 * @param score      total score
 * @param date       day of the rating
 * @param item9      PHQ-9 item 9 (thoughts of self-harm), 0-3; null when not recorded
 */
public record Measurement(String id, Instrument instrument, Double score, LocalDate date, Integer item9) {

    /** A measurement without an item-9 answer. */
    public static Measurement of(String id, Instrument instrument, double score, LocalDate date) {
        return new Measurement(id, instrument, score, date, null);
    }
}
