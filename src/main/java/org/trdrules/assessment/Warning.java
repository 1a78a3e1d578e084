package org.trdrules.assessment;

/**
 * Something the assessment could not use, e.g. a drug not in the catalogue. Never silently dropped.
 * Immutable and thread-safe.
 *
 * @param code    stable code, e.g. {@code UNKNOWN_DRUG}
 * @param path    the input field, e.g. {@code trials[1].drug}
 * @param message plain language
 */
public record Warning(String code, String path, String message) {}
