package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trdrules.Histories.failedTrial;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdrules.assessment.StagingResult;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;
import org.trdrules.model.Severity;

/**
 * Staging boundaries: the European Staging Model's duration bands and the Maudsley items at their edges. The staging
 * vignettes (known histories with their stage or score) are data: src/test/resources/vignettes/ (VignetteTests).
 */
class StagingModelsTests {

    private static StagingResult stage(Patient p, String model) {
        return Vignettes.engine().assess(p).stage(model).orElseThrow();
    }

    private static Patient.Builder episode(Severity severity, Boolean psychotic) {
        return Patient.builder("p").ageYears(50).episode(Episode.builder("e1").onset(LocalDate.of(2025, 6, 1))
                .severity(severity).psychoticFeatures(psychotic).current(true).build());
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
