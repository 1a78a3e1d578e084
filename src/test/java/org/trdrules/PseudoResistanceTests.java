package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trdrules.assessment.PseudoResistanceFinding;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Episode;
import org.trdrules.model.LifeEvent;
import org.trdrules.model.LifeEventType;
import org.trdrules.model.Medication;
import org.trdrules.model.Patient;

/** Pseudo-resistance screening: each check names the trials it may explain. */
class PseudoResistanceTests {

    private static final LocalDate START = LocalDate.of(2025, 3, 1);

    private static Patient.Builder base() {
        return Patient.builder("p").ageYears(40)
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true).build())
                .trial(AntidepressantTrial.builder("t1", "sertraline").episodeId("e1").dailyDoseMg(100.0).start(START)
                        .end(START.plusWeeks(8)).adherencePercent(90.0).improvementPercent(10.0).build());
    }

    private static List<PseudoResistanceFinding> findings(Patient p, String category) {
        return Vignettes.engine().assess(p).pseudoResistance().stream().filter(f -> f.category().name().equals(category))
                .toList();
    }

    @Test
    void atrqExampleNamesTheShortTrialAndTheLowDose() {
        Patient p = Vignettes.load("atrq-worked-example");
        assertEquals(List.of("t2"), findings(p, "DURATION").get(0).treatmentIds());
        assertEquals(List.of("t3"), findings(p, "DOSE").get(0).treatmentIds());
    }

    @Test
    void poorAdherence() {
        Patient p = base().trial(Histories.failedTrial("t2", "duloxetine", 60).adherencePercent(50.0).build()).build();
        assertEquals(List.of("t2"), findings(p, "ADHERENCE").get(0).treatmentIds());
    }

    @Test
    void carbamazepineDuringAnSsriTrialMayLowerLevels() {
        Patient during = base().medication(new Medication("m1", "carbamazepine", START.plusWeeks(2), null)).build();
        PseudoResistanceFinding f = findings(during, "INTERACTING_DRUG").get(0);
        assertEquals(List.of("t1"), f.treatmentIds());
        assertTrue(f.citation().contains("Howes"));
        Patient after = base().medication(new Medication("m1", "carbamazepine", START.plusWeeks(9), null)).build();
        assertTrue(findings(after, "INTERACTING_DRUG").isEmpty(), "started after the trial ended");
        Patient other = base().medication(new Medication("m1", "metformin", START, null)).build();
        assertTrue(findings(other, "INTERACTING_DRUG").isEmpty());
    }

    @Test
    void undatedInducerIsAPossibleInteraction() {
        Patient p = base().medication(new Medication("m1", "Lamictal", null, null)).build();
        assertTrue(findings(p, "INTERACTING_DRUG").get(0).reason().contains("dates not recorded"));
    }

    @Test
    void medicalConditionsThatCanExplainNonResponse() {
        Patient p = base().condition(CodedCondition.icd10("E03.9", null))
                .condition(CodedCondition.icd10("F10.20", null)).build();
        List<PseudoResistanceFinding> f = findings(p, "MEDICAL_CONDITION");
        assertEquals(2, f.size());
        assertEquals(List.of("t1"), f.get(0).treatmentIds());
    }

    @Test
    void stressorDuringATrialNamesIt() {
        Patient p = base().lifeEvent(new LifeEvent("ev1", LifeEventType.BEREAVEMENT, START.plusWeeks(3)))
                .lifeEvent(new LifeEvent("ev0", LifeEventType.WORK, LocalDate.of(2020, 1, 1))).build();
        List<PseudoResistanceFinding> f = findings(p, "STRESSOR");
        assertEquals(1, f.size(), "an event before the current episode is not listed");
        assertEquals(List.of("t1"), f.get(0).treatmentIds());
        assertTrue(f.get(0).reason().startsWith("bereavement"));
    }

    @Test
    void noFindingsForAnAdequateTrialWithoutOtherReasons() {
        assertTrue(Vignettes.engine().assess(base().build()).pseudoResistance().isEmpty());
    }
}
