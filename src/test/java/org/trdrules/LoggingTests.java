package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;

/**
 * No log line at any level contains patient data. The build routes every log line of the test JVM (our packages
 * at TRACE) to target/test-log.txt; this test assesses a history full of distinctive values, including invalid
 * ones, and searches the file for them.
 */
class LoggingTests {

    @Test
    void noPatientDataInAnyLogLine() throws Exception {
        String id = "PATIENT-ZX81-SECRET";
        Patient p = Patient.builder(id).birthDate(LocalDate.of(1971, 7, 13))
                .condition(CodedCondition.icd10("F33.2", "recurrent severe"))
                .episode(Episode.builder("EPISODE-QQ7").onset(LocalDate.of(2023, 3, 17)).build())
                .trial(AntidepressantTrial.builder("TRIAL-KK9", "sertraline").dailyDoseMg(123.456)
                        .start(LocalDate.of(2023, 4, 19)).end(LocalDate.of(2023, 6, 29)).adherencePercent(87.65)
                        .improvementPercent(12.34).build())
                .trial(AntidepressantTrial.builder("TRIAL-UNK", "zyxoprine-unlisted").dailyDoseMg(77.7).build())
                .build();
        TrdEngine engine = TrdEngine.builder().evaluationDate(LocalDate.of(2026, 2, 3)).build();
        engine.assess(p);
        Patient bad = Patient.builder("BAD-PATIENT-9Q").trial(AntidepressantTrial.builder("TRIAL-BAD", "sertraline")
                .dailyDoseMg(-31.4159).build()).build();
        engine.assessAll(List.of(p, bad));

        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test-log.txt"));
        assertTrue(Files.exists(log), "the test JVM logs to " + log);
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(text.contains("trd-rules engine built"), "the engine's INFO line is captured");
        assertTrue(text.contains("assessed:"), "the DEBUG line is captured");
        for (String secret : List.of(id, "1971", "F33.2", "EPISODE-QQ7", "2023-03-17", "TRIAL-KK9", "123.456",
                "2023-04-19", "87.65", "12.34", "zyxoprine", "77.7", "BAD-PATIENT-9Q", "TRIAL-BAD", "31.4159",
                "sertraline")) {
            assertFalse(text.contains(secret), "log contains patient data: " + secret);
        }
    }
}
