package org.trdrules.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.trdrules.fhir.TestBundles.READER;
import static org.trdrules.fhir.TestBundles.RX;
import static org.trdrules.fhir.TestBundles.bundle;
import static org.trdrules.fhir.TestBundles.dispense;
import static org.trdrules.fhir.TestBundles.read;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trdrules.Vignettes;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.AddOnKind;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Patient;

/**
 * Record shapes found in real EHR exports and public test data, each read as it is: ongoing supplies, missing
 * durations, absent values, record status, combination products, other patients' resources. Evaluation date
 * 2026-11-01.
 */
class FhirRealShapesTests {

    /** An adequate, failed-looking sertraline course (150 days at 100 mg) so that a second trial decides. */
    private static final String SERTRALINE = dispense("s1", "312941", "2025-02-01", "150",
            "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":2,\"unit\":\"tablet\"}}]}]");

    private static AntidepressantTrial trial(FhirMapping m, String drug) {
        return m.patient().trials().stream().filter(t -> t.drug().equals(drug)).findFirst()
                .orElseThrow(() -> new AssertionError(drug + " not a trial: " + m.report()));
    }

    private static boolean noted(FhirMapping m, MappingStatus status, String pathPart, String reasonPart) {
        return m.report().stream().anyMatch(n -> n.status() == status && n.path().contains(pathPart)
                && n.reason().contains(reasonPart));
    }

    @Test
    void aSupplyRunningPastTheEvaluationDateIsAnOngoingCourseNotAnError() {
        // 90 days handed over 20 days before the evaluation date: 21 days on treatment, both ends counted
        FhirMapping m = read(bundle(dispense("d1", "312941", "2026-10-12", "90", null)));
        AntidepressantTrial t = trial(m, "sertraline");
        assertEquals(Boolean.TRUE, t.ongoing());
        assertNull(t.end());
        Assessment a = Vignettes.engine().assess(m.patient());
        assertEquals(21 / 7.0, a.treatments().stream().filter(x -> x.id().equals(t.id())).findFirst().orElseThrow()
                .weeks(), 1e-9);
        assertTrue(m.report().stream().anyMatch(n -> n.reason().contains("ongoing at the evaluation date")));
    }

    @Test
    void anActiveOrderWithoutAnyDurationIsIndeterminateNeverTooShort() {
        String order = "{\"resourceType\":\"MedicationRequest\",\"id\":\"mr1\",\"status\":\"active\",\"intent\":\"order\","
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"" + RX + "\",\"code\":\"1190110\","
                + "\"display\":\"fluoxetine 60 MG Oral Tablet\"}]},\"authoredOn\":\"2026-03-01\"}";
        FhirMapping m = read(bundle(SERTRALINE, order));
        AntidepressantTrial t = trial(m, "fluoxetine");
        assertEquals(Boolean.FALSE, t.ongoing());
        assertNull(t.end());
        assertTrue(noted(m, MappingStatus.PARTIAL, "entry[3]", "dispenseRequest.expectedSupplyDuration absent"),
                m.report().toString());
        DefinitionResult d = Vignettes.engine().assess(m.patient()).requireDefinition("two-adequate-trials");
        assertEquals(Verdict.INDETERMINATE, d.verdict());
        assertTrue(d.explanation().missingData().stream().anyMatch(s -> s.contains("duration of " + t.id())),
                d.explanation().missingData().toString());
    }

    @Test
    void repeatDispensesWithoutDosageMergeIntoOneCourseWithoutADose() {
        FhirMapping m = read(bundle(dispense("d1", "312941", "2026-01-01", "30", null),
                dispense("d2", "312941", "2026-01-31", "30", null)));
        AntidepressantTrial t = trial(m, "sertraline");
        assertNull(t.dailyDoseMg());
        assertNull(t.doseOptimised());
        assertEquals(LocalDate.of(2026, 3, 1), t.end());
    }

    @ParameterizedTest(name = "daysSupply {0}")
    @ValueSource(strings = {"{}", "{\"unit\":\"d\"}", "1e308", "-5", "40000"})
    void aSupplyWithoutAUsableValueGivesAnUnknownDuration(String daysSupply) {
        FhirMapping m = read(bundle(dispense("d1", "312941", "2026-01-01", daysSupply, null)));
        AntidepressantTrial t = trial(m, "sertraline");
        assertEquals(Boolean.FALSE, t.ongoing());
        assertNull(t.end());
        assertTrue(noted(m, MappingStatus.PARTIAL, "entry[2]", "daysSupply"), m.report().toString());
        assertTrue(Vignettes.engine().assessAll(List.of(m.patient())).get(0).ok());
    }

