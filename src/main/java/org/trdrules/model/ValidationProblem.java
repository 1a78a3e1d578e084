package org.trdrules.model;

/**
 * One reason a patient history is impossible. Immutable and thread-safe.
 *
 * @param path    field path, e.g. {@code trials[2].dailyDoseMg}
 * @param code    stable code, e.g. {@code NEGATIVE}, {@code END_BEFORE_START}, {@code FUTURE_DATE},
 *                {@code UNKNOWN_EPISODE}, {@code DUPLICATE_ID}, {@code OUT_OF_RANGE}, {@code REQUIRED},
 *                {@code NULL_ENTRY}, {@code CONFLICT}
 * @param message plain-language description; never contains patient values other than the path
 */
public record ValidationProblem(String path, String code, String message) {

    @Override
    public String toString() {
        return path + ": " + message + " [" + code + "]";
    }
}
