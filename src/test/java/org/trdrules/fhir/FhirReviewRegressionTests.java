package org.trdrules.fhir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.trdrules.fhir.TestBundles.RX;
import static org.trdrules.fhir.TestBundles.TAB2;
import static org.trdrules.fhir.TestBundles.bundle;
import static org.trdrules.fhir.TestBundles.dispense;
import static org.trdrules.fhir.TestBundles.read;
import static org.trdrules.fhir.TestBundles.request;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.trdrules.Vignettes;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;

/**
 * Defects found by an independent review of the FHIR reader and the ongoing-course semantics, each written as the
 * behaviour expected (every one failed before its fix). Evaluation date 2026-11-01.
 */
class FhirReviewRegressionTests {

    static Patient onePlanned(LocalDate end, Boolean ongoing) {
        return Patient.builder("x").birthDate(LocalDate.of(1980, 1, 1))
                .episode(Episode.builder("e1").onset(LocalDate.of(2026, 1, 1)).build())
                .trial(AntidepressantTrial.builder("t1", "sertraline").dailyDoseMg(100.0)
                        .start(Vignettes.DATE.minusDays(41)).end(end).ongoing(ongoing).build()).build();
    }

    @Test void d01_aRunningCourseAbsorbsLaterRecordsOfTheSameDrug() {
        FhirMapping m = read(bundle(request("mr1", "active", "312941", "2026-06-01", 365, null),
                dispense("d1", "312941", "2026-08-15", "30", null)));
        assertTrue(m.patient().trials().get(0).addOns().stream().noneMatch(a -> a.drug().equals("sertraline")),
                "sertraline combined with sertraline: " + m.patient().trials());
    }

    @Test void d02_anEarlyRefillWithoutSupplyMakesTheDurationUnknownNotTooShort() {
        FhirMapping m = read(bundle(dispense("d0", "312941", "2025-02-01", "150", TAB2),
                dispense("d1", "200371", "2026-01-01", "30", "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":40,\"unit\":\"mg\"}}]}]"),
                dispense("d2", "200371", "2026-01-29", null, null)));
        assertNotEquals(Verdict.NOT_MET, Vignettes.engine().assess(m.patient())
                .requireDefinition("two-adequate-trials").verdict());
    }

    @Test void d03_aStoppedOrderIsNotOngoing() {
        FhirMapping m = read(bundle(request("mr1", "stopped", "312941", "2026-10-01", 90, null)));
        assertNotEquals(Boolean.TRUE, m.patient().trials().get(0).ongoing());
    }

    @Test void d04_aDoNotPerformOrderIsNotACourse() {
        FhirMapping m = read(bundle(request("mr1", "active", "312941", "2026-01-01", 180, "\"doNotPerform\":true")));
        assertEquals(0, m.patient().trials().size());
    }

    @Test void d05_anUnknownDoseUnitIsNotACountOfTablets() {
        FhirMapping m = read(bundle(dispense("d1", "312941", "2026-01-01", "90",
                "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":50,\"unit\":\"mg/d\",\"code\":\"mg/d\"}}]}]")));
        Double mg = m.patient().trials().get(0).dailyDoseMg();
        assertTrue(mg == null || mg == 50.0, "50 mg/d read as " + mg);
    }

    @Test void d06_topicalDoxepinIsNotAnAntidepressantTrial() {
        FhirMapping m = read(bundle(dispense("d1", "1000091", "2026-06-01", "90",
                "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":1,\"unit\":\"g\",\"code\":\"g\"}}],"
                        + "\"timing\":{\"code\":{\"coding\":[{\"code\":\"QID\"}]}}}]")));
        assertEquals(0, m.patient().trials().size(), m.patient().trials().toString());
    }

    @Test void d07_oralSelegilineStillCountsForTheMaoiWashout() {
        FhirMapping m = read(bundle(dispense("d1", "859193", "2026-10-20", "30", null)));
        assertNotEquals(EligibilityStatus.ELIGIBLE, Vignettes.engine().assess(m.patient()).option("switch-sertraline")
                .orElseThrow().status());
    }

    @Test void d08_lowDoseDoxepinStillCountsForTheMaoiWashout() {
        FhirMapping m = read(bundle(dispense("d1", "966795", "2026-10-20", "30", null)));
        assertNotEquals(EligibilityStatus.ELIGIBLE, Vignettes.engine().assess(m.patient()).option("switch-phenelzine")
                .orElseThrow().status());
    }

    @Test void d09_aBadPatientGenderIsANoteNotAnNpe() {
        String json = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"femme\"}}]}";
        assertDoesNotThrow(() -> read(json));
    }

