package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdrules.assessment.RiskFactor;
import org.trdrules.assessment.RiskResult;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;
import org.trdrules.model.Severity;
import org.trdrules.model.Sex;

/** Risk-factor screening: statuses, confirmed weights only, and the total. */
class RiskFactorTests {

    private static Map<String, RiskFactor> factors(RiskResult r) {
        return r.factors().stream().collect(Collectors.toMap(RiskFactor::id, f -> f));
    }

    private static RiskResult risk(Patient p) {
        return Vignettes.engine().assess(p).risk();
    }

    @Test
    void totalAddsOnlyConfirmedOddsRatiosOfPresentFactors() {
        Patient p = Patient.builder("p").ageYears(50).sex(Sex.FEMALE)
                .condition(CodedCondition.icd10("F41.1", "GAD"))
                .episode(Episode.builder("e0").onset(LocalDate.of(2018, 1, 1)).end(LocalDate.of(2018, 9, 1)).build())
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).severity(Severity.SEVERE)
                        .psychoticFeatures(true).inpatient(true).current(true).build())
                .trial(Histories.failedTrial("t1", "sertraline", 100).build())
                .trial(Histories.failedTrial("t2", "venlafaxine", 225).build())
                .build();
        RiskResult r = risk(p);
        double expected = Math.log(3.31) + Math.log(2.52) + Math.log(1.68) + Math.log(1.65) + 2 * Math.log(1.23)
                + 2 * Math.log(1.15);
        assertEquals(expected, r.total(), 1e-9);
        Map<String, RiskFactor> f = factors(r);
        assertEquals(org.trdrules.assessment.FactorStatus.PRESENT, f.get("female-sex").status());
        assertEquals(0.0, f.get("female-sex").contribution(), "a hazard ratio from another model is not added");
        assertEquals(org.trdrules.assessment.FactorStatus.ABSENT, f.get("eating-disorder").status(), "absent from a recorded problem list");
        assertEquals(org.trdrules.assessment.FactorStatus.UNKNOWN, f.get("suicidal-risk").status(), "never asked is unknown, not absent");
        assertTrue(r.statement().contains("not a validated prediction"));
    }

    @Test
    void withoutAProblemListComorbiditiesAreUnknownNotAbsent() {
        Map<String, RiskFactor> f = factors(risk(Patient.builder("p").build()));
        assertEquals(org.trdrules.assessment.FactorStatus.UNKNOWN, f.get("thyroid-disease").status());
        assertEquals(org.trdrules.assessment.FactorStatus.UNKNOWN, f.get("severe-episode").status());
        assertEquals(0.0, risk(Patient.builder("p").build()).total());
    }

    @ParameterizedTest(name = "{0} -> {1} present")
    @CsvSource({"E03.9, thyroid-disease", "G89.29, chronic-pain", "F10.20, substance-use", "G47.00, sleep-disorder",
        "F50.2, eating-disorder", "F60.3, personality-disorder", "F40.10, comorbid-anxiety"})
    void codedComorbidities(String code, String factor) {
        RiskFactor f = factors(risk(Patient.builder("p").condition(CodedCondition.icd10(code, null)).build())).get(factor);
        assertEquals(org.trdrules.assessment.FactorStatus.PRESENT, f.status());
        assertEquals(false, f.inTotal());
        assertEquals(0.0, f.contribution(), "no combinable effect size, so no weight");
    }

    @Test
    void suicidalRiskComesFromTheSafetyTriggers() {
        RiskFactor f = factors(risk(Patient.builder("p").suicidalIdeation(true).build())).get("suicidal-risk");
        assertEquals(org.trdrules.assessment.FactorStatus.PRESENT, f.status());
        assertEquals(Math.log(1.74), f.contribution(), 1e-9);
        assertEquals(org.trdrules.assessment.FactorStatus.ABSENT,
                factors(risk(Patient.builder("p").suicidalIdeation(false).build())).get("suicidal-risk").status());
    }

    @ParameterizedTest(name = "onset age {0} -> early onset {1}")
    @CsvSource({"17, PRESENT", "18, ABSENT"})
    void earlyOnsetBoundary(int onsetAge, org.trdrules.assessment.FactorStatus expected) {
        LocalDate birth = LocalDate.of(1990, 3, 1);
        Patient p = Patient.builder("p").birthDate(birth)
                .episode(Episode.builder("e1").onset(birth.plusYears(onsetAge).plusDays(1)).build()).build();
        assertEquals(expected, factors(risk(p)).get("early-onset").status());
    }

    @Test
    void theOlderAdultAgeAndTheChronicEpisodeAreTrdConfigSettings() {
        Patient p = Patient.builder("p").ageYears(67)
                .episode(Episode.builder("e1").onset(Vignettes.DATE.minusWeeks(110)).build()).build();
        Map<String, RiskFactor> byDefault = factors(risk(p));
        assertEquals(org.trdrules.assessment.FactorStatus.PRESENT, byDefault.get("older-age").status());
        assertEquals("age 65 or older", byDefault.get("older-age").name());
        assertEquals(org.trdrules.assessment.FactorStatus.PRESENT, byDefault.get("long-episode").status());
        TrdEngine later = TrdEngine.builder().evaluationDate(Vignettes.DATE)
                .config(TrdConfig.builder().olderAdultAge(70).chronicEpisodeWeeks(156).build()).build();
        Map<String, RiskFactor> changed = factors(later.assess(p).risk());
        assertEquals(org.trdrules.assessment.FactorStatus.ABSENT, changed.get("older-age").status());
        assertEquals("age 70 or older", changed.get("older-age").name());
        assertEquals(org.trdrules.assessment.FactorStatus.ABSENT, changed.get("long-episode").status());
    }
}
