package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.Histories.failedTrial;
import static org.trdrules.Histories.patient;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.EpisodeScope;
import org.trdrules.assessment.TreatmentKind;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.Instrument;

/** The config and definition builders: defaults, validation at once, and an integrator's variant judged. */
class ConfigTests {

    @Test
    void theBuilderStartsFromTheDocumentedDefaultsAndToBuilderKeepsEveryValue() {
        assertEquals(TrdConfig.defaults().settings(), TrdConfig.builder().build().settings());
        TrdConfig c = TrdConfig.builder().minimumTrialWeeks(8).remissionAtOrBelow(Instrument.MADRS, 10)
                .eligibility(false).build();
        assertEquals(c.settings(), c.toBuilder().build().settings());
        assertEquals(8, c.minimumTrialWeeks());
        assertEquals(10, c.remissionAtOrBelow(Instrument.MADRS));
        assertEquals(6, TrdConfig.defaults().minimumTrialWeeks(), "the defaults are never changed");
    }

    @Test
    void setterValidationFailsAtOnceWithTheFieldName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrdConfig.builder().minimumTrialWeeks(0.5));
        assertTrue(e.getMessage().startsWith("TRD-CONFIG-001: minimumTrialWeeks"), e.getMessage());
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> TrdConfig.builder().definition(DefinitionSpec.builder("two-classes").build()));
        assertTrue(clash.getMessage().startsWith("TRD-CONFIG-002"), clash.getMessage());
    }

    @Test
    void theSafetyThresholdsAreValidatedAndKeptByToBuilder() {
        TrdConfig c = TrdConfig.builder().citalopramLowerCapOverAge(65).dpwgLowerCapAge(70).renalImpairmentEgfrBelow(45)
                .ketamineBloodPressureAbove(160, 100).physiologyMaxAgeDays(7, 90).build();
        assertEquals(c.settings(), c.toBuilder().build().settings());
        assertEquals(65, c.citalopramLowerCapOverAge());
        assertEquals(100, c.ketamineDiastolicAbove());
        assertEquals(90, c.egfrMaxAgeDays());
        assertEquals(30, TrdConfig.defaults().bloodPressureMaxAgeDays());
        for (Runnable bad : List.<Runnable>of(() -> TrdConfig.builder().citalopramLowerCapOverAge(20),
                () -> TrdConfig.builder().renalImpairmentEgfrBelow(5), () -> TrdConfig.builder().ketamineBloodPressureAbove(140, 30),
                () -> TrdConfig.builder().physiologyMaxAgeDays(0, 180), () -> TrdConfig.builder().physiologyMaxAgeDays(30, 1000))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::run);
            assertTrue(e.getMessage().startsWith("TRD-CONFIG-001"), e.getMessage());
        }
    }

    @Test
    void anIntegratorsThreeFailureVariantNeedsAThirdFailedTrial() {
        DefinitionSpec three = DefinitionSpec.builder("three-failures").name("3 failed trials").minFailures(3)
                .scope(EpisodeScope.CURRENT_EPISODE)
                .counted(EnumSet.of(TreatmentKind.ANTIDEPRESSANT, TreatmentKind.COMBINATION))
                .citation("integrator policy").build();
        TrdEngine engine = TrdEngine.builder().config(TrdConfig.builder().definition(three).build())
                .evaluationDate(Vignettes.DATE).build();
        assertEquals(Verdict.NOT_MET, engine.assess(patient(failedTrial("t1", "fluoxetine", 20).build(),
                failedTrial("t2", "sertraline", 100).build())).requireDefinition("three-failures").verdict());
        assertEquals(Verdict.MET, engine.assess(patient(failedTrial("t1", "fluoxetine", 20).build(),
                failedTrial("t2", "sertraline", 100).build(), failedTrial("t3", "bupropion", 300).build()))
                .requireDefinition("three-failures").verdict());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DefinitionSpec.builder("x-bad").minFailures(2).minClasses(3).build());
        assertTrue(e.getMessage().contains("minClasses"), e.getMessage());
    }
}
