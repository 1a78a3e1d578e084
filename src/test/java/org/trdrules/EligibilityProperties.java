package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.OptionResult;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Patient;

/** Eligibility over generated histories: contraindications win, and adding one never helps an option. */
class EligibilityProperties {

    private final DefinitionProperties gen = new DefinitionProperties();

    @Provide
    Arbitrary<List<AntidepressantTrial>> trials() {
        return gen.trials();
    }

    /** Codes that contraindicate or need review for some option. */
    @Provide
    Arbitrary<String> code() {
        return Arbitraries.of("G40.909", "F50.2", "I71.4", "I61.9", "Q28.2", "I21.4", "J44.9", "C71.9", "R45.851");
    }

    private static Patient withCondition(Patient p, String code) {
        Patient.Builder b = Patient.builder(p.id()).ageYears(p.ageYears()).condition(CodedCondition.icd10(code, null));
        p.conditions().forEach(b::condition);
        p.episodes().forEach(b::episode);
        p.trials().forEach(b::trial);
        return b.build();
    }

    /** Each contraindicating code and the options it contraindicates. */
    private static final java.util.Map<String, List<String>> CONTRAINDICATES = java.util.Map.of(
            "G40.909", List.of("switch-bupropion", "combine-bupropion"),
            "F50.2", List.of("switch-bupropion", "combine-bupropion"),
            "I71.4", List.of("esketamine", "iv-ketamine"),
            "I61.9", List.of("esketamine", "iv-ketamine"),
            "Q28.2", List.of("esketamine", "iv-ketamine"));

    @Property(tries = 150)
    void aContraindicationAlwaysWins(@ForAll("trials") List<AntidepressantTrial> trials,
                                     @ForAll("contraindicating") String code) {
        Assessment a = Vignettes.engine().assess(withCondition(DefinitionProperties.history(trials), code));
        for (String id : CONTRAINDICATES.get(code)) {
            assertEquals(EligibilityStatus.CONTRAINDICATED, a.option(id).orElseThrow().status(), id + " with " + code);
        }
    }

    @Provide
    Arbitrary<String> contraindicating() {
        return Arbitraries.of(CONTRAINDICATES.keySet().toArray(new String[0]));
    }

    @Property(tries = 150)
    void addingAContraindicatingConditionNeverMakesAnOptionMoreEligible(
            @ForAll("trials") List<AntidepressantTrial> trials, @ForAll("code") String code) {
        Patient before = DefinitionProperties.history(trials);
        Assessment a = Vignettes.engine().assess(before);
        Assessment b = Vignettes.engine().assess(withCondition(before, code));
        assertEquals(a.options().size(), b.options().size());
        for (OptionResult o : a.options()) {
            EligibilityStatus after = b.option(o.id()).orElseThrow().status();
            if (!code.equals("R45.851")) {
                assertTrue(after.compareTo(o.status()) >= 0, o.id() + ": " + o.status() + " -> " + after);
            }
        }
    }
}