    @Test void d10_anUnknownStatusCodeIsNotAReaderDefect() {
        FhirMapping m = read(bundle(request("mr1", "bogus", "312941", "2026-01-01", 90, null)));
        assertTrue(m.report().stream().noneMatch(n -> n.reason().contains("reader defect")), m.report().toString());
    }

    @Test void d11_anAbsoluteReferenceToTheSamePatientIsThatPatient() {
        String c = dispense("d1", "312941", "2026-01-01", "90", null).replace("urn:uuid:p1", "http://ehr.example.org/fhir/Patient/p1");
        assertEquals(1, read(bundle(c)).patient().trials().size());
    }

    @Test void d12_aCourseOfUnknownEndTakesNoOutcomeFromScoresYearsLater() {
        String obs1 = "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"44261-6\"}]},\"effectiveDateTime\":\"2025-02-25\",\"valueInteger\":22}";
        String obs2 = obs1.replace("\"o1\"", "\"o2\"").replace("2025-02-25", "2026-10-15").replace("22}", "3}");
        FhirMapping m = read(bundle(request("mr1", "completed", "312941", "2025-03-01", null, null),
                dispense("d1", "993503", "2026-02-01", "300", null), obs1, obs2));
        var t = Vignettes.engine().assess(m.patient()).treatments().stream().filter(x -> x.id().equals("rx1")).findFirst().orElseThrow();
        assertEquals(org.trdrules.assessment.TrialOutcome.UNKNOWN, t.outcome());
    }

    @Test void d13_aLongerPlannedSupplyNeverGivesAShorterDuration() {
        var a = Vignettes.engine().assess(onePlanned(Vignettes.DATE, null)).treatments().get(0).weeks();
        var b = Vignettes.engine().assess(onePlanned(Vignettes.DATE.plusDays(1), null)).treatments().get(0).weeks();
        assertTrue(b >= a, a + " weeks with the end today, " + b + " with the end tomorrow");
    }

    @Test void d14_ongoingFalseWithAPlannedEndIsNotRunning() {
        var t = Vignettes.engine().assess(onePlanned(Vignettes.DATE.plusDays(30), Boolean.FALSE)).treatments().get(0);
        assertNull(t.weeks(), "ongoing=false: stopped on an unrecorded date, so the duration is unknown");
    }

    @Test void d15_aYearOnlyPeriodIsNotAOneDayCourse() {
        String ms = "{\"resourceType\":\"MedicationStatement\",\"id\":\"ms1\",\"status\":\"completed\",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"" + RX + "\",\"code\":\"312941\"}]},\"effectivePeriod\":{\"start\":\"2025\",\"end\":\"2025\"}}";
        assertNotEquals(LocalDate.of(2025, 1, 1), read(bundle(ms)).patient().trials().get(0).end());
    }

    @Test void d16_item9AfterTheEvaluationDateIsLeftOut() {
        String o = "{\"resourceType\":\"Observation\",\"id\":\"o9\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"44260-8\"}]},\"effectiveDateTime\":\"2027-06-01\",\"valueInteger\":3}";
        assertNotEquals(Boolean.TRUE, read(bundle(o)).patient().suicidalIdeation());
    }

    @Test void d17_aRefillAuthorisationIsNotAStop() {
        String r = request("mr1", "active", "312941", "2026-01-01", null, null).replace("\"authoredOn\"",
                "\"dispenseRequest\":{\"numberOfRepeatsAllowed\":5,\"expectedSupplyDuration\":{\"value\":30,\"code\":\"d\"}},\"authoredOn\"");
        assertNotEquals(LocalDate.of(2026, 1, 30), read(bundle(r)).patient().trials().get(0).end());
    }

    @Test void d18_aDifferentialBipolarDiagnosisDoesNotExcludeTrd() {
        String c = "{\"resourceType\":\"Condition\",\"id\":\"bp\",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"verificationStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-ver-status\",\"code\":\"differential\"}]},"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"F31.9\"}]}}";
        assertTrue(read(bundle(c)).report().stream().noneMatch(n -> n.reason().contains("report NOT_MET")));
    }

    @Test void d19_aLongCrossTaperSwitchKeepsTheSecondDrugAsATrial() {
        FhirMapping m = read(bundle(dispense("d1", "200371", "2026-01-01", "120", null),
                dispense("d2", "312941", "2026-03-01", "240", null)));
        assertTrue(m.patient().trials().stream().anyMatch(t -> t.drug().equals("sertraline")), m.patient().trials().toString());
    }

