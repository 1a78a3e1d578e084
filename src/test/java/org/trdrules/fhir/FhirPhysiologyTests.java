package org.trdrules.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.trdrules.model.MetaboliserPhenotype;
import org.trdrules.model.Patient;

/** Blood pressure, eGFR and CYP2D6/CYP2C19 phenotype Observations read into the patient's physiology and genomics. */
class FhirPhysiologyTests {

    private static String obs(String id, String date, String code, String value) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\","
                + "\"subject\":{\"reference\":\"Patient/p1\"},\"effectiveDateTime\":\"" + date + "\","
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"" + code + "\"}]}," + value + "}";
    }

    private static String qty(double v, String unit) {
        return "\"valueQuantity\":{\"value\":" + v + ",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + unit + "\"}";
    }

    private static String bpComponents(double sys, double dia) {
        return "\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},"
                + qty(sys, "mm[Hg]") + "},{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8462-4\"}]},"
                + qty(dia, "mm[Hg]") + "}]";
    }

    private static String answer(String la) {
        return "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"" + la + "\"}]}";
    }

    @Test
    void latestBloodPressurePanelAndEgfrAreRead() {
        Patient p = TestBundles.read(TestBundles.bundle(
                obs("bp1", "2026-01-10", "85354-9", bpComponents(150, 95)),
                obs("bp2", "2026-10-01", "85354-9", bpComponents(128, 82)),
                obs("g1", "2026-09-01", "62238-1", qty(54, "mL/min/{1.73_m2}")))).patient();
        assertEquals(128.0, p.physiology().systolicBpMmHg(), "the later panel wins");
        assertEquals(82.0, p.physiology().diastolicBpMmHg());
        assertEquals(54.0, p.physiology().egfr());
        assertEquals(LocalDate.of(2026, 10, 1), p.physiology().bloodPressureDate(), "the date of the reading used");
        assertEquals(LocalDate.of(2026, 9, 1), p.physiology().egfrDate());
    }

    @Test
    void implausibleOrFutureValuesAreNotUsed() {
        FhirMapping m = TestBundles.read(TestBundles.bundle(
                obs("bp1", "2026-01-10", "8480-6", qty(900, "mm[Hg]")),
                obs("g1", "2027-01-01", "33914-3", qty(40, "mL/min/{1.73_m2}"))));
        assertNull(m.patient().physiology());
        assertTrue(m.report().stream().anyMatch(n -> n.resource().equals("Observation/bp1")
                && n.status() == MappingStatus.NOT_USED));
    }

    @Test
    void cyp2c19AndCyp2d6PhenotypesFromLoincAnswers() {
        Patient p = TestBundles.read(TestBundles.bundle(
                obs("x1", "2025-05-01", "79714-2", answer("LA9657-3")),
                obs("x2", "2025-05-01", "79715-9", answer("LA10315-2")))).patient();
        assertEquals(MetaboliserPhenotype.POOR, p.pharmacogenomics().cyp2c19());
        assertEquals(MetaboliserPhenotype.ULTRARAPID, p.pharmacogenomics().cyp2d6());
    }

    @Test
    void aPhenotypeWithoutALoincAnswerIsNotUsed() {
        FhirMapping m = TestBundles.read(TestBundles.bundle(
                obs("x1", "2025-05-01", "79714-2", "\"valueString\":\"*2/*2\"")));
        assertNull(m.patient().pharmacogenomics());
    }

    @Test
    void systolicAndDiastolicAreKeptFromOneDateOnly() {
        // a later systolic alone: the older diastolic is not paired with it (the ketamine check then asks for review)
        Patient p = TestBundles.read(TestBundles.bundle(
                obs("bp1", "2026-01-10", "85354-9", bpComponents(120, 80)),
                obs("bp2", "2026-10-01", "8480-6", qty(165, "mm[Hg]")))).patient();
        assertEquals(165.0, p.physiology().systolicBpMmHg());
        assertNull(p.physiology().diastolicBpMmHg(), "no diastolic of 2026-10-01");
        var o = org.trdrules.Vignettes.engine().assess(p).option("esketamine").orElseThrow();
        assertTrue(o.reasons().contains("blood pressure not recorded: assess before dosing"), o.reasons().toString());
        // two observations of one date make one reading
        Patient same = TestBundles.read(TestBundles.bundle(
                obs("s1", "2026-10-01", "8480-6", qty(150, "mm[Hg]")),
                obs("d1", "2026-10-01", "8462-4", qty(95, "mm[Hg]")))).patient();
        assertEquals(150.0, same.physiology().systolicBpMmHg());
        assertEquals(95.0, same.physiology().diastolicBpMmHg());
    }

    @Test
    void conflictingCyp2d6ResultsAreIndeterminateAndNeedReview() {
        FhirMapping m = TestBundles.read(TestBundles.bundle(
                obs("x1", "2025-05-01", "79715-9", answer("LA10315-2")),
                obs("x2", "2025-06-01", "79715-9", answer("LA9657-3"))));
        assertEquals(MetaboliserPhenotype.INDETERMINATE, m.patient().pharmacogenomics().cyp2d6());
        assertTrue(m.report().stream().anyMatch(n -> n.resource().equals("Observation/x2")
                && n.status() == MappingStatus.PARTIAL), m.report().toString());
        var o = org.trdrules.Vignettes.engine().assess(m.patient()).option("switch-paroxetine").orElseThrow();
        assertEquals(org.trdrules.assessment.EligibilityStatus.NEEDS_REVIEW, o.status(), o.reasons().toString());
        assertTrue(o.reasons().stream().anyMatch(r -> r.startsWith("CYP2D6 phenotype indeterminate")), o.reasons().toString());
    }

    @Test
    void anOldBloodPressureFromFhirIsNoRecentValueForEsketamine() {
        Patient old = TestBundles.read(TestBundles.bundle(
                obs("bp1", "2026-01-10", "85354-9", bpComponents(120, 80)))).patient();
        assertEquals(LocalDate.of(2026, 1, 10), old.physiology().bloodPressureDate());
        var o = org.trdrules.Vignettes.engine().assess(old).option("esketamine").orElseThrow();
        assertTrue(o.reasons().stream().anyMatch(r -> r.startsWith("no recent blood pressure (the last one is 295 days old")),
                o.reasons().toString());
        Patient recent = TestBundles.read(TestBundles.bundle(
                obs("bp1", "2026-10-25", "85354-9", bpComponents(120, 80)))).patient();
        var r = org.trdrules.Vignettes.engine().assess(recent).option("esketamine").orElseThrow();
        assertTrue(r.reasons().stream().noneMatch(x -> x.contains("blood pressure")), r.reasons().toString());
    }
}
