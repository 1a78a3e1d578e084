package org.trdrules.model;

/**
 * A coded diagnosis or condition (ICD-10-CM, SNOMED CT, or a local system). Immutable and thread-safe.
 *
 * @param system  code system, e.g. {@code http://hl7.org/fhir/sid/icd-10-cm}; may be null
 * @param code    the code, e.g. {@code F33.2}
 * @param display     human-readable text; may be null
 * @param provisional true when the diagnosis is recorded as not established (unconfirmed, provisional, a
 *                    differential): the safety checks still count it, and a provisional bipolar disorder makes a met
 *                    TRD definition INDETERMINATE rather than excluding the patient; null or false: established
 */
public record CodedCondition(String system, String code, String display, Boolean provisional) {

    /** An established condition. */
    public CodedCondition(String system, String code, String display) {
        this(system, code, display, null);
    }

    /** A condition with an ICD-10-CM code. */
    public static CodedCondition icd10(String code, String display) {
        return new CodedCondition("http://hl7.org/fhir/sid/icd-10-cm", code, display);
    }
}
