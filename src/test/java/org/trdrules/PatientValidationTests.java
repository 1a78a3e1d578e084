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
}