    @Test
    void aDoseQuantityWithoutAValueGivesNoDoseAndSaysWhy() {
        FhirMapping m = read(bundle(dispense("d1", "312941", "2026-01-01", "30",
                "[{\"doseAndRate\":[{\"doseQuantity\":{\"unit\":\"mg\"}}],\"timing\":{\"repeat\":{\"frequency\":0}}}]")));
        assertNull(trial(m, "sertraline").dailyDoseMg());
        assertTrue(noted(m, MappingStatus.PARTIAL, "entry[2]", "daily dose not derivable"), m.report().toString());
    }

    @Test
    void aZeroFrequencyIsAnUnknownDoseNotZeroMilligrams() {
        FhirMapping m = read(bundle(dispense("d1", "312941", "2026-01-01", "30",
                "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":50,\"unit\":\"mg\"}}],"
                        + "\"timing\":{\"repeat\":{\"frequency\":0,\"period\":1,\"periodUnit\":\"d\"}}}]")));
        assertNull(trial(m, "sertraline").dailyDoseMg());
    }

    @Test
    void timingCodesAndPeriodsGiveTheDailyDose() {
        FhirMapping m = read(bundle(dispense("d1", "312941", "2026-01-01", "30",
                "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":1,\"unit\":\"tablet\"}}],"
                        + "\"timing\":{\"code\":{\"coding\":[{\"code\":\"BID\"}]}}}]")));
        assertEquals(100.0, trial(m, "sertraline").dailyDoseMg(), "50 mg tablet twice a day");
    }

    @Test
    void phq9WithoutAValueAndCodingsWithoutACodeAreReportedNotFatal() {
        String absent = "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\",\"code\":{\"coding\":"
                + "[{\"system\":\"http://loinc.org\",\"code\":\"44261-6\"}]},\"effectiveDateTime\":\"2026-01-01\","
                + "\"dataAbsentReason\":{\"coding\":[{\"code\":\"asked-declined\"}]}}";
        String noValue = "{\"resourceType\":\"Observation\",\"id\":\"o2\",\"status\":\"final\",\"code\":{\"coding\":"
                + "[{\"system\":\"http://loinc.org\",\"code\":\"44261-6\"}]},\"effectiveDateTime\":\"2026-01-01\","
                + "\"valueQuantity\":{\"unit\":\"{score}\"}}";
        String noCode = "{\"resourceType\":\"Observation\",\"id\":\"o3\",\"status\":\"final\",\"code\":{\"coding\":"
                + "[{\"system\":\"http://loinc.org\"}]},\"valueInteger\":3}";
        String preliminary = "{\"resourceType\":\"Observation\",\"id\":\"o4\",\"status\":\"preliminary\",\"code\":"
                + "{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"44261-6\"}]},"
                + "\"effectiveDateTime\":\"2026-01-01\",\"valueInteger\":20}";
        FhirMapping m = read(bundle(absent, noValue, noCode, preliminary));
        assertEquals(0, m.patient().measurements().size());
        assertTrue(noted(m, MappingStatus.NOT_USED, "entry[2].resource.dataAbsentReason", "data absent"));
        assertTrue(noted(m, MappingStatus.NOT_USED, "entry[3].resource.value[x]", "without a value"));
        assertTrue(noted(m, MappingStatus.NOT_USED, "entry[4].resource.code", "no LOINC code"));
        assertTrue(noted(m, MappingStatus.NOT_USED, "entry[5].resource.status", "preliminary"));
    }

    @Test
    void brokenEntriesAndExtensionsCostOnlyThemselves() {
        String json = "{\"resourceType\":\"Bundle\",\"entry\":[null,{\"resource\":null},{},"
                + "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c1\",\"extension\":[[]],"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"F33.1\"}]},"
                + "\"onsetDateTime\":\" \"}},"
                + "{\"resource\":{\"resourceType\":\"NoSuchType\"}},"
                + "{\"resource\":" + dispense("d1", "312941", "2026-01-01", "60", null) + "}]}";
        FhirMapping m = read(json);
        assertTrue(noted(m, MappingStatus.NOT_USED, "Bundle.entry[0]", "not an object"), m.report().toString());
        assertTrue(noted(m, MappingStatus.NOT_USED, "Bundle.entry[1].resource", "without a resource"));
        assertTrue(noted(m, MappingStatus.NOT_USED, "Bundle.entry[4].resource", "unreadable resource"));
        assertEquals("sertraline", m.patient().trials().get(0).drug(), "the good dispense is still read");
        assertTrue(Vignettes.engine().assessAll(List.of(m.patient())).get(0).ok());
    }

