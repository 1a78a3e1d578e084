package org.trdrules.fhir;

import org.trdrules.Vignettes;

/**
 * Small FHIR R4 Bundles for the reader's tests: a patient p1 (referenced as {@code urn:uuid:p1} and
 * {@code Patient/p1}) with a current major depression Condition, plus the resources given. Stateless.
 */
final class TestBundles {

    static final FhirPatientReader READER = FhirPatientReader.create();
    static final String RX = "http://www.nlm.nih.gov/research/umls/rxnorm";
    /** Two tablets at each dose. */
    static final String TAB2 = "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":2,\"unit\":\"tablet\"}}]}]";

    private TestBundles() {
    }

    /** The Bundle read at the vignettes' evaluation date, 2026-11-01. */
    static FhirMapping read(String json) {
        return READER.read(json, Vignettes.DATE);
    }

    static String bundle(String... resources) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
                + "{\"fullUrl\":\"urn:uuid:p1\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\","
                + "\"birthDate\":\"1980-01-01\",\"gender\":\"female\"}},"
                + "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"F33.1\"}]},"
                + "\"onsetDateTime\":\"2025-01-01\"}}");
        for (String r : resources) {
            b.append(",{\"resource\":").append(r).append('}');
        }
        return b.append("]}").toString();
    }

    /** A completed dispense; {@code daysSupply} a number, a JSON object, or null for none. */
    static String dispense(String id, String code, String handedOver, String daysSupply, String dosage) {
        return "{\"resourceType\":\"MedicationDispense\",\"id\":\"" + id + "\",\"status\":\"completed\","
                + "\"subject\":{\"reference\":\"urn:uuid:p1\"},"
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"" + RX + "\",\"code\":\"" + code + "\"}]},"
                + "\"whenHandedOver\":\"" + handedOver + "\""
                + (daysSupply == null ? "" : ",\"daysSupply\":" + (daysSupply.startsWith("{") ? daysSupply
                        : "{\"value\":" + daysSupply + "}"))
                + (dosage == null ? "" : ",\"dosageInstruction\":" + dosage) + "}";
    }

    /** An order; {@code supplyDays} the expected supply duration or null, {@code extra} more JSON members or null. */
    static String request(String id, String status, String code, String authored, Integer supplyDays, String extra) {
        return "{\"resourceType\":\"MedicationRequest\",\"id\":\"" + id + "\",\"status\":\"" + status
                + "\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"" + RX + "\",\"code\":\"" + code + "\"}]},"
                + "\"authoredOn\":\"" + authored + "\""
                + (supplyDays == null ? "" : ",\"dispenseRequest\":{\"expectedSupplyDuration\":{\"value\":" + supplyDays
                        + ",\"unit\":\"days\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"d\"}}")
                + (extra == null ? "" : "," + extra) + "}";
    }
}