    @Test void d20_anAugmentationDoesNotStartBeforeItsAntidepressant() {
        FhirMapping m = read(bundle(request("q1", "active", "312941", "2026-10-10", 90, null),
                "{\"resourceType\":\"MedicationStatement\",\"id\":\"ms1\",\"status\":\"active\",\"subject\":{\"reference\":\"Patient/p1\"},"
                        + "\"medicationCodeableConcept\":{\"text\":\"quetiapine 300 mg tablet\"},\"effectivePeriod\":{\"start\":\"2024-01-01\"}}"));
        var t = m.patient().trials().get(0);
        assertFalse(t.addOns().get(0).start().isBefore(t.start()), t.toString());
    }

    // ---- the second review

    @Test void r01_aStoppedOrderStopsACourseThatAnotherRecordKeepsRunning() {
        FhirMapping m = read(bundle(request("mr1", "stopped", "312941", "2026-09-15", 90, null),
                dispense("d1", "312941", "2026-09-15", "90", TAB2)));
        assertNotEquals(Boolean.TRUE, m.patient().trials().get(0).ongoing(), m.patient().trials().toString());
    }

    @Test void r02_aStatementStoppedOnADateEndsTheCourseThen() {
        String ms = "{\"resourceType\":\"MedicationStatement\",\"id\":\"ms1\",\"status\":\"stopped\","
                + "\"subject\":{\"reference\":\"Patient/p1\"},\"medicationCodeableConcept\":{\"coding\":[{\"system\":\""
                + RX + "\",\"code\":\"312941\"}]},\"effectivePeriod\":{\"start\":\"2026-09-15\",\"end\":\"2026-10-10\"}}";
        AntidepressantTrial t = read(bundle(dispense("d1", "312941", "2026-09-15", "90", TAB2), ms)).patient().trials()
                .get(0);
        assertEquals(LocalDate.of(2026, 10, 10), t.end(), t.toString());
    }

    @Test void r03_anImplausibleDoseIsUnknownAndThePatientIsStillAssessed() {
        FhirMapping m = read(bundle(dispense("d1", "312941", "2026-01-01", "90",
                "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":6000,\"unit\":\"mg\"}}],"
                        + "\"timing\":{\"code\":{\"coding\":[{\"code\":\"BID\"}]}}}]")));
        assertNull(m.patient().trials().get(0).dailyDoseMg());
        assertTrue(Vignettes.engine().assessAll(java.util.List.of(m.patient())).get(0).ok());
    }