    @Test
    void enteredInErrorCancelledRefutedAndOtherPatientsRecordsAreLeftOutAndReported() {
        String error = dispense("d1", "312941", "2026-01-01", "60", null).replace("\"completed\"",
                "\"entered-in-error\"");
        String other = dispense("d2", "312941", "2026-01-01", "60", null).replace("urn:uuid:p1", "Patient/someone");
        String refuted = "{\"resourceType\":\"Condition\",\"id\":\"c2\",\"verificationStatus\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/condition-ver-status\",\"code\":\"refuted\"}]},"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"F32.2\"}]}}";
        FhirMapping m = read(bundle(error, other, refuted));
        assertEquals(0, m.patient().trials().size());
        assertEquals(1, m.patient().episodes().size());
        assertTrue(noted(m, MappingStatus.NOT_USED, "entry[2].resource.status", "entered-in-error"));
        assertTrue(noted(m, MappingStatus.NOT_USED, "entry[3].resource.subject", "another patient"));
        assertTrue(noted(m, MappingStatus.NOT_USED, "entry[4].resource.verificationStatus", "refuted"));
    }

    @Test
    void fluoxetineOlanzapineIsFluoxetineAugmentedByOlanzapine() {
        FhirMapping m = read(bundle(dispense("d1", "403969", "2026-01-01", "60",
                "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":1,\"unit\":\"capsule\"}}]}]")));
        AntidepressantTrial t = trial(m, "fluoxetine");
        assertEquals(25.0, t.dailyDoseMg());
        assertEquals(1, t.addOns().size());
        assertEquals("olanzapine", t.addOns().get(0).drug());
        assertEquals(AddOnKind.AUGMENTATION, t.addOns().get(0).kind());
        assertEquals(6.0, t.addOns().get(0).dailyDoseMg());
    }

    @Test
    void amitriptylinePerphenazineKeepsBothIngredients() {
        String statement = "{\"resourceType\":\"MedicationStatement\",\"id\":\"ms1\",\"status\":\"completed\","
                + "\"medicationCodeableConcept\":{\"text\":\"amitriptyline hydrochloride 25 MG / perphenazine 2 MG Oral Tablet\"},"
                + "\"effectivePeriod\":{\"start\":\"2026-01-01\",\"end\":\"2026-03-31\"}}";
        FhirMapping m = read(bundle(statement));
        assertEquals("amitriptyline", trial(m, "amitriptyline").drug());
        assertTrue(m.patient().medications().stream().anyMatch(x -> x.drug().equals("perphenazine")),
                m.patient().medications().toString());
    }

    @Test
    void dextromethorphanBupropionIsAProductOfItsOwnAtItsLabelledDose() {
        String statement = "{\"resourceType\":\"MedicationStatement\",\"id\":\"ms1\",\"status\":\"active\","
                + "\"medicationCodeableConcept\":{\"text\":\"bupropion hydrochloride 105 MG / dextromethorphan hydrobromide 45 MG Extended Release Oral Tablet\"},"
                + "\"effectivePeriod\":{\"start\":\"2026-06-01\"},"
                + "\"dosage\":[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":1,\"unit\":\"tablet\"}}],"
                + "\"timing\":{\"repeat\":{\"frequency\":2,\"period\":1,\"periodUnit\":\"d\"}}}]}";
        FhirMapping m = read(bundle(statement));
        AntidepressantTrial t = trial(m, "dextromethorphan-bupropion");
        assertEquals(210.0, t.dailyDoseMg(), "105 mg bupropion component twice daily");
        assertEquals(Boolean.TRUE, t.ongoing());
        Assessment a = Vignettes.engine().assess(m.patient());
        assertTrue(a.treatments().stream().noneMatch(x -> x.label().contains("bupropion") && !x.label()
                .contains("dextromethorphan")), "never judged as bupropion alone");
    }

    @Test
    void selegilineTransdermalIsReadPer24Hours() {
        FhirMapping m = read(bundle(dispense("d1", "865206", "2026-01-01", "30",
                "[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":1,\"unit\":\"patch\"}}]}]")));
        assertEquals(6.0, trial(m, "selegiline").dailyDoseMg(), 1e-9);
    }

