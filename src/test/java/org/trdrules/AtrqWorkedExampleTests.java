package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TrialOutcome;
import org.trdrules.assessment.Verdict;

/**
 * The published ATRQ worked example (Current Psychiatry 2012;11(3)): five trials in the current episode, of which
 * only sertraline and the aripiprazole augmentation count as failed adequate trials.
 */
class AtrqWorkedExampleTests {

    private final Assessment a = Vignettes.engine().assess(Vignettes.load("atrq-worked-example"));

    private Map<String, TreatmentJudgement> judged(DefinitionResult d) {
        return d.treatments().stream().collect(Collectors.toMap(TreatmentJudgement::treatmentId, j -> j));
    }

    @Test
    void twoOfFiveTrialsCountAndTheRegulatoryDefinitionIsMet() {
        DefinitionResult d = a.requireDefinition("two-adequate-trials");
        assertEquals(Verdict.MET, d.verdict());
        assertEquals(List.of("t1", "t5"), d.explanation().factsUsed());
        assertTrue(d.explanation().citation().contains("FDA"));
    }

    @Test
    void eachExcludedTrialCarriesThePublishedReason() {
        Map<String, TreatmentJudgement> j = judged(a.requireDefinition("two-adequate-trials"));
        assertEquals(Verdict.NOT_MET, j.get("t2").counted());
        assertTrue(j.get("t2").reasons().get(0).startsWith("too short"), j.get("t2").reasons().toString());
        assertEquals(Verdict.NOT_MET, j.get("t3").counted());
        assertTrue(j.get("t3").reasons().get(0).startsWith("dose too low"), j.get("t3").reasons().toString());
        assertEquals(Verdict.NOT_MET, j.get("t4").counted());
        assertTrue(j.get("t4").reasons().get(0).contains("lost the response"), j.get("t4").reasons().toString());
    }

    @Test
    void lossOfResponseIsItsOwnOutcome() {
        assertEquals(TrialOutcome.RESPONSE_LOST,
                a.treatments().stream().filter(t -> t.id().equals("t4")).findFirst().orElseThrow().outcome());
    }

    @Test
    void fourTreatmentsIsNotMetAndSaysWhatIsMissing() {
        DefinitionResult d = a.requireDefinition("four-treatments");
        assertEquals(Verdict.NOT_MET, d.verdict());
        assertEquals(List.of("2 more failed adequate treatments"), d.whatWouldChange());
    }

    @Test
    void theFourWeekConsensusDefinitionsAlsoCountTheShortCitalopramTrial() {
        assertEquals(List.of("t1", "t2", "t5"), a.requireDefinition("eu-pearl-2022").explanation().factsUsed());
        assertEquals(List.of("t1", "t2", "t5"), a.requireDefinition("canadian-2021").explanation().factsUsed());
    }
}
