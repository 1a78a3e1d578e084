package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.Histories.failedTrial;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.EctLaterality;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;
import org.trdrules.model.Procedure;
import org.trdrules.model.ProcedureType;
import org.trdrules.model.Severity;

/** Staging vignettes: each model's stage or score, band and breakdown for known histories. */
class StagingModelsTests {

    private static StagingResult stage(Patient p, String model) {
        return Vignettes.engine().assess(p).stage(model).orElseThrow();
    }

    private static Patient.Builder episode(Severity severity, Boolean psychotic) {
        return Patient.builder("p").ageYears(50).episode(Episode.builder("e1").onset(LocalDate.of(2025, 6, 1))
                .severity(severity).psychoticFeatures(psychotic).current(true).build());
    }

    @Test
    void atrqWorkedExampleStagesConsistently() {
        Assessment a = Vignettes.engine().assess(Vignettes.load("atrq-worked-example"));
        assertEquals("I", a.stage("thase-rush").orElseThrow().stage());
        assertEquals("non-responder", a.stage("european-staging").orElseThrow().stage());
        StagingResult mgh = a.stage("mgh-s").orElseThrow();
        assertEquals(1.5, mgh.low(), "sertraline 1 + aripiprazole augmentation 0.5");
        assertEquals(2.0, mgh.high(), "+0.5 if sertraline's dose was optimised: not recorded");
        StagingResult m = a.stage("maudsley").orElseThrow();
        assertEquals(8.0, m.score(), "duration 3 + moderate 3 + 1-2 failures 1 + augmentation 1 + no ECT 0");
        assertEquals("moderate", m.band());
        assertEquals(org.trdrules.assessment.StagingStatus.DECIDED, m.status());
    }

    @Test
    void dmTrdIsReportedUnsupportedNotInvented() {
        StagingResult d = Vignettes.engine().assess(Vignettes.load("atrq-worked-example")).stage("dm-trd").orElseThrow();
        assertEquals(org.trdrules.assessment.StagingStatus.UNSUPPORTED, d.status());
        assertNull(d.score());
        assertTrue(d.explanation().missingData().get(0).contains("item weights"));
    }

    private static Patient fullSequence(EctLaterality laterality) {
        return episode(Severity.SEVERE, false)
                .trial(failedTrial("t1", "sertraline", 100).build())
                .trial(failedTrial("t2", "venlafaxine", 225).build())
                .trial(failedTrial("t3", "nortriptyline", 100).build())
                .trial(failedTrial("t4", "phenelzine", 60).build())
                .procedure(Procedure.builder("p1", ProcedureType.ECT).episodeId("e1").sessions(12)
                        .laterality(laterality).improvementPercent(10.0).build())
                .build();
    }

    @Test
    void thaseRushReachesStageFiveOnlyWithBilateralEct() {
        assertEquals("V", stage(fullSequence(EctLaterality.BILATERAL), "thase-rush").stage());
        assertEquals("IV", stage(fullSequence(EctLaterality.RIGHT_UNILATERAL), "thase-rush").stage());
    }

    @Test
    void thaseRushStageThreeNeedsStageTwoWithoutTheTca() {
        Patient ssriThenTca = episode(Severity.MODERATE, false).trial(failedTrial("t1", "sertraline", 100).build())
                .trial(failedTrial("t2", "nortriptyline", 100).build()).build();
        assertEquals("II", stage(ssriThenTca, "thase-rush").stage(), "the TCA is the different class of stage II");
        Patient three = episode(Severity.MODERATE, false).trial(failedTrial("t1", "sertraline", 100).build())
                .trial(failedTrial("t2", "venlafaxine", 225).build())
                .trial(failedTrial("t3", "nortriptyline", 100).build()).build();
        assertEquals("III", stage(three, "thase-rush").stage());
    }

    @Test
    void europeanStagingCountsDistinctDrugs() {
        Patient sameDrugTwice = episode(Severity.MODERATE, false).trial(failedTrial("t1", "sertraline", 100).build())
                .trial(failedTrial("t2", "sertraline", 150).build()).build();
        assertEquals("non-responder", stage(sameDrugTwice, "european-staging").stage());
    }

    @Test
    void thaseRushNeedsADifferentClassForStageTwo() {
        Patient twoSsris = episode(Severity.MODERATE, false).trial(failedTrial("t1", "sertraline", 100).build())
                .trial(failedTrial("t2", "citalopram", 40).build()).build();
        assertEquals("I", stage(twoSsris, "thase-rush").stage());
        Patient none = episode(Severity.MODERATE, false).build();
        assertEquals("not staged", stage(none, "thase-rush").stage());
    }

