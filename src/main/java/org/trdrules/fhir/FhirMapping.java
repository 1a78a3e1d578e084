package org.trdrules.fhir;

import java.util.List;
import org.trdrules.model.Patient;

/**
 * The patient history derived from a FHIR R4 Bundle, with the report of every resource and what became of it.
 * Immutable and thread-safe.
 *
 * @param patient the derived history
 * @param report  one note per resource, per derived course and per unusable element
 */
public record FhirMapping(Patient patient, List<MappingNote> report) {

    /** Copies the lists, so the value cannot change after construction. */
    public FhirMapping {
        report = List.copyOf(report);
    }

    /** The data gaps: records the rules would read that were left out or used in part (NOT_USED, PARTIAL). */
    public List<MappingNote> gaps() {
        return report.stream().filter(n -> n.status() == MappingStatus.NOT_USED || n.status() == MappingStatus.PARTIAL)
                .toList();
    }

    /** How many records of the Bundle (distinct resources, not derived courses) have a data gap. */
    public int gapRecords() {
        return (int) gaps().stream().map(MappingNote::resource)
                .filter(r -> r.contains("/") && !r.startsWith("course:")).distinct().count();
    }

    /** The notes with the given status. */
    public List<MappingNote> notes(MappingStatus status) {
        return report.stream().filter(n -> n.status() == status).toList();
    }
}
