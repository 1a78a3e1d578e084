package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.OptionResult;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Patient;
import org.trdrules.props.Gen;
import org.trdrules.props.Property;
import org.trdrules.props.Property.Shrinker;
import org.trdrules.props.Shrink;

/** Eligibility over generated histories: contraindications win, and adding one never helps an option. */
class EligibilityProperties {

    /** Codes that contraindicate or need review for some option. */
    private static final String[] CODES = {"G40.909", "F50.2", "I71.4", "I61.9", "Q28.2", "I21.4", "J44.9", "C71.9",
        "R45.851"};

    private static Patient withCondition(Patient p, String code) {
        Patient.Builder b = Patient.builder(p.id()).ageYears(p.ageYears()).condition(CodedCondition.icd10(code, null));
        p.conditions().forEach(b::condition);
        p.episodes().forEach(b::episode);
        p.trials().forEach(b::trial);
        return b.build();
    }

    /** Each contraindicating code and the options it contraindicates. */
    private static final Map<String, List<String>> CONTRAINDICATES = Map.of(
            "G40.909", List.of("switch-bupropion", "combine-bupropion"),
            "F50.2", List.of("switch-bupropion", "combine-bupropion"),
            "I71.4", List.of("esketamine", "iv-ketamine"),
            "I61.9", List.of("esketamine", "iv-ketamine"),
            "Q28.2", List.of("esketamine", "iv-ketamine"));

    /** The keys of {@link #CONTRAINDICATES} in a fixed order (a Map.of key set has none, so seeds would drift). */
    private static final String[] CONTRAINDICATING = {"G40.909", "F50.2", "I71.4", "I61.9", "Q28.2"};

    /** Trials and a coded condition added to their history. */
    record TrialsAndCode(List<AntidepressantTrial> trials, String code) {
        static Shrinker<TrialsAndCode> shrinker(String... codes) {
            return Shrink.both(TrialsAndCode::trials, DefinitionProperties.TRIALS, TrialsAndCode::code,
                    Shrink.choice(codes), TrialsAndCode::new);
        }
    }

    @TestFactory
    Stream<DynamicTest> aContraindicationAlwaysWins() {
        return Property.forAll("EligibilityProperties#aContraindicationAlwaysWins", 150,
                        r -> new TrialsAndCode(DefinitionProperties.trials(r), Gen.oneOf(r, CONTRAINDICATING)))
                .shrinkWith(TrialsAndCode.shrinker(CONTRAINDICATING))
                .check(c -> {
                    Assessment a = Vignettes.engine()
                            .assess(withCondition(DefinitionProperties.history(c.trials()), c.code()));
                    for (String id : CONTRAINDICATES.get(c.code())) {
                        assertEquals(EligibilityStatus.CONTRAINDICATED, a.option(id).orElseThrow().status(),
                                id + " with " + c.code());
                    }
                });
    }

    @TestFactory
    Stream<DynamicTest> addingAContraindicatingConditionNeverMakesAnOptionMoreEligible() {
        return Property.forAll("EligibilityProperties#addingAContraindicatingConditionNeverMakesAnOptionMoreEligible",
                        150, r -> new TrialsAndCode(DefinitionProperties.trials(r), Gen.oneOf(r, CODES)))
                .shrinkWith(TrialsAndCode.shrinker(CODES))
                .check(c -> {
                    Patient before = DefinitionProperties.history(c.trials());
                    Assessment a = Vignettes.engine().assess(before);
                    Assessment b = Vignettes.engine().assess(withCondition(before, c.code()));
                    assertEquals(a.options().size(), b.options().size());
                    for (OptionResult o : a.options()) {
                        EligibilityStatus after = b.option(o.id()).orElseThrow().status();
                        if (!c.code().equals("R45.851")) {
                            assertTrue(after.compareTo(o.status()) >= 0, o.id() + ": " + o.status() + " -> " + after);
                        }
                    }
                });
    }
}
