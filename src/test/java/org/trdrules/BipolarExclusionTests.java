package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Patient;

/** A coded bipolar disorder excludes the patient from the (unipolar) TRD definitions, saying so. */
class BipolarExclusionTests {

    @ParameterizedTest(name = "{0} {1} excludes")
    @CsvSource({"http://hl7.org/fhir/sid/icd-10-cm, F31.4", "http://snomed.info/sct, 10875004",
            // a manic episode (F30) is bipolar I: in the eCQM value set, so excluded on the JSON path as on FHIR
            "http://hl7.org/fhir/sid/icd-10-cm, F30.10", ", F31.81"})
    void bipolarCodesExcludeWithAReason(String system, String code) {
        Patient p = Histories.patient(Histories.failedTrial("t1", "sertraline", 100).build(),
                Histories.failedTrial("t2", "venlafaxine", 225).build());
        Patient bipolar = new Patient(p.id(), p.ageYears(), null, null, null, null,
                java.util.List.of(new CodedCondition(system, code, null)), null, p.episodes(), p.trials(), null, null,
                null, null, null, null, null);
        assertEquals(Verdict.MET, Vignettes.engine().assess(p).requireDefinition("two-adequate-trials").verdict());
        Assessment a = Vignettes.engine().assess(bipolar);
        for (DefinitionResult d : a.definitions()) {
            assertEquals(Verdict.NOT_MET, d.verdict(), d.id());
            assertTrue(d.explanation().reasons().get(0).contains("bipolar"), d.id());
            assertTrue(d.whatWouldChange().get(0).startsWith("nothing while the exclusion applies"), d.id());
        }
    }

    @org.junit.jupiter.api.Test
    void aProvisionalBipolarDiagnosisLeavesAMetDefinitionUndecidedAndANotMetOneNotMet() {
        Patient p = Histories.patient(Histories.failedTrial("t1", "sertraline", 100).build(),
                Histories.failedTrial("t2", "venlafaxine", 225).build());
        Patient possible = new Patient(p.id(), p.ageYears(), null, null, null, null,
                java.util.List.of(new CodedCondition("http://hl7.org/fhir/sid/icd-10-cm", "F31.9", null, true)), null,
                p.episodes(), p.trials(), null, null, null, null, null, null, null);
        Assessment a = Vignettes.engine().assess(possible);
        DefinitionResult two = a.requireDefinition("two-adequate-trials");
        assertEquals(Verdict.INDETERMINATE, two.verdict(), "MET without the diagnosis; NOT_MET were it confirmed");
        assertTrue(two.explanation().missingData().stream().anyMatch(m -> m.contains("bipolar")),
                two.explanation().missingData().toString());
        assertEquals(Verdict.NOT_MET, a.requireDefinition("four-treatments").verdict(), "two of four: not met either way");
    }
}
