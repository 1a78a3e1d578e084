package org.trdrules.fhir;

/**
 * One line of the FHIR mapping report: which resource (or code) was used, partly used or not used, and why.
 * Never silently dropped. Immutable and thread-safe.
 *
 * @param resource resource type and id, e.g. {@code MedicationRequest/mr1}
 * @param status   USED, PARTIAL or NOT_USED
 * @param reason   plain language
 */
public record MappingNote(String resource, String status, String reason) {}