    @Test
    void lowDoseDoxepinIsNotAnAntidepressantTrial() {
        String request = "{\"resourceType\":\"MedicationRequest\",\"id\":\"mr1\",\"status\":\"completed\","
                + "\"intent\":\"order\",\"medicationCodeableConcept\":{\"text\":\"doxepin 6 MG Oral Tablet\"},"
                + "\"authoredOn\":\"2026-01-01\",\"dispenseRequest\":{\"expectedSupplyDuration\":{\"value\":30,"
                + "\"unit\":\"days\",\"code\":\"d\"}}}";
        FhirMapping m = read(bundle(request));
        Patient p = m.patient();
        assertEquals(0, p.trials().size(), m.report().toString());
        assertTrue(p.medications().stream().anyMatch(x -> x.drug().contains("doxepin")));
    }

    @Test
    void fiveHydroxytryptophanIsOxitriptan() {
        assertEquals("oxitriptan", READER.resolve(null, "5-hydroxytryptophan 100 mg capsule").orElseThrow().drug()
                .ingredient());
    }

    @Test
    void aRecordDatedAfterTheEvaluationDateIsLeftOutAndReported() {
        FhirMapping m = read(bundle(dispense("d1", "312941", "2027-01-01", "30", null)));
        assertEquals(0, m.patient().trials().size());
        assertTrue(noted(m, MappingStatus.NOT_USED, "entry[2]", "after the evaluation date"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{\"resourceType\":\"Bundle\",\"resourceType\":\"Bundle\"}",
        "{\"resourceType\":\"Bundle\",\"entry\":{}}", "[]", "", "{\"resourceType\":\"Bundle\",\"entry\":["})
    void documentsThatAreNotABundleAreTrdFhir001(String json) {
        FhirReadException e = assertThrows(FhirReadException.class, () -> read(json));
        assertTrue(e.getMessage().startsWith("TRD-FHIR-001"), e.getMessage());
    }

    @Test
    void nestingBeyondTheLimitIsTrdFhir001NotAStackOverflow() {
        String deep = "{\"resourceType\":\"Bundle\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        FhirReadException e = assertThrows(FhirReadException.class, () -> read(deep));
        assertTrue(e.getMessage().contains("limits"), e.getMessage());
    }

    private static String medicationWithIngredient(String form, String strength) {
        return "{\"resourceType\":\"Medication\",\"id\":\"m1\",\"form\":{\"text\":\"" + form + "\"},"
                + "\"ingredient\":[{\"itemCodeableConcept\":{\"coding\":[{\"system\":\"" + RX + "\",\"code\":\"9639\","
                + "\"display\":\"selegiline\"}]},\"strength\":" + strength + "}]}";
    }

    private static String dispenseOfMedication() {
        return "{\"resourceType\":\"MedicationDispense\",\"id\":\"d1\",\"status\":\"completed\","
                + "\"medicationReference\":{\"reference\":\"Medication/m1\"},\"whenHandedOver\":\"2026-01-01\","
                + "\"daysSupply\":{\"value\":30},\"dosageInstruction\":[{\"doseAndRate\":[{\"doseQuantity\":"
                + "{\"value\":1,\"unit\":\"patch\"}}]}]}";
    }

    @Test
    void aMedicationsIngredientRatePerHourIsReadPer24HoursAndItsFormDecides() {
        FhirMapping patch = read(bundle(medicationWithIngredient("Transdermal System",
                "{\"numerator\":{\"value\":0.25,\"code\":\"mg\"},\"denominator\":{\"value\":1,\"code\":\"h\"}}"),
                dispenseOfMedication()));
        assertEquals(6.0, trial(patch, "selegiline").dailyDoseMg(), 1e-9, "0.25 mg/h is 6 mg per 24 h");
        FhirMapping oral = read(bundle(medicationWithIngredient("Oral Tablet",
                "{\"numerator\":{\"value\":5,\"code\":\"mg\"},\"denominator\":{\"value\":1,\"code\":\"{tbl}\"}}"),
                dispenseOfMedication()));
        assertEquals(0, oral.patient().trials().size(), "oral selegiline is no antidepressant trial");
        assertTrue(oral.patient().medications().stream().anyMatch(x -> x.drug().equals("selegiline")));
    }
}
