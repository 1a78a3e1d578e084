package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.Histories.failedTrial;
import static org.trdrules.Histories.patient;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Instrument;
import org.trdrules.model.Measurement;
import org.trdrules.model.Outcome;
import org.trdrules.model.Patient;
import org.trdrules.model.StopReason;

/**
 * Boundary tests at every adequacy and outcome threshold: exactly at the threshold and just under. Each case is a
 * history with one varied trial next to one certain failed adequate trial, so the varied trial decides the verdict.
 */
class TrialAdequacyTests {

    private static Verdict verdict(String definition, AntidepressantTrial varied) {
        Assessment a = Vignettes.engine().assess(patient(failedTrial("t1", "fluoxetine", 20).build(), varied));
        return a.requireDefinition(definition).verdict();
    }

    @ParameterizedTest(name = "sertraline {0} mg/day -> {1}")
    @CsvSource({"50, MET", "49.9, NOT_MET", "200, MET"})
    void doseAtAndUnderTheCatalogueMinimum(double dose, Verdict expected) {
        assertEquals(expected, verdict("two-adequate-trials", failedTrial("t2", "sertraline", dose).build()));
    }

    @ParameterizedTest(name = "{0} weeks -> {1}")
    @CsvSource({"6, MET", "5.9, NOT_MET"})
    void durationAtAndUnderSixWeeks(double weeks, Verdict expected) {
        assertEquals(expected, verdict("two-adequate-trials", failedTrial("t2", "sertraline", 100).weeks(weeks).build()));
    }

    @ParameterizedTest(name = "1 Jan to {0} -> {1}")
    @CsvSource({"2025-02-11, MET", "2025-02-10, NOT_MET"})
    void theRecordedEndDateIsTheLastDayOnTreatment(LocalDate end, Verdict expected) {
        assertEquals(expected, verdict("two-adequate-trials", failedTrial("t2", "sertraline", 100).weeks(null)
                .start(LocalDate.of(2025, 1, 1)).end(end).build()));
    }

    @ParameterizedTest(name = "started {0}, supply to {1} (after the evaluation date) -> {2}")
    @CsvSource({"2026-09-10, 2027-01-31, MET", "2026-09-25, 2027-01-31, NOT_MET"})
    void aPlannedEndAfterTheEvaluationDateIsAnOngoingCourseUpToIt(LocalDate start, LocalDate end, Verdict expected) {
        // evaluation date 2026-11-01: 52 days from 10 Sep (7.4 weeks), 37 days from 25 Sep (5.3 weeks)
        assertEquals(expected, verdict("two-adequate-trials", failedTrial("t2", "sertraline", 100).weeks(null)
                .start(start).end(end).build()));
    }

    @Test
    void aCourseMarkedOngoingRunsToTheEvaluationDate() {
        assertEquals(Verdict.MET, verdict("two-adequate-trials", failedTrial("t2", "sertraline", 100).weeks(null)
                .start(LocalDate.of(2026, 8, 1)).ongoing(true).build()));
    }

    @Test
    void aStoppedCourseWithoutAnEndHasAnUnknownDurationNeverTooShort() {
        Assessment a = Vignettes.engine().assess(patient(failedTrial("t1", "fluoxetine", 20).build(),
                failedTrial("t2", "sertraline", 100).weeks(null).start(LocalDate.of(2025, 1, 1)).ongoing(false)
                        .build()));
        DefinitionResult d = a.requireDefinition("two-adequate-trials");
        assertEquals(Verdict.INDETERMINATE, d.verdict());
        assertTrue(d.explanation().missingData().stream().anyMatch(m -> m.contains("duration of t2")),
                d.explanation().missingData().toString());
    }

    @ParameterizedTest(name = "{0} weeks -> {1} under EU-PEARL")
    @CsvSource({"4, MET", "3.9, NOT_MET"})
    void durationAtAndUnderFourWeeksForEuPearl(double weeks, Verdict expected) {
        assertEquals(expected, verdict("eu-pearl-2022", failedTrial("t2", "sertraline", 100).weeks(weeks).build()));
    }

