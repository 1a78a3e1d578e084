package org.trdrules.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trdrules.Vignettes;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.engine.Csv;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Patient;
import org.trdrules.model.Severity;
import org.trdrules.model.Sex;

/** FHIR R4 Bundle to patient history: the sample Bundle in docs/examples, and code resolution. */
class FhirPatientReaderTests {

    private static final FhirPatientReader READER = FhirPatientReader.create();

    private static FhirMapping sample() throws Exception {
        return READER.read(Files.readString(Path.of("docs/examples/fhir-bundle.json"), StandardCharsets.UTF_8),
                Vignettes.DATE);
    }

    @Test
    void sampleBundleBecomesAHistory() throws Exception {
        Patient p = sample().patient();
        assertEquals(Sex.FEMALE, p.sex());
        assertEquals(LocalDate.of(1975, 4, 12), p.birthDate());
        assertEquals(1, p.episodes().size());
        assertEquals(Severity.SEVERE, p.episodes().get(0).severity());
        assertEquals(false, p.episodes().get(0).psychoticFeatures());
        AntidepressantTrial sertraline = p.trials().get(0);
        assertEquals("sertraline", sertraline.drug());
        assertEquals(LocalDate.of(2025, 2, 1), sertraline.start());
        assertEquals(LocalDate.of(2025, 5, 3), sertraline.end(), "three 30-day dispenses merged into one course");
        assertEquals(100.0, sertraline.dailyDoseMg(), "2 x 50 mg tablets a day");
        assertEquals(true, sertraline.doseOptimised(), "50 mg then 100 mg");
        AntidepressantTrial escitalopram = p.trials().get(1);
        assertEquals("lithium", escitalopram.addOns().get(0).drug(), "overlapping augmentation attached");
        assertEquals(600.0, escitalopram.addOns().get(0).dailyDoseMg());
        assertEquals(3, p.measurements().size());
        assertEquals(true, p.suicidalIdeation(), "PHQ-9 item 9 answered LA6569-3 (several days)");
        assertEquals(List.of("ketamine"), p.allergies());
        assertEquals(1, p.medications().size(), "carbamazepine kept as another medication");
    }

    @Test
    void everyResourceIsInTheReport() throws Exception {
        FhirMapping m = sample();
        assertTrue(m.report().stream().anyMatch(n -> n.resource().equals("Encounter/enc1")
                && n.status() == MappingStatus.OUT_OF_SCOPE));
        assertTrue(m.report().stream().anyMatch(n -> n.resource().equals("MedicationStatement/s1")
                && n.status() == MappingStatus.PARTIAL));
    }

    @Test
    void theRulesSeeWhatTheBundleSays() throws Exception {
        Assessment a = Vignettes.engine().assess(sample().patient());
        assertEquals(1, a.safety().size());
        assertEquals(EligibilityStatus.CONTRAINDICATED, a.option("esketamine").orElseThrow().status());
        assertTrue(a.pseudoResistance().stream().anyMatch(f -> f.category() == org.trdrules.assessment.PseudoResistanceCategory.INTERACTING_DRUG
                && f.treatmentIds().contains("rx1")), "carbamazepine during the sertraline course");
        assertTrue(a.pseudoResistance().stream().anyMatch(f -> f.category() == org.trdrules.assessment.PseudoResistanceCategory.MEDICAL_CONDITION));
    }

