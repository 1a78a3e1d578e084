package org.trdrules.fhir;

import java.util.List;
import org.trdrules.model.Patient;

/**
 * The patient history derived from a FHIR R4 Bundle, with the report of every resource and what became of it.
 * Immutable and thread-safe.
 *
 * @param patient the derived history
 * @param report  one note per resource (and per unusable code)
 */
public record FhirMapping(Patient patient, List<MappingNote> report) {

    public FhirMapping {
        report = List.copyOf(report);
    }
}
