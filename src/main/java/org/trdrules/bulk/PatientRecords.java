package org.trdrules.bulk;

import java.util.List;

/**
 * One patient's resources gathered from bulk NDJSON files: its Patient resource first, then every resource whose
 * {@code subject} or {@code patient} names it, in file and line order; and the shared Medication resources those
 * resources reference ({@code medicationReference}), each once. Immutable and thread-safe.
 *
 * @param patientId   the Patient resource's id
 * @param file        file of the Patient resource
 * @param line        line of the Patient resource (1-based)
 * @param resources   the patient's own resources as JSON text, the Patient first
 * @param medications the referenced Medication resources as JSON text (from the input's Medication lines)
 */
public record PatientRecords(String patientId, String file, long line, List<String> resources,
                             List<String> medications) {

    /** Copies the lists. */
    public PatientRecords {
        resources = List.copyOf(resources);
        medications = List.copyOf(medications);
    }

    /** A patient without referenced Medications. */
    public PatientRecords(String patientId, String file, long line, List<String> resources) {
        this(patientId, file, line, resources, List.of());
    }

    /**
     * The resources and the referenced Medications as one FHIR R4 Bundle (type collection), for
     * {@code FhirPatientReader.read}, which resolves the references as it does within any Bundle.
     */
    public String bundleJson() {
        StringBuilder b = new StringBuilder(64 + resources.stream().mapToInt(String::length).sum()
                + medications.stream().mapToInt(String::length).sum() + 16 * (resources.size() + medications.size()));
        b.append("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        boolean first = true;
        for (List<String> list : List.of(resources, medications)) {
            for (String r : list) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                b.append("{\"resource\":").append(r).append('}');
            }
        }
        return b.append("]}").toString();
    }
}
