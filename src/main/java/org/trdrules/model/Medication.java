package org.trdrules.model;

import java.time.LocalDate;

/**
 * Another medication the patient takes (not an antidepressant trial), used to screen for drugs that lower
 * antidepressant levels. Every field but {@code id} and {@code drug} may be null. Immutable and thread-safe.
 *
 * @param id    unique within the patient
 * @param drug  ingredient or brand name
 * @param start first day
 * @param end   last day; null while taken
 */
public record Medication(String id, String drug, LocalDate start, LocalDate end) {}
