package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.Histories.failedTrial;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.Verdict;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Episode;
import org.trdrules.model.Medication;
import org.trdrules.model.Patient;
import org.trdrules.model.Severity;

/**
 * Vignettes for the eligibility gaps of the independent review: undated medications, MAOI washouts (between MAOIs,
 * augmenters, stimulants, dose increases), the citalopram cap at an unknown age, what counts as another
 * antidepressant, and missing data read as safe. A patient in, one option's status and reason out.
 */
class EligibilityGapTests {

    private static final LocalDate TODAY = Vignettes.DATE;

    private static Episode.Builder episode() {
        return Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true);
    }

    /** Two failed adequate trials (TRD), undated, at the age given (null: not recorded). */
    private static Patient.Builder trd(Integer age) {
        return Patient.builder("p").ageYears(age).episode(episode().severity(Severity.MODERATE).build())
                .trial(failedTrial("t1", "sertraline", 100).build())
                .trial(failedTrial("t2", "venlafaxine", 225).build());
    }

    /** TRD plus a current (ongoing) antidepressant at the dose given. */
    private static Patient.Builder onCurrent(Integer age, String drug, double dose) {
        return trd(age).trial(AntidepressantTrial.builder("t9", drug).episodeId("e1").dailyDoseMg(dose)
                .start(TODAY.minusDays(20)).build());
    }

    /** Another medication listed without any date (an active MedicationStatement without effective[x]). */
    private static Medication undated(String drug) {
        return new Medication("m1", drug, null, null);
    }

    private static Medication stopped(String drug, int daysAgo) {
        return new Medication("stopped-" + drug, drug, TODAY.minusDays(daysAgo + 60), TODAY.minusDays(daysAgo));
    }

    private static OptionResult option(Patient p, String id) {
        return Vignettes.engine().assess(p).option(id).orElseThrow(() -> new AssertionError(id));
    }

    private static boolean hasReason(OptionResult o, String part) {
        return o.reasons().stream().anyMatch(r -> r.contains(part));
    }

    private static void assertReason(OptionResult o, String part) {
        assertTrue(hasReason(o, part), o.id() + ": " + o.reasons());
    }

    private static void assertNoReason(OptionResult o, String part) {
        assertFalse(hasReason(o, part), o.id() + ": " + o.reasons());
    }

    // --- 1. a medication without dates is taken now, and asks for review

    @Test
    void undatedLinezolidContraindicatesPhenelzine() {
        OptionResult o = option(trd(40).medication(undated("linezolid")).build(), "switch-phenelzine");
        assertEquals(EligibilityStatus.CONTRAINDICATED, o.status(), o.reasons().toString());
        assertReason(o, "linezolid taken now: contraindicated with an MAOI");
        assertReason(o, "linezolid recorded without dates: treated as taken now");
    }

    @Test
    void linezolidStoppedAMonthAgoDoesNotCountAsTaken() {
        OptionResult o = option(trd(40).medication(stopped("linezolid", 30)).build(), "switch-phenelzine");
        assertNoReason(o, "linezolid");
    }

    @ParameterizedTest(name = "{0} undated, {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "tramadol          | switch-tranylcypromine | CONTRAINDICATED | tramadol taken now: contraindicated with an MAOI",
        "linezolid         | switch-sertraline      | CONTRAINDICATED | linezolid taken now: serotonin syndrome risk",
        "methylene-blue    | switch-venlafaxine     | CONTRAINDICATED | methylene-blue taken now: serotonin syndrome risk",
        "hydrochlorothiazide | augment-lithium      | NEEDS_REVIEW    | hydrochlorothiazide raises lithium levels",
        "lisinopril        | augment-lithium        | NEEDS_REVIEW    | lisinopril raises lithium levels",
        "losartan          | augment-lithium        | NEEDS_REVIEW    | losartan raises lithium levels",
        "ibuprofen         | augment-lithium        | NEEDS_REVIEW    | ibuprofen raises lithium levels",
        "ibuprofen         | switch-escitalopram    | NEEDS_REVIEW    | ibuprofen taken now: bleeding risk",
        "warfarin          | switch-duloxetine      | NEEDS_REVIEW    | warfarin taken now: bleeding risk",
        "st johns wort     | switch-escitalopram    | NEEDS_REVIEW    | St John's wort taken now",
        "omeprazole        | switch-citalopram      | NEEDS_REVIEW    | at most 20 mg/day of citalopram (taking the CYP2C19 inhibitor omeprazole",
        "lorazepam         | ect                    | NEEDS_REVIEW    | lorazepam taken now: may reduce ECT efficacy",
    })
    void undatedInteractingDrugIsCheckedAndReviewed(String drug, String id, EligibilityStatus status, String reason) {
        // a current antidepressant, so that the augmentation options apply
        OptionResult o = option(onCurrent(40, "mirtazapine", 30).medication(undated(drug)).build(), id);
        assertEquals(status, o.status(), o.reasons().toString());
        assertReason(o, reason);
        assertReason(o, "recorded without dates: treated as taken now");
    }

    @Test
    void fhirStatementWithoutEffectiveAgreesWithJson() {
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
                + "{\"fullUrl\":\"urn:uuid:p1\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\","
                + "\"birthDate\":\"1980-01-01\",\"gender\":\"female\"}},"
                + "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"F33.1\"}]},"
                + "\"onsetDateTime\":\"2025-01-01\"}},"
                + "{\"resource\":{\"resourceType\":\"MedicationStatement\",\"id\":\"ms1\",\"status\":\"active\","
                + "\"subject\":{\"reference\":\"Patient/p1\"},\"medicationCodeableConcept\":{\"text\":\"linezolid\"}}}]}";
        Patient p = FhirPatientReader.create().read(bundle, TODAY).patient();
        assertEquals(List.of(new Medication(p.medications().get(0).id(), "linezolid", null, null)), p.medications());
        OptionResult o = option(p, "switch-phenelzine");
        assertEquals(EligibilityStatus.CONTRAINDICATED, o.status(), o.reasons().toString());
        assertReason(o, "linezolid recorded without dates");
    }

    // --- 2. MAOI washouts

    @ParameterizedTest(name = "phenelzine stopped {0} days ago, {1}")
    @CsvSource({"1, switch-tranylcypromine, true", "1, switch-moclobemide, true", "5, switch-isocarboxazid, true",
                "20, switch-tranylcypromine, false"})
    void switchingBetweenMaoisNeedsAWashout(int daysAgo, String id, boolean contraindicated) {
        Patient p = trd(40).trial(AntidepressantTrial.builder("t3", "phenelzine").episodeId("e1").dailyDoseMg(60.0)
                .start(TODAY.minusDays(daysAgo + 90)).end(TODAY.minusDays(daysAgo)).build()).build();
        OptionResult o = option(p, id);
        assertEquals(contraindicated, o.status() == EligibilityStatus.CONTRAINDICATED, o.reasons().toString());
        assertEquals(contraindicated, hasReason(o, "another MAOI was taken within the last 14 days"), o.reasons().toString());
    }

    @Test
    void lithiumWithAnMaoiUnderMedicationsOrWithinTheWashout() {
        OptionResult now = option(onCurrent(40, "sertraline", 100).medication(undated("Nardil")).build(), "augment-lithium");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, now.status(), now.reasons().toString());
        assertReason(now, "lithium with an MAOI taken now: serotonin syndrome risk");
        OptionResult recent = option(onCurrent(40, "sertraline", 100).medication(stopped("phenelzine", 5)).build(),
                "augment-buspirone");
        assertReason(recent, "buspirone within 14 days of an MAOI: serotonin syndrome risk");
        OptionResult past = option(onCurrent(40, "sertraline", 100).medication(stopped("phenelzine", 30)).build(),
                "augment-lithium");
        assertNoReason(past, "serotonin syndrome");
    }

    @Test
    void stimulantWithinFourteenDaysOfAnMaoiIsContraindicated() {
        OptionResult o = option(onCurrent(40, "sertraline", 100).medication(stopped("phenelzine", 5)).build(),
                "augment-methylphenidate");
        assertEquals(EligibilityStatus.CONTRAINDICATED, o.status(), o.reasons().toString());
        assertReason(o, "an MAOI was taken within the last 14 days: contraindicated with methylphenidate");
        OptionResult maoi = option(trd(40).medication(new Medication("m3", "Adderall", TODAY.minusDays(100), null)).build(),
                "switch-phenelzine");
        assertEquals(EligibilityStatus.CONTRAINDICATED, maoi.status(), maoi.reasons().toString());
        assertReason(maoi, "amfetamine taken now: contraindicated with an MAOI");
        OptionResult later = option(onCurrent(40, "sertraline", 100).medication(stopped("phenelzine", 20)).build(),
                "augment-lisdexamfetamine");
        assertNoReason(later, "hypertensive crisis");
    }

    @Test
    void raisingACurrentMaoiWithTramadolIsContraindicated() {
        OptionResult o = option(onCurrent(40, "phenelzine", 45).medication(undated("tramadol")).build(), "dose-increase");
        assertEquals(EligibilityStatus.CONTRAINDICATED, o.status(), o.reasons().toString());
        assertReason(o, "tramadol taken now: contraindicated with an MAOI");
    }

    // --- 3. citalopram 40 mg is the cap at every age

    @Test
    void citalopramAtFortyMilligramsWithAgeUnknownIsNotEligible() {
        OptionResult o = option(onCurrent(null, "citalopram", 40).build(), "dose-increase");
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, o.status(), o.reasons().toString());
        int cap = indexOf(o, "citalopram is capped at 40 mg/day");
        int review = indexOf(o, "age not recorded: citalopram is capped at 20 mg/day over age 60");
        assertTrue(cap >= 0 && review > cap, o.reasons().toString());
        OptionResult lower = option(onCurrent(null, "citalopram", 20).build(), "dose-increase");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, lower.status(), lower.reasons().toString());
    }

    private static int indexOf(OptionResult o, String part) {
        for (int i = 0; i < o.reasons().size(); i++) {
            if (o.reasons().get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    // --- 4. only antidepressants are "another antidepressant" before an MAOI

    @Test
    void lithiumStoppedThreeDaysAgoDoesNotBlockAnMaoi() {
        OptionResult o = option(trd(40).medication(stopped("lithium", 3)).medication(stopped("quetiapine", 3)).build(),
                "switch-phenelzine");
        assertNoReason(o, "another antidepressant was taken within");
        OptionResult undatedLithium = option(Patient.builder("p").ageYears(40).episode(episode().build())
                .medication(undated("lithium")).build(), "switch-phenelzine");
        assertNoReason(undatedLithium, "date of the last dose of another antidepressant not recorded");
        OptionResult sertraline = option(trd(40).medication(stopped("sertraline", 3)).build(), "switch-phenelzine");
        assertEquals(EligibilityStatus.CONTRAINDICATED, sertraline.status(), sertraline.reasons().toString());
        assertReason(sertraline, "another antidepressant was taken within the last 14 days");
    }

    // --- 5. missing data is not read as safe

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tdcs", "acupuncture"})
    void milderOnlyOptionWithUndecidedResistanceAndUnknownSeverityNeedsReview(String id) {
        // one failed adequate trial and one without dose or duration: two-adequate-trials undecided
        Patient p = Patient.builder("p").ageYears(40).episode(episode().build())
                .trial(failedTrial("t1", "sertraline", 100).build())
                .trial(AntidepressantTrial.builder("t2", "venlafaxine").episodeId("e1").build()).build();
        assertEquals(Verdict.INDETERMINATE, Vignettes.engine().assess(p).definition("two-adequate-trials")
                .orElseThrow().verdict());
        OptionResult o = option(p, id);
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status(), o.reasons().toString());
        assertReason(o, "graded for mild to moderate depression only; treatment resistance undecided"
                + " (two-adequate-trials INDETERMINATE) and severity not recorded");
    }

    @Test
    void ssriWithADiureticAndUnknownAgeNeedsReview() {
        OptionResult o = option(trd(null).medication(new Medication("m1", "hydrochlorothiazide",
                TODAY.minusDays(100), null)).build(), "switch-sertraline");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status(), o.reasons().toString());
        assertReason(o, "age not recorded: hydrochlorothiazide with an SSRI or SNRI raises the hyponatraemia risk");
    }
}
