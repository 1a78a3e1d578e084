package org.trdrules.model;

/**
 * A coded diagnosis or condition (ICD-10-CM, SNOMED CT, or a local system). Immutable and thread-safe.
 *
 * @param system  code system, e.g. {@code http://hl7.org/fhir/sid/icd-10-cm}; may be null
 * @param code    the code, e.g. {@code F33.2}
 * @param display human-readable text; may be null
 */
public record CodedCondition(String system, String code, String display) {

    /** A condition with an ICD-10-CM code. */
    public static CodedCondition icd10(String code, String display) {
        return new CodedCondition("http://hl7.org/fhir/sid/icd-10-cm", code, display);
    }
}
