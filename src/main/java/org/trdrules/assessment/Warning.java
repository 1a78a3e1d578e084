package org.trdrules.assessment;

/**
 * Something the assessment could not use, e.g. a drug not in the catalogue. Never silently dropped.
 * Fields in the order of {@link org.trdrules.model.ValidationProblem}. Immutable and thread-safe.
 *
 * @param path    the input field, e.g. {@code trials[1].drug}
 * @param code    stable code, e.g. {@code UNKNOWN_DRUG}
 * @param message plain language
 */
public record Warning(String path, String code, String message) {}