    @ParameterizedTest(name = "adherence {0} % -> {1}")
    @CsvSource({"80, MET", "79.9, NOT_MET"})
    void adherenceAtAndUnderEightyPercent(double adherence, Verdict expected) {
        assertEquals(expected, verdict("two-adequate-trials",
                failedTrial("t2", "sertraline", 100).adherencePercent(adherence).build()));
    }

    @ParameterizedTest(name = "{1} % improvement -> {2} under {0}")
    @CsvSource({
        "two-adequate-trials, 49.9, MET", "two-adequate-trials, 50, NOT_MET",
        "canadian-2021, 49.9, MET", "canadian-2021, 50, NOT_MET",
        "eu-pearl-2022, 24.9, MET", "eu-pearl-2022, 25, NOT_MET"})
    void failureThresholdPerDefinition(String definition, double improvement, Verdict expected) {
        assertEquals(expected, verdict(definition,
                failedTrial("t2", "sertraline", 100).improvementPercent(improvement).build()));
    }

    @ParameterizedTest(name = "stated {1} -> {2} under {0}")
    @CsvSource({
        "two-adequate-trials, PARTIAL_RESPONSE, MET", "eu-pearl-2022, PARTIAL_RESPONSE, NOT_MET",
        "two-adequate-trials, NON_RESPONSE, MET", "two-adequate-trials, RESPONSE, NOT_MET",
        "two-adequate-trials, REMISSION, NOT_MET"})
    void statedOutcomeWithoutPercent(String definition, Outcome outcome, Verdict expected) {
        assertEquals(expected, verdict(definition,
                failedTrial("t2", "sertraline", 100).improvementPercent(null).outcome(outcome).build()));
    }

    @Test
    void intoleranceIsNotAFailure() {
        assertEquals(Verdict.NOT_MET, verdict("two-adequate-trials",
                failedTrial("t2", "sertraline", 100).stopReason(StopReason.INTOLERANCE).build()));
    }

    @Test
    void unknownDoseMakesTheVerdictIndeterminateAndNamesTheMissingField() {
        DefinitionResult d = Vignettes.engine().assess(patient(failedTrial("t1", "fluoxetine", 20).build(),
                failedTrial("t2", "sertraline", 100).dailyDoseMg(null).build())).requireDefinition("two-adequate-trials");
        assertEquals(Verdict.INDETERMINATE, d.verdict());
        assertEquals("daily dose of t2 (sertraline)", d.explanation().missingData().get(0));
    }

    @Test
    void unknownDrugIsReportedNotDropped() {
        Assessment a = Vignettes.engine().assess(patient(failedTrial("t1", "fluoxetine", 20).build(),
                failedTrial("t2", "wonderzine", 100).build()));
        assertEquals(Verdict.INDETERMINATE, a.requireDefinition("two-adequate-trials").verdict());
        assertEquals("UNKNOWN_DRUG", a.warnings().get(0).code());
        assertEquals("trials[1].drug", a.warnings().get(0).path());
    }

    @Test
    void unknownAdherenceIsAssumedAdequateByDefaultAndSaysSo() {
        Assessment a = Vignettes.engine().assess(patient(failedTrial("t1", "fluoxetine", 20).build(),
                failedTrial("t2", "sertraline", 100).adherencePercent(null).build()));
        assertEquals(Verdict.MET, a.requireDefinition("two-adequate-trials").verdict());
        assertTrue(a.treatments().get(1).reasons().contains("adherence not recorded; assumed adequate"));
    }

    @Test
    void unknownAdherenceIsIndeterminateWhenConfiguredSo() {
        TrdEngine strict = TrdEngine.builder().evaluationDate(Vignettes.DATE)
                .config(TrdConfig.defaults().withUnknownAdherence(TrdConfig.UnknownAdherence.INDETERMINATE)).build();
        Assessment a = strict.assess(patient(failedTrial("t1", "fluoxetine", 20).build(),
                failedTrial("t2", "sertraline", 100).adherencePercent(null).build()));
        assertEquals(Verdict.INDETERMINATE, a.requireDefinition("two-adequate-trials").verdict());
    }

