package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.trdrules.assessment.SafetyFinding;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Instrument;
import org.trdrules.model.Measurement;
import org.trdrules.model.Patient;

/**
 * The suicide-risk safety finding: every trigger produces it, and nothing else does. The recorded-flag case and the
 * ATRQ example (no trigger) are vignettes (suicide-risk-recorded-flag, atrq-worked-example).
 */
class SuicideRiskTests {

    private static List<SafetyFinding> safety(Patient p) {
        return Vignettes.engine().assess(p).safety();
    }

    @ParameterizedTest(name = "condition {0} -> finding {1}")
    @CsvSource({"R45.851, true", "r45851, true", "T14.91XA, true", "Z91.51, true", "Z91.5, true", "F33.2, false",
        "R45.85, false"})
    void codedConditions(String code, boolean expected) {
        Patient p = Patient.builder("p").condition(CodedCondition.icd10(code, null)).build();
        assertEquals(expected, !safety(p).isEmpty());
    }

    @ParameterizedTest(name = "PHQ-9 item 9 = {0} -> finding {1}")
    @CsvSource({"0, false", "1, true", "3, true"})
    void phq9ItemNine(int item9, boolean expected) {
        Patient p = Patient.builder("p").measurement(new Measurement("m1", Instrument.PHQ9, 12.0,
                LocalDate.of(2026, 10, 1), item9)).build();
        List<SafetyFinding> s = safety(p);
        assertEquals(expected, !s.isEmpty());
        if (expected) {
            assertEquals(List.of("m1"), s.get(0).explanation().factsUsed());
        }
    }

    @Test
    void noTriggerNoFinding() {
        assertTrue(safety(Patient.builder("p").suicidalIdeation(false).build()).isEmpty());
    }

    @Test
    void noConfigurationSuppressesIt() {
        TrdEngine strict = TrdEngine.builder().evaluationDate(Vignettes.DATE)
                .config(TrdConfig.defaults().withUnknownAdherence(TrdConfig.UnknownAdherence.INDETERMINATE)
                        .withMinimumTrialWeeks(12)).build();
        assertEquals(1, strict.assess(Patient.builder("p").suicidalIdeation(true).build()).safety().size());
    }
}