    @Test void r04_aDoseWithoutAUnitIsNoTabletCountOfAHundred() {
        FhirMapping m = read(bundle(dispense("d1", "312941", "2026-01-01", "90",
                "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":100}}]}]")));
        assertNull(m.patient().trials().get(0).dailyDoseMg());
    }

    @Test void r05_recordsOfOneDayGiveTheSameCourseInEitherOrder() {
        String r = request("mr1", "active", "312941", "2026-01-01", null, null).replace("\"authoredOn\"",
                "\"dispenseRequest\":{\"numberOfRepeatsAllowed\":5},\"authoredOn\"");
        String d = dispense("d1", "312941", "2026-01-01", "200", TAB2);
        assertEquals(read(bundle(r, d)).patient().trials().get(0).end(), read(bundle(d, r)).patient().trials().get(0)
                .end());
    }

    @Test void r06_aPatientWithoutIdIsFoundByItsFullUrlAndConditionalReferencesAreThePatient() {
        String json = bundle(dispense("d1", "312941", "2026-01-01", "90", null).replace("urn:uuid:p1", "Patient/p1"))
                .replace("{\"fullUrl\":\"urn:uuid:p1\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\",",
                        "{\"fullUrl\":\"http://ehr/fhir/Patient/p1\",\"resource\":{\"resourceType\":\"Patient\",");
        assertEquals(1, read(json).patient().trials().size());
        String c = dispense("d1", "312941", "2026-01-01", "90", null).replace("urn:uuid:p1",
                "Patient?identifier=http://x|123");
        assertEquals(1, read(bundle(c)).patient().trials().size());
    }

    @Test void r07_doxepinCreamNamedInTextIsNoTrial() {
        String ms = "{\"resourceType\":\"MedicationStatement\",\"id\":\"ms1\",\"status\":\"active\","
                + "\"medicationCodeableConcept\":{\"text\":\"Doxepin 5% cream\"},\"effectivePeriod\":{\"start\":\"2026-01-01\"}}";
        assertEquals(0, read(bundle(ms)).patient().trials().size());
    }

    @Test void r08_aSupplyDurationInTabletsIsNoDuration() {
        String r = request("mr1", "completed", "312941", "2026-01-01", null, null).replace("\"authoredOn\"",
                "\"dispenseRequest\":{\"expectedSupplyDuration\":{\"value\":30,\"unit\":\"tablets\","
                        + "\"code\":\"{tbl}\"}},\"authoredOn\"");
        assertNull(read(bundle(r)).patient().trials().get(0).end());
    }

    @Test void r09_theCardCountsRecordsNotNotes() {
        FhirMapping m = read(bundle(request("mr1", "active", "312941", "2026-03-01", null, null)
                .replace("\"authoredOn\":\"2026-03-01\"", "\"authoredOn\":\"2026-03-01\",\"dosageInstruction\":"
                        + "[{\"timing\":{\"repeat\":{\"boundsPeriod\":{\"end\":\"2026-02-01\"}}}}]")));
        assertEquals(1, m.gapRecords(), m.gaps().toString());
    }

    @Test void r10_aProvisionalBipolarDiagnosisIsKeptMarkedProvisional() {
        String c = "{\"resourceType\":\"Condition\",\"id\":\"bp\",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"verificationStatus\":{\"coding\":[{\"code\":\"provisional\"}]},"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"F31.9\"}]}}";
        FhirMapping m = read(bundle(c));
        assertTrue(m.patient().conditions().stream().anyMatch(x -> x.code().equals("F31.9")
                && Boolean.TRUE.equals(x.provisional())), m.patient().conditions().toString());
    }

    /** SNOMED CT 67002003 is in an eCQM depression value set and in the bipolar one: it is bipolar disorder. */
    @org.junit.jupiter.params.ParameterizedTest(name = "verification {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"confirmed", "provisional"})
    void r11_bipolarIiMostRecentEpisodeDepressiveIsBipolarNotMajorDepression(String verification) {
        String c = "{\"resourceType\":\"Condition\",\"id\":\"bp\",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"verificationStatus\":{\"coding\":[{\"code\":\"" + verification + "\"}]},"
                + "\"onsetDateTime\":\"2025-01-01\","
                + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"67002003\"}]}}";
        FhirMapping m = read(bundle(c));
        assertEquals(1, m.patient().episodes().size(), "only the bundle's F33.1 episode, none from the bipolar code");
        assertTrue(m.report().stream().anyMatch(n -> n.reason().startsWith("bipolar disorder (67002003)")),
                m.report().toString());
        assertEquals("BIPOLAR", FhirPatientReader.create().codeGroup("http://snomed.info/sct", "67002003"));
        assertTrue(m.patient().conditions().stream().anyMatch(x -> x.code().equals("67002003")
                && Boolean.valueOf(verification.equals("provisional")).equals(Boolean.TRUE.equals(x.provisional()))),
                m.patient().conditions().toString());
    }

    /**
     * A number with a huge exponent (10 characters) once made HAPI write a billion-digit string and exhausted the
     * heap, sinking every other record; now only its entry is unreadable and the rest of the Bundle is read.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1e999999999", "1e-999999999", "-1E+1001"})
    void r12_aNumberWithAHugeExponentMakesOnlyItsEntryUnreadable(String number) {
        String bad = "{\"resourceType\":\"MedicationStatement\",\"id\":\"ms-bad\",\"status\":\"active\","
                + "\"subject\":{\"reference\":\"Patient/p1\"},\"effectivePeriod\":{\"start\":\"2025-02-01\"},"
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"" + RX + "\",\"code\":\"312941\"}]},"
                + "\"dosage\":[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":" + number + ",\"unit\":\"mg\"}}]}]}";
        FhirMapping m = read(bundle(bad));
        assertTrue(m.report().stream().anyMatch(n -> n.path().endsWith(".resource")
                && n.reason().equals("unreadable resource (NumberOutOfRange)")), m.report().toString());
        assertEquals(1, m.patient().episodes().size(), "the Condition of the same Bundle is still read");
        assertTrue(m.patient().trials().isEmpty(), m.patient().trials().toString());
    }

    @Test void r12_ordinaryDecimalsAreWithinRange() {
        for (String ok : new String[] {"0.000001", "1234567.125", "1e3", "2.5E-7"}) {
            assertDoesNotThrow(() -> FhirPatientReader.checkNumbers(
                    new com.fasterxml.jackson.databind.ObjectMapper().enable(
                            com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                            .readTree("{\"v\":[" + ok + "]}")), ok);
        }
    }
}
