package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.AddOn;
import org.trdrules.model.AddOnKind;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Episode;
import org.trdrules.model.Outcome;
import org.trdrules.model.Patient;

/**
 * Issue 12 F: an augmentation no longer takes the class of the drug it augments for the class requirement. The ATRQ
 * worked example (Current Psychiatry 2012;11(3)) counts the aripiprazole augmentation of duloxetine as a failed
 * trial, but duloxetine itself responded and then lost the response: no SNRI failed, so "two classes" is not met.
 */
class AugmentationClassTests {

    private static final LocalDate ONSET = Vignettes.DATE.minusYears(2);

    private static AntidepressantTrial trial(String id, String drug, double mg, int startWeek, int weeks,
                                             Outcome outcome, AddOn... addOns) {
        return new AntidepressantTrial(id, "e1", drug, mg, ONSET.plusWeeks(startWeek),
                ONSET.plusWeeks(startWeek + weeks), null, 100.0, outcome, null, null, null, List.of(addOns), false);
    }

    private static AddOn aripiprazole(int startWeek, int weeks) {
        return new AddOn("a1", AddOnKind.AUGMENTATION, "aripiprazole", 10.0, ONSET.plusWeeks(startWeek),
                ONSET.plusWeeks(startWeek + weeks), null, 100.0, Outcome.NON_RESPONSE, null, null, false);
    }

    private static Assessment assess(AntidepressantTrial... trials) {
        Patient.Builder b = Patient.builder("p").ageYears(45)
                .episode(Episode.builder("e1").onset(ONSET).current(true).build());
        for (AntidepressantTrial t : trials) {
            b.trial(t);
        }
        Patient p = b.build();
        return Vignettes.engine().assess(p);
    }

    @Test
    void anSsriFailureAndAFailedAugmentationOfARelapsedSnriAreTwoTreatmentsButOneClass() {
        Assessment a = assess(trial("t1", "sertraline", 100, 0, 12, Outcome.NON_RESPONSE),
                trial("t2", "duloxetine", 90, 14, 30, Outcome.RESPONSE_LOST, aripiprazole(38, 6)));
        assertEquals(Verdict.MET, a.requireDefinition("two-adequate-trials").verdict(), "sertraline + augmentation");
        DefinitionResult two = a.requireDefinition("two-classes");
        assertEquals(Verdict.NOT_MET, two.verdict(), two.explanation().reasons().toString());
        assertTrue(two.explanation().reasons().stream().anyMatch(r -> r.contains("from 1 class certain")),
                two.explanation().reasons().toString());
        assertEquals(List.of("1 more failed adequate treatment from a class other than SSRI in the current episode"),
                two.whatWouldChange());
    }

    @Test
    void whenTheAugmentedSnriFailedItselfTheSnriClassCounts() {
        Assessment a = assess(trial("t1", "sertraline", 100, 0, 12, Outcome.NON_RESPONSE),
                trial("t2", "duloxetine", 90, 14, 30, Outcome.NON_RESPONSE, aripiprazole(38, 6)));
        assertEquals(Verdict.MET, a.requireDefinition("two-classes").verdict());
    }

    @Test
    void withoutAClassRuleTheAugmentationStillCountsAsATreatment() {
        // only augmentations failed: the count-only definitions still see two treatments
        Assessment a = assess(trial("t1", "duloxetine", 90, 0, 40, Outcome.RESPONSE_LOST, aripiprazole(30, 6),
                new AddOn("a2", AddOnKind.AUGMENTATION, "lithium", 900.0, ONSET.plusWeeks(37), ONSET.plusWeeks(43),
                        null, 100.0, Outcome.NON_RESPONSE, null, null, false)));
        assertEquals(Verdict.MET, a.requireDefinition("two-adequate-trials").verdict());
        assertEquals(Verdict.NOT_MET, a.requireDefinition("two-classes").verdict());
    }
}