    @Test
    void everyCms128CodeResolvesToItsIngredientAndStrength() throws Exception {
        List<String> unresolved = new ArrayList<>();
        try (var in = getClass().getResourceAsStream("/org/trdrules/catalog/cms128-antidepressant-valueset.csv")) {
            List<List<String>> rows = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (List<String> r : rows.subList(1, rows.size())) {
                var res = READER.resolve(r.get(0), null);
                if (res.isEmpty() || !r.get(2).contains(res.get().drug().ingredient())) {
                    unresolved.add(r.get(0));
                }
            }
            assertEquals(178, rows.size() - 1);
        }
        assertEquals(List.of(), unresolved);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "2.16.840.1.113883.3.600.470_v20240202_24ed43c4.json", // Adult Depression Medications (CMS2, 2024)
        "2.16.840.1.113883.3.526.3.1566_v20210220_21db38f4.json", // Adult Depression Medications (2021)
        "2.16.840.1.113883.3.464.1003.196.11.1530_v20240210_aae9892d.json"}) // Antidepressant Medication (2024)
    void everyCodeOfOtherPublicDepressionValueSetsResolvesByCode(String file) throws Exception {
        // the public VSAC expansions kept in src/terminology/raw (cqframework repositories, CC0)
        com.fasterxml.jackson.databind.JsonNode vs = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("src/terminology/raw", file).toFile());
        List<String> byCode = new ArrayList<>();
        List<String> not = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode c : vs.get("expansion").get("contains")) {
            if (!c.get("system").asText().contains("rxnorm")) {
                continue;
            }
            var r = READER.resolve(c.get("code").asText(), null);
            (r.isPresent() ? byCode : not).add(c.get("code").asText() + " " + c.path("display").asText());
        }
        assertTrue(byCode.size() >= 50, "codes: " + byCode.size());
        assertEquals(List.of(), not);
    }

    @Test
    void displayTextResolvesToTheProductItNames() {
        assertEquals("sertraline", READER.resolve(null, "Sertraline 100 mg tablets").orElseThrow().drug().ingredient());
        assertEquals(100.0, READER.resolve(null, "Sertraline 100 mg tablets").orElseThrow().strengthMg());
        assertTrue(READER.resolve(null, "olanzapine and fluoxetine").isEmpty(), "two catalogue drugs in free text:"
                + " ambiguous");
        assertEquals("fluoxetine", READER.resolve(null, "fluoxetine 25 MG / olanzapine 6 MG Oral Capsule")
                .orElseThrow().drug().ingredient(), "an RxNorm name of two ingredients: the antidepressant first");
        assertTrue(READER.resolve("999999", "metformin 500 mg").isEmpty());
    }

    @Test
    void notABundleIsATypedError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> READER.read("{\"resourceType\":\"Nope\"}", Vignettes.DATE));
        assertTrue(e.getMessage().startsWith("TRD-FHIR-001"));
    }

    private static String dispense(int daysSupply) {
        return """
                {"resourceType":"Bundle","type":"collection","entry":[
                 {"resource":{"resourceType":"Patient","id":"p"}},
                 {"resource":{"resourceType":"MedicationDispense","id":"d","status":"completed",
                  "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm",
                   "code":"312941"}]},
                  "whenHandedOver":"2025-01-01","daysSupply":{"value":%d},
                  "dosageInstruction":[{"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}}]}
                """.formatted(daysSupply);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} days supply -> {1} weeks")
    @org.junit.jupiter.params.provider.CsvSource({"83, 11.857142857142858", "84, 12.0", "179, 25.571428571428573",
        "180, 25.714285714285715"})
    void cms128DaySupplyBoundariesLandOnTheRightSide(int days, double weeks) {
        Patient p = READER.read(dispense(days), Vignettes.DATE).patient();
        AntidepressantTrial t = p.trials().get(0);
        assertEquals(days, java.time.temporal.ChronoUnit.DAYS.between(t.start(), t.end()) + 1, "days covered");
        Assessment a = Vignettes.engine().assess(p);
        assertEquals(weeks, a.treatments().get(0).weeks(), 1e-9);
        // 84 days = the CMS128 acute phase (12 weeks); 180 days = the continuation phase
        assertEquals(days >= 84, a.treatments().get(0).weeks() >= 12);
        assertEquals(days >= 180, java.time.temporal.ChronoUnit.DAYS.between(t.start(), t.end()) + 1 >= 180);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "CMS128 test patient with {0} days supply")
    @org.junit.jupiter.params.provider.CsvSource({"84, 12.0, true", "83, 11.857142857142858, false"})
    void cms128TestPatientShapes(int days, double weeks, boolean atLeastTwelveWeeks) throws Exception {
        FhirMapping m = READER.read(Files.readString(Path.of("src/test/resources/fhir/cms128-cmd-" + days
                + "-days.json")), Vignettes.DATE);
        Patient p = m.patient();
        assertEquals(LocalDate.of(2025, 1, 1), p.episodes().get(0).onset(), "SNOMED 15193003 is major depression");
        assertEquals("desipramine", p.trials().get(0).drug());
        assertEquals(null, p.trials().get(0).dailyDoseMg(), "no dosage instruction: dose unknown, not guessed");
        Assessment a = Vignettes.engine().assess(p);
        assertEquals(weeks, a.treatments().get(0).weeks(), 1e-9);
        assertEquals(atLeastTwelveWeeks, a.treatments().get(0).weeks() >= 12, "CMS128 acute phase: 84 days");
        assertEquals(org.trdrules.assessment.Verdict.INDETERMINATE, a.treatments().get(0).dose());
        assertTrue(m.report().stream().anyMatch(n -> n.resource().equals("Encounter/Encounter-1")
                && n.status() == MappingStatus.OUT_OF_SCOPE));
    }

    private static String twoAntidepressants(int overlapDays) {
        String mirtazapineStart = LocalDate.of(2025, 1, 1).plusDays(90 - overlapDays).toString();
        return """
                {"resourceType":"Bundle","type":"collection","entry":[
                 {"resource":{"resourceType":"Patient","id":"p"}},
                 {"resource":{"resourceType":"MedicationDispense","id":"d1","status":"completed",
                  "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"312941"}]},
                  "whenHandedOver":"2025-01-01","daysSupply":{"value":90}}},
                 {"resource":{"resourceType":"MedicationStatement","id":"s1","status":"active",
                  "medicationCodeableConcept":{"text":"mirtazapine 30 mg"},
                  "effectivePeriod":{"start":"%s","end":"2025-04-15"}}}]}
                """.formatted(mirtazapineStart);
    }

    @Test
    void overlappingAntidepressantsBecomeACombinationOnlyWhenTheOverlapIsLong() {
        // sertraline 1 January to 31 March; mirtazapine from 60 (or 10) days before its end to 15 April
        Patient combined = READER.read(twoAntidepressants(60), Vignettes.DATE).patient();
        assertEquals(1, combined.trials().size());
        assertEquals(org.trdrules.model.AddOnKind.COMBINATION, combined.trials().get(0).addOns().get(0).kind());
        assertEquals("mirtazapine", combined.trials().get(0).addOns().get(0).drug());
        Patient switched = READER.read(twoAntidepressants(10), Vignettes.DATE).patient();
        assertEquals(2, switched.trials().size(), "a 10-day overlap is a cross-taper switch");
    }

    @Test
    void cms159ShapedPhq9ObservationsPairAroundTheCourse() throws Exception {
        FhirMapping m = READER.read(Files.readString(Path.of("src/test/resources/fhir/cms159-phq9.json")), Vignettes.DATE);
        assertEquals(2, m.patient().measurements().size());
        assertTrue(m.report().stream().anyMatch(n -> n.resource().equals("Observation/out-of-range")
                && n.reason().contains("outside 0-27")), "an out-of-range score is reported, not fatal");
        Assessment a = Vignettes.engine().assess(m.patient());
        // baseline 10 the day before the course; the 3 of 2025-02-19 is after the course ended (2024-05-25), so
        // it is not the course's end score and the outcome stays undecided
        assertEquals(org.trdrules.assessment.TrialOutcome.UNKNOWN, a.treatments().get(0).outcome());
        assertEquals(org.trdrules.assessment.Verdict.MET, a.treatments().get(0).dose(), "2 x 50 mg sertraline");
    }
}