    @Test
    void sameDrugTwiceCountsOnce() {
        assertEquals(Verdict.NOT_MET, verdict("two-adequate-trials", failedTrial("t2", "Prozac", 40).build()));
    }

    @ParameterizedTest(name = "PHQ-9 {0} -> {1} at end {2}")
    @CsvSource({"20, 10.1, MET", "20, 10, NOT_MET", "20, 4, NOT_MET"})
    void outcomeFromScoresAtTheResponseThreshold(double baseline, double end, Verdict expected) {
        LocalDate start = LocalDate.of(2025, 3, 1);
        Patient p = patient(failedTrial("t1", "fluoxetine", 20).build(),
                AntidepressantTrial.builder("t2", "sertraline").episodeId("e1").dailyDoseMg(100.0).start(start)
                        .end(start.plusWeeks(8)).adherencePercent(90.0).build());
        Patient withScores = new Patient(p.id(), p.ageYears(), null, null, null, null, p.conditions(), p.allergies(), p.episodes(),
                p.trials(), p.procedures(), p.psychotherapies(), java.util.List.of(
                        Measurement.of("m1", Instrument.PHQ9, baseline, start.minusDays(3)),
                        Measurement.of("m2", Instrument.PHQ9, end, start.plusWeeks(8))), null, null, null, null);
        assertEquals(expected, Vignettes.engine().assess(withScores).requireDefinition("two-adequate-trials").verdict());
    }

    @Test
    void trialInAPreviousEpisodeDoesNotCountForTheCurrentEpisodeDefinitions() {
        Patient p = Patient.builder("p")
                .episode(org.trdrules.model.Episode.builder("e0").onset(LocalDate.of(2020, 1, 1))
                        .end(LocalDate.of(2020, 12, 1)).build())
                .episode(org.trdrules.model.Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).build())
                .trial(failedTrial("t1", "fluoxetine", 20).build())
                .trial(failedTrial("t2", "sertraline", 100).episodeId("e0").build())
                .build();
        Assessment a = Vignettes.engine().assess(p);
        assertEquals(Verdict.NOT_MET, a.requireDefinition("two-adequate-trials").verdict());
    }

    @Test
    void euPearlKeepsItsOwnTwentyFivePercentWhateverThePartialResponseSetting() {
        TrdEngine shifted = TrdEngine.builder().evaluationDate(Vignettes.DATE)
                .config(TrdConfig.defaults().withResponseThresholds(30, 50)).build();
        Assessment a = shifted.assess(patient(failedTrial("t1", "fluoxetine", 20).improvementPercent(27.0).build(),
                failedTrial("t2", "sertraline", 100).improvementPercent(27.0).build()));
        assertEquals(Verdict.NOT_MET, a.requireDefinition("eu-pearl-2022").verdict());
    }

    @Test
    void theStagingBasisIdIsReserved() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TrdConfig.defaults().withDefinition(
                        org.trdrules.assessment.DefinitionSpec.builder("staging-basis").build()));
        assertTrue(e.getMessage().contains("reserved"));
    }

    @Test
    void withoutADeterminableCurrentEpisodeEpisodeLinkedTrialsAreUndecided() {
        Patient p = Patient.builder("p")
                .episode(org.trdrules.model.Episode.builder("e1").build())
                .episode(org.trdrules.model.Episode.builder("e2").build())
                .trial(failedTrial("t1", "fluoxetine", 20).episodeId("e2").build())
                .trial(failedTrial("t2", "sertraline", 100).episodeId("e2").build()).build();
        assertEquals(Verdict.INDETERMINATE, Vignettes.engine().assess(p).requireDefinition("two-adequate-trials").verdict());
    }
}
