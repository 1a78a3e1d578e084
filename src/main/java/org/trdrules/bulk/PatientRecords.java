package org.trdrules.bulk;

import java.util.List;

/**
 * One patient's resources gathered from bulk NDJSON files: its Patient resource first, then every resource whose
 * {@code subject} or {@code patient} names it, in file and line order. Immutable and thread-safe.
 *
 * @param patientId the Patient resource's id
 * @param file      file of the Patient resource
 * @param line      line of the Patient resource (1-based)
 * @param resources the resources as JSON text, the Patient first
 */
public record PatientRecords(String patientId, String file, long line, List<String> resources) {

    /** Copies the list of resources. */
    public PatientRecords {
        resources = List.copyOf(resources);
    }

    /** The resources as one FHIR R4 Bundle (type collection), for {@code FhirPatientReader.read}. */
    public String bundleJson() {
        StringBuilder b = new StringBuilder(64 + resources.stream().mapToInt(String::length).sum()
                + 16 * resources.size());
        b.append("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        for (int i = 0; i < resources.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"resource\":").append(resources.get(i)).append('}');
        }
        return b.append("]}").toString();
    }
}
