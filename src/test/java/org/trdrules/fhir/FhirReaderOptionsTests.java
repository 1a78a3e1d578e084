package org.trdrules.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.fhir.TestBundles.bundle;
import static org.trdrules.fhir.TestBundles.dispense;

import org.junit.jupiter.api.Test;
import org.trdrules.Vignettes;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.AntidepressantTrial;

/** The reader's thresholds are options with documented defaults, and each one changes what is read. */
class FhirReaderOptionsTests {

    private static FhirMapping read(FhirPatientReader.Options o, String json) {
        return FhirPatientReader.create(DrugCatalog.bundled(), o).read(json, Vignettes.DATE);
    }

    private static AntidepressantTrial only(FhirMapping m) {
        assertEquals(1, m.patient().trials().size(), m.report().toString());
        return m.patient().trials().get(0);
    }

    /** Sertraline 50 mg tablets (RxNorm 312941), 60 days, dosage as given. */
    private static String sertraline(String dosage) {
        return bundle(dispense("d1", "312941", "2026-06-01", "60", dosage));
    }

    @Test
    void aDoseLineWithoutTimingIsOnceADayByDefaultAndUnknownWhenSwitchedOff() {
        String json = sertraline("[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":2,\"unit\":\"tablet\"}}]}]");
        assertEquals(100.0, only(read(FhirPatientReader.Options.defaults(), json)).dailyDoseMg(), 1e-9);
        assertNull(only(read(FhirPatientReader.Options.builder().onceDailyWithoutTiming(false).build(), json))
                .dailyDoseMg());
    }

    @Test
    void aUnitlessDoseIsATabletCountUpToTheLimit() {
        String json = sertraline("[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":3}}]}]");
        assertEquals(150.0, only(read(FhirPatientReader.Options.defaults(), json)).dailyDoseMg(), 1e-9);
        assertNull(only(read(FhirPatientReader.Options.builder().maxUnitlessCount(2).build(), json)).dailyDoseMg());
    }

    @Test
    void lowDoseDoxepinLimitIsAnOption() {
        String doxepin = "{\"resourceType\":\"MedicationRequest\",\"id\":\"mr1\",\"status\":\"completed\","
                + "\"intent\":\"order\",\"medicationCodeableConcept\":{\"text\":\"doxepin 6 MG Oral Tablet\"},"
                + "\"authoredOn\":\"2026-01-01\",\"dispenseRequest\":{\"expectedSupplyDuration\":{\"value\":30,"
                + "\"unit\":\"days\",\"code\":\"d\"}}}";
        assertEquals(0, read(FhirPatientReader.Options.defaults(), bundle(doxepin)).patient().trials().size());
        FhirMapping m = read(FhirPatientReader.Options.builder().lowDoseDoxepinMaxMg(3).build(), bundle(doxepin));
        assertEquals("doxepin", only(m).drug(), "6 mg counts as a trial when the hypnotic limit is 3 mg");
    }

    @Test
    void theCombinationOverlapIsAnOption() {
        // sertraline from June, bupropion (RxNorm 993503, 100 mg SR) added after 20 days overlapping for 40 days
        String json = bundle(dispense("d1", "312941", "2026-06-01", "60", null),
                dispense("d2", "993503", "2026-06-21", "40", null));
        long combinationsDefault = read(FhirPatientReader.Options.defaults(), json).patient().trials().stream()
                .filter(t -> !t.addOns().isEmpty()).count();
        long combinationsLong = read(FhirPatientReader.Options.builder().combinationOverlapDays(60).build(), json)
                .patient().trials().stream().filter(t -> !t.addOns().isEmpty()).count();
        assertEquals(1, combinationsDefault, "40 days of overlap >= 28: a combination");
        assertEquals(0, combinationsLong, "40 days < 60: not a combination");
    }

    @Test
    void outOfRangeOptionsAreFhir002AndEveryOptionIsDocumentedWithAStatus() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FhirPatientReader.Options.builder().combinationOverlapDays(0));
        assertTrue(e.getMessage().startsWith("TRD-FHIR-002"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FhirPatientReader.Options.builder().allowedGapDays(181));
        assertEquals(5, FhirPatientReader.Options.defaults().settings().size());
        FhirPatientReader.Options.defaults().settings().forEach(s -> assertTrue(
                s.status().equals("CONFIRMED") || s.status().equals("UNCONFIRMED"), s.name()));
    }
}
