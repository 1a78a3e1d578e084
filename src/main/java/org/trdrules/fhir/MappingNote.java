package org.trdrules.fhir;

import java.util.Objects;

/**
 * One line of the FHIR mapping report: which resource (or derived course) was used, partly used or not used, where
 * in the Bundle and why. Never silently dropped. Names resource ids, FHIR paths and codes, never values such as
 * doses or dates. Immutable and thread-safe.
 *
 * @param resource resource type and id, e.g. {@code MedicationRequest/mr1}, or {@code course:rx1} for a derived course
 * @param status   what became of it
 * @param path     FHIR path of the element concerned, e.g. {@code Bundle.entry[3].resource.daysSupply.value}
 * @param reason   plain language
 */
public record MappingNote(String resource, MappingStatus status, String path, String reason) {

    /** Checks that the status is set; null texts become empty. */
    public MappingNote {
        Objects.requireNonNull(status, "status");
        resource = resource == null ? "" : resource;
        path = path == null ? "" : path;
        reason = reason == null ? "" : reason;
    }
}
