package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.InvalidPatientException;
import org.trdrules.model.Patient;
import org.trdrules.model.ValidationProblem;

/** Impossible histories are rejected with every problem and its field path; missing data is accepted. */
class PatientValidationTests {

    @Test
    void everyProblemIsReportedWithItsPath() {
        Patient p = Histories.patient(
                Histories.failedTrial("t1", "sertraline", -5).build(),
                AntidepressantTrial.builder("t2", "citalopram").episodeId("nope").start(LocalDate.of(2025, 5, 1))
                        .end(LocalDate.of(2025, 4, 1)).build(),
                AntidepressantTrial.builder("t3", "citalopram").start(LocalDate.of(2027, 1, 1)).build());
        InvalidPatientException e = assertThrows(InvalidPatientException.class, () -> Vignettes.engine().assess(p));
        List<String> paths = e.problems().stream().map(ValidationProblem::path).toList();
        assertEquals(List.of("trials[0].dailyDoseMg", "trials[1].episodeId", "trials[1].end", "trials[2].start"), paths);
        assertEquals(List.of("NEGATIVE", "UNKNOWN_EPISODE", "END_BEFORE_START", "FUTURE_DATE"),
                e.problems().stream().map(ValidationProblem::code).toList());
        assertTrue(e.getMessage().startsWith("TRD-INPUT-001"));
        assertFalse(e.getMessage().contains("-5"), "messages name fields, never values");
    }

    @Test
    void missingDataIsNotAProblem() {
        Patient p = Patient.builder("p").trial(AntidepressantTrial.builder("t1", "sertraline").build()).build();
        assertTrue(p.validate(Vignettes.DATE).isEmpty());
    }

    @Test
    void oneBadPatientNeverSinksTheBatch() {
        Patient good = Vignettes.load("atrq-worked-example");
        Patient bad = Histories.patient(Histories.failedTrial("t1", "sertraline", 50).adherencePercent(140.0).build());
        List<AssessmentResult> r = Vignettes.engine().assessAll(Arrays.asList(good, bad, null, good));
        assertEquals(4, r.size());
        assertTrue(r.get(0).ok());
        assertFalse(r.get(1).ok());
        assertEquals("trials[0].adherencePercent",
                ((InvalidPatientException) r.get(1).failure()).problems().get(0).path());
        assertFalse(r.get(2).ok());
        assertTrue(r.get(3).ok());
        assertEquals(r.get(0).assessment(), r.get(3).assessment());
    }

    @Test
    void engineNeedsAnExplicitDate() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrdEngine.builder().build());
        assertTrue(e.getMessage().startsWith("TRD-CONFIG-003"));
    }

    @Test
    void aClockAfterAnEvaluationDateOrAnOptionSetTwiceFailsAtOnce() {
        IllegalStateException both = assertThrows(IllegalStateException.class, () -> TrdEngine.builder()
                .evaluationDate(java.time.LocalDate.of(2026, 11, 1)).clock(java.time.Clock.systemUTC()));
        assertTrue(both.getMessage().startsWith("TRD-CONFIG-004"), both.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> TrdEngine.builder()
                .config(TrdConfig.defaults()).config(TrdConfig.defaults()));
        assertTrue(twice.getMessage().startsWith("TRD-CONFIG-004"), twice.getMessage());
    }

    @Test
    void nonFiniteNumbersAreRejected() {
        Patient p = Patient.builder("p").measurement(org.trdrules.model.Measurement.of("m1",
                org.trdrules.model.Instrument.PHQ9, Double.NaN, LocalDate.of(2026, 1, 1)))
                .trial(Histories.failedTrial("t1", "sertraline", 50).episodeId(null).improvementPercent(Double.NEGATIVE_INFINITY)
                        .build()).build();
        List<String> paths = p.validate(Vignettes.DATE).stream().map(ValidationProblem::path).toList();
        assertEquals(List.of("trials[0].improvementPercent", "measurements[0].score"), paths);
    }

    @Test
    void implausibleDatesAreOutOfRange() {
        Patient p = Patient.builder("p").birthDate(LocalDate.of(-999_999_999, 1, 1))
                .episode(org.trdrules.model.Episode.builder("e1").onset(LocalDate.of(1899, 12, 31)).build())
                .trial(AntidepressantTrial.builder("t1", "sertraline").start(LocalDate.of(1900, 1, 1))
                        .end(LocalDate.of(2201, 1, 1)).build())
                .lifeEvent(new org.trdrules.model.LifeEvent("l1", org.trdrules.model.LifeEventType.BEREAVEMENT,
                        LocalDate.MIN))
                .build();
        List<ValidationProblem> problems = p.validate(Vignettes.DATE);
        assertEquals(List.of("birthDate", "episodes[0].onset", "trials[0].end", "lifeEvents[0].date"),
                problems.stream().map(ValidationProblem::path).toList(), "1900-01-01 itself is accepted");
        assertTrue(problems.stream().allMatch(x -> x.code().equals("OUT_OF_RANGE")));
    }

    @Test
    void implausibleWeeksAndDosesAreOutOfRange() {
        Patient p = Histories.patient(
                Histories.failedTrial("t1", "sertraline", 1e308).weeks(1e308).build(),
                Histories.failedTrial("t2", "lithium", 10_000).weeks(5_200.0).build());
        List<ValidationProblem> problems = p.validate(Vignettes.DATE);
        assertEquals(List.of("trials[0].dailyDoseMg", "trials[0].weeks"),
                problems.stream().map(ValidationProblem::path).toList(), "the maxima themselves are accepted");
        assertTrue(problems.stream().allMatch(x -> x.code().equals("OUT_OF_RANGE")));
    }

    @Test
    void aBaselineBelowOnePointGivesNoImprovementRatherThanInfinity() {
        Patient p = Patient.builder("p")
                .trial(AntidepressantTrial.builder("t1", "bupropion").dailyDoseMg(300.0)
                        .start(LocalDate.of(2025, 7, 1)).end(LocalDate.of(2025, 10, 1)).build())
                .measurement(org.trdrules.model.Measurement.of("m1", org.trdrules.model.Instrument.PHQ9,
                        Double.MIN_VALUE, LocalDate.of(2025, 6, 28)))
                .measurement(org.trdrules.model.Measurement.of("m2", org.trdrules.model.Instrument.PHQ9, 20,
                        LocalDate.of(2025, 9, 10)))
                .build();
        var review = Vignettes.engine().assess(p).treatments().get(0);
        assertEquals(0.0, review.improvementPercent());
    }
}
