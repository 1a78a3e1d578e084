package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.Histories.failedTrial;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.OptionResult;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;
import org.trdrules.model.StopReason;

/** Treatment-option vignettes: label criteria, contraindications, washouts and Beers, at their boundaries. */
class EligibilityTests {

    private static final LocalDate TODAY = Vignettes.DATE;

    /** Two certain failed adequate trials in the current episode (TRD per label), plus what the test adds. */
    private static Patient.Builder trd(int age) {
        return Patient.builder("p").ageYears(age)
                .physiology(org.trdrules.model.Physiology.builder().bloodPressure(120.0, 80.0, TODAY.minusDays(2)).egfr(90.0, TODAY.minusDays(30)).build())
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true).build())
                .trial(failedTrial("t1", "sertraline", 100).build())
                .trial(failedTrial("t2", "venlafaxine", 225).build());
    }

    private static OptionResult option(Patient p, String id) {
        return Vignettes.engine().assess(p).option(id).orElseThrow();
    }

    private static EligibilityStatus status(Patient p, String id) {
        return option(p, id).status();
    }

    @Test
    void catalogueHoldsEveryConcreteOptionOnce() {
        Assessment a = Vignettes.engine().assess(trd(40).build());
        // the option catalogue (catalog/options.csv): 200 options, each judged on its own
        assertEquals(200, a.options().size());
        assertEquals(a.options().size(), a.options().stream().map(OptionResult::id).distinct().count());
        for (String id : new String[] {"dose-increase", "switch-bupropion", "combine-mirtazapine", "augment-lithium",
            "cbt", "act", "ipt", "family-therapy", "group-therapy", "dbt", "iv-ketamine", "esketamine", "ect", "vns",
            "rtms", "exercise", "stop-alcohol-drugs"}) {
            assertTrue(a.option(id).isPresent(), id);
        }
    }

    @ParameterizedTest(name = "esketamine at age {0} -> {1}")
    @CsvSource({"18, ELIGIBLE", "17, NOT_ELIGIBLE"})
    void esketamineIsForAdultsWithTrd(int age, EligibilityStatus expected) {
        assertEquals(expected, status(trd(age).build(), "esketamine"));
    }

    @Test
    void esketamineNeedsTrdUnlessSuicidalIdeation() {
        Patient oneTrial = Patient.builder("p").ageYears(40)
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true).build())
                .trial(failedTrial("t1", "sertraline", 100).build()).build();
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, status(oneTrial, "esketamine"));
        Patient withIdeation = new Patient(oneTrial.id(), 40, null, null, null, true, oneTrial.conditions(),
                oneTrial.allergies(), oneTrial.episodes(), oneTrial.trials(), oneTrial.procedures(),
                oneTrial.psychotherapies(), oneTrial.measurements(), null, null, null, null);
        OptionResult o = option(withIdeation, "esketamine");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status());
        assertTrue(o.reasons().get(0).contains("acute suicidal ideation"));
    }

    @ParameterizedTest(name = "esketamine with {0} -> CONTRAINDICATED")
    @CsvSource({"I71.4", "I72.0", "I67.1", "Q28.2", "Q28.0", "I60.7", "I77.0", "I61.9", "I69.10", "S06.34"})
    void esketamineContraindications(String code) {
        assertEquals(EligibilityStatus.CONTRAINDICATED,
                status(trd(40).condition(CodedCondition.icd10(code, null)).build(), "esketamine"));
    }

    @Test
    void esketamineHypersensitivityAndPregnancy() {
        assertEquals(EligibilityStatus.CONTRAINDICATED, status(trd(40).allergy("Ketamine").build(), "esketamine"));
        assertEquals(EligibilityStatus.NEEDS_REVIEW, status(trd(40).pregnant(true).build(), "esketamine"));
    }

    @ParameterizedTest(name = "bupropion with {0} -> CONTRAINDICATED")
    @CsvSource({"G40.909", "R56.9", "F50.01", "F50.2"})
    void bupropionContraindications(String code) {
        assertEquals(EligibilityStatus.CONTRAINDICATED,
                status(trd(40).condition(CodedCondition.icd10(code, null)).build(), "switch-bupropion"));
    }

    private static Patient lastDose(String drug, int daysAgo) {
        return trd(40).trial(AntidepressantTrial.builder("t9", drug).episodeId("e1").dailyDoseMg(60.0)
                .start(TODAY.minusDays(daysAgo + 60)).end(TODAY.minusDays(daysAgo)).adherencePercent(90.0)
                .improvementPercent(0.0).build()).build();
    }

    @ParameterizedTest(name = "bupropion {0} days after phenelzine -> {1}")
    @CsvSource({"13, CONTRAINDICATED", "14, ELIGIBLE"})
    void bupropionWithin14DaysOfAnMaoi(int days, EligibilityStatus expected) {
        assertEquals(expected, status(lastDose("phenelzine", days), "switch-bupropion"));
    }

    @ParameterizedTest(name = "sertraline {0} days after phenelzine -> {1}")
    @CsvSource({"13, CONTRAINDICATED", "14, NEEDS_REVIEW"})
    void anyAntidepressantAfterAnMaoiNeedsTwoWeeks(int days, EligibilityStatus expected) {
        // at 14 days the washout is met; sertraline still needs review because it already failed (t1)
        assertEquals(expected, status(lastDose("phenelzine", days), "switch-sertraline"));
    }

    @ParameterizedTest(name = "phenelzine {0} days after fluoxetine -> {1}")
    @CsvSource({"34, CONTRAINDICATED", "35, ELIGIBLE"})
    void maoiFiveWeeksAfterFluoxetine(int days, EligibilityStatus expected) {
        // sertraline and venlafaxine (t1, t2) have no dates, so they do not block; only fluoxetine is dated
        Patient p = Patient.builder("p").ageYears(40)
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true).build())
                .trial(AntidepressantTrial.builder("t9", "fluoxetine").episodeId("e1").dailyDoseMg(20.0)
                        .start(TODAY.minusDays(days + 60)).end(TODAY.minusDays(days)).improvementPercent(0.0).build())
                .build();
        assertEquals(expected, status(p, "switch-phenelzine"));
    }

    @ParameterizedTest(name = "tranylcypromine {0} days after escitalopram -> {1}")
    @CsvSource({"13, CONTRAINDICATED", "14, ELIGIBLE"})
    void maoiAfterAnotherAntidepressant(int days, EligibilityStatus expected) {
        Patient p = Patient.builder("p").ageYears(40)
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true).build())
                .trial(AntidepressantTrial.builder("t9", "escitalopram").episodeId("e1").dailyDoseMg(20.0)
                        .start(TODAY.minusDays(days + 60)).end(TODAY.minusDays(days)).improvementPercent(0.0).build())
                .build();
        assertEquals(expected, status(p, "switch-tranylcypromine"));
    }

    @Test
    void maoiWashoutWithAnUndatedFluoxetineTrialNeedsReview() {
        Patient p = trd(40).trial(failedTrial("t9", "fluoxetine", 20).build()).build();
        assertEquals(EligibilityStatus.NEEDS_REVIEW, status(p, "switch-phenelzine"));
    }

    private static Patient onCurrent(String drug, double dose) {
        return trd(40).trial(AntidepressantTrial.builder("t9", drug).episodeId("e1").dailyDoseMg(dose)
                .start(TODAY.minusDays(20)).build()).build();
    }

    @Test
    void maoiCombinationsAreContraindicated() {
        assertEquals(EligibilityStatus.CONTRAINDICATED, status(onCurrent("escitalopram", 10), "combine-phenelzine"));
        assertEquals(EligibilityStatus.CONTRAINDICATED, status(onCurrent("phenelzine", 45), "combine-mirtazapine"));
        assertEquals(EligibilityStatus.ELIGIBLE, status(onCurrent("escitalopram", 10), "combine-mirtazapine"));
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, status(onCurrent("escitalopram", 10), "combine-citalopram"),
                "same class");
    }

    @ParameterizedTest(name = "escitalopram {0} mg/day -> dose increase {1}")
    @CsvSource({"10, ELIGIBLE", "19.9, ELIGIBLE", "20, NOT_ELIGIBLE"})
    void doseIncreaseOnlyBelowTheMaximumLabelledDose(double dose, EligibilityStatus expected) {
        assertEquals(expected, status(onCurrent("escitalopram", dose), "dose-increase"));
    }

    @Test
    void augmentationNeedsACurrentAntidepressant() {
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, status(trd(40).build(), "augment-lithium"));
        assertEquals(EligibilityStatus.ELIGIBLE, status(onCurrent("escitalopram", 10), "augment-lithium"));
    }

    @ParameterizedTest(name = "paroxetine at age {0} -> {1}")
    @CsvSource({"64, ELIGIBLE", "65, NEEDS_REVIEW"})
    void beersStrongAnticholinergicFrom65(int age, EligibilityStatus expected) {
        OptionResult o = option(trd(age).build(), "switch-paroxetine");
        assertEquals(expected, o.status());
        if (age >= 65) {
            assertTrue(o.reasons().get(0).startsWith("Beers 2023: avoid"));
        }
    }

    @Test
    void beersSiadhCautionKeepsTheOptionEligible() {
        OptionResult o = option(trd(70).build(), "switch-escitalopram");
        assertEquals(EligibilityStatus.ELIGIBLE, o.status());
        assertTrue(o.reasons().stream().anyMatch(r -> r.contains("SIADH")));
    }

    @Test
    void previouslyFailedOrNotToleratedDrugsAreFlagged() {
        OptionResult failed = option(trd(40).build(), "switch-sertraline");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, failed.status());
        assertTrue(failed.reasons().get(0).contains("already failed an adequate trial of sertraline (t1)"));
        Patient intolerant = trd(40).trial(failedTrial("t9", "duloxetine", 60).stopReason(StopReason.INTOLERANCE)
                .build()).build();
        assertEquals(EligibilityStatus.NEEDS_REVIEW, status(intolerant, "switch-duloxetine"));
    }

    @ParameterizedTest(name = "ECT with {0} -> NEEDS_REVIEW")
    @CsvSource({"I21.4", "I50.9", "I63.9", "J44.9", "C71.9"})
    void ectHigherRiskConditionsNeedReview(String code) {
        assertEquals(EligibilityStatus.NEEDS_REVIEW,
                status(trd(40).condition(CodedCondition.icd10(code, null)).build(), "ect"));
        assertEquals(EligibilityStatus.ELIGIBLE, status(trd(40).build(), "ect"));
    }

    @Test
    void rtmsNeedsOneFailedAdequateTrialInTheCurrentEpisode() {
        assertEquals(EligibilityStatus.ELIGIBLE, status(trd(40).build(), "rtms"));
        Patient none = Patient.builder("p").ageYears(40)
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true).build()).build();
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, status(none, "rtms"));
    }

    @Test
    void vnsNeedsFourFailuresAndChronicOrRecurrentDepression() {
        Patient.Builder four = Patient.builder("p").ageYears(50)
                .trial(failedTrial("t1", "sertraline", 100).build()).trial(failedTrial("t2", "venlafaxine", 225).build())
                .trial(failedTrial("t3", "nortriptyline", 100).build()).trial(failedTrial("t4", "phenelzine", 60).build());
        Patient chronic = four.episode(Episode.builder("e1").onset(TODAY.minusWeeks(104)).current(true).build()).build();
        assertEquals(EligibilityStatus.ELIGIBLE, status(chronic, "vns"));
        Patient recent = Patient.builder("p").ageYears(50)
                .episode(Episode.builder("e1").onset(TODAY.minusWeeks(103)).current(true).build())
                .trial(failedTrial("t1", "sertraline", 100).build()).trial(failedTrial("t2", "venlafaxine", 225).build())
                .trial(failedTrial("t3", "nortriptyline", 100).build()).trial(failedTrial("t4", "phenelzine", 60).build())
                .build();
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, status(recent, "vns"), "neither chronic nor recurrent");
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, status(trd(40).build(), "vns"), "only two failures");
    }

    @Test
    void suicideRiskFavoursEct() {
        Patient p = Patient.builder("p").ageYears(40).suicidalIdeation(true).build();
        OptionResult ect = option(p, "ect");
        assertEquals(EligibilityStatus.ELIGIBLE, ect.status());
        assertTrue(ect.reasons().get(0).contains("suicide risk"));
    }

    @Test
    void eligibilityCanBeSwitchedOffButTheSafetyFindingStays() {
        TrdEngine screening = TrdEngine.builder().evaluationDate(TODAY)
                .config(TrdConfig.defaults().withEligibility(false)).build();
        Assessment a = screening.assess(Patient.builder("p").ageYears(40).suicidalIdeation(true).build());
        assertTrue(a.options().isEmpty());
        assertEquals(1, a.safety().size());
        assertEquals(6, a.definitions().size(), "the five count-based definitions and fabbri-2021");
    }

    @Test
    void otherMedicationsCountForWashoutsAndCombinations() {
        Patient onPhenelzine = trd(40).medication(new org.trdrules.model.Medication("m1", "Nardil", TODAY.minusDays(60),
                null)).build();
        assertEquals(EligibilityStatus.CONTRAINDICATED, status(onPhenelzine, "switch-escitalopram"));
        assertEquals(EligibilityStatus.CONTRAINDICATED, status(onPhenelzine, "switch-bupropion"));
        Patient onLinezolid = trd(40).medication(new org.trdrules.model.Medication("m1", "linezolid",
                TODAY.minusDays(3), null)).build();
        assertEquals(EligibilityStatus.CONTRAINDICATED, status(onLinezolid, "switch-bupropion"));
        Patient stoppedLinezolid = trd(40).medication(new org.trdrules.model.Medication("m1", "linezolid",
                TODAY.minusDays(30), TODAY.minusDays(20))).build();
        assertEquals(EligibilityStatus.ELIGIBLE, status(stoppedLinezolid, "switch-bupropion"));
    }

    @Test
    void maoiSwitchAfterAnUndatedOtherAntidepressantNeedsReview() {
        // trd() has sertraline and venlafaxine trials recorded in weeks only: their last dose is not dated
        OptionResult o = option(trd(40).build(), "switch-phenelzine");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status());
        assertTrue(o.reasons().get(0).contains("check the washout"));
    }

    @Test
    void rtmsCountsAFourWeekTrialAtAnAdequateDose() {
        Patient p = Patient.builder("p").ageYears(40)
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true).build())
                .trial(failedTrial("t1", "sertraline", 100).weeks(5.0).build()).build();
        assertEquals(EligibilityStatus.ELIGIBLE, status(p, "rtms"));
        Patient three = Patient.builder("p").ageYears(40)
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true).build())
                .trial(failedTrial("t1", "sertraline", 100).weeks(3.9).build()).build();
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, status(three, "rtms"));
    }

    @Test
    void beersWithoutARecordedAgeNeedsReview() {
        Patient p = Patient.builder("p").build();
        assertEquals(EligibilityStatus.NEEDS_REVIEW, status(p, "switch-amitriptyline"));
    }
}