    @Test
    void mghScoreCountsDoseOptimisationAugmentationAndEct() {
        Patient p = episode(Severity.SEVERE, false)
                .trial(failedTrial("t1", "sertraline", 100).doseOptimised(true).build())
                .trial(AntidepressantTrial.builder("t2", "venlafaxine").episodeId("e1").dailyDoseMg(225.0).weeks(8.0)
                        .doseOptimised(false)
                        .adherencePercent(90.0).improvementPercent(10.0)
                        .addOn(org.trdrules.model.AddOn.builder("t2a", "lithium").dailyDoseMg(900.0).weeks(6.0)
                                .improvementPercent(5.0).build()).build())
                .procedure(Procedure.builder("p1", ProcedureType.ECT).episodeId("e1").sessions(8)
                        .laterality(EctLaterality.BILATERAL).improvementPercent(0.0).build())
                .build();
        assertEquals(1 + 0.5 + 1 + 0.5 + 3, stage(p, "mgh-s").score());
    }

    @ParameterizedTest(name = "two failed trials of {0} and {1} weeks -> {2}")
    @CsvSource({"6, 6, TRD1", "9, 8.9, TRD1", "9, 9, TRD2", "12, 12, TRD3", "15, 15, TRD4", "18, 18, TRD5",
        "26, 26, TRD5", "26, 26.1, CRD"})
    void europeanStagingBandsWithTheDocumentedTieBreak(double w1, double w2, String expected) {
        Patient p = episode(Severity.MODERATE, false).trial(failedTrial("t1", "sertraline", 100).weeks(w1).build())
                .trial(failedTrial("t2", "duloxetine", 60).weeks(w2).build()).build();
        assertEquals(expected, stage(p, "european-staging").stage());
    }

    @ParameterizedTest(name = "severity {0}, psychotic {1} -> {2}..{3}")
    @CsvSource({"SUBSYNDROMAL, false, 1, 1", "MILD, , 2, 2", "MODERATE, true, 3, 3", "SEVERE, false, 4, 4",
        "SEVERE, true, 5, 5", "SEVERE, , 4, 5", ", , 1, 5"})
    void maudsleySeverityItemAndItsRangeWhenDataIsMissing(Severity severity, Boolean psychotic, double low,
                                                          double high) {
        StagingResult m = stage(episode(severity, psychotic).build(), "maudsley");
        var item = m.items().stream().filter(i -> i.name().equals("severity")).findFirst().orElseThrow();
        assertEquals(low, item.low());
        assertEquals(high, item.high());
        assertEquals(low == high ? org.trdrules.assessment.StagingStatus.DECIDED
                : org.trdrules.assessment.StagingStatus.RANGE, m.status());
    }

    @ParameterizedTest(name = "onset {0} -> duration points {1} (calendar months to 2026-11-01)")
    @CsvSource({"2025-11-01, 1", "2025-10-31, 2", "2024-11-01, 2", "2024-10-31, 3"})
    void maudsleyDurationBands(LocalDate onset, double points) {
        Patient p = Patient.builder("p").episode(Episode.builder("e1").onset(onset).severity(Severity.MILD)
                .current(true).build()).build();
        var item = stage(p, "maudsley").items().get(0);
        assertEquals(points, item.low());
    }

    @ParameterizedTest(name = "onset {0}, evaluated {1} -> duration points {2}")
    @CsvSource({"2023-03-01, 2024-03-01, 1", // exactly 12 calendar months across 29 February 2024 (366 days)
        "2023-03-01, 2024-03-02, 2",
        "2023-03-01, 2025-03-01, 2", // exactly 24 calendar months across it (731 days)
        "2023-03-01, 2025-03-02, 3",
        "2024-02-29, 2025-02-28, 1", // 12 months from a leap day end on 28 February
        "2024-02-29, 2025-03-01, 2",
        "2023-02-28, 2024-02-29, 2"})
    void maudsleyDurationCountsCalendarMonthsAroundLeapDays(LocalDate onset, LocalDate evaluated, double points) {
        Patient p = Patient.builder("p").episode(Episode.builder("e1").onset(onset).severity(Severity.MILD)
                .current(true).build()).build();
        var item = TrdEngine.builder().evaluationDate(evaluated).build().assess(p).stage("maudsley").orElseThrow()
                .items().get(0);
        assertEquals(points, item.low());
        assertEquals(points, item.high());
    }
}
