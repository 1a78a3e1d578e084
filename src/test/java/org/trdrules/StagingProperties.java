package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.trdrules.DefinitionProperties.TrialsAndDrug;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.StagingResult;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.props.Gen;
import org.trdrules.props.Property;

/** Staging over generated histories: bounded totals and no stage drop when a failure is added. */
class StagingProperties {

    /** The drugs of the added failed trial. */
    private static final String[] DRUGS = {"sertraline", "duloxetine", "nortriptyline", "phenelzine", "bupropion",
        "mirtazapine"};

    @TestFactory
    Stream<DynamicTest> maudsleyTotalIsAlwaysWithinThreeToFifteen() {
        return Property.forAll("StagingProperties#maudsleyTotalIsAlwaysWithinThreeToFifteen", 300,
                        DefinitionProperties::trials)
                .shrinkWith(DefinitionProperties.TRIALS)
                .check(trials -> {
                    StagingResult m = Vignettes.engine().assess(DefinitionProperties.history(trials))
                            .stage("maudsley").orElseThrow();
                    assertTrue(m.low() >= 3 && m.high() <= 15 && m.low() <= m.high(), m.low() + ".." + m.high());
                });
    }

    @TestFactory
    Stream<DynamicTest> stagesAndScoresNeverDropWhenAFailedAdequateTrialIsAdded() {
        return Property.forAll("StagingProperties#stagesAndScoresNeverDropWhenAFailedAdequateTrialIsAdded", 300,
                        r -> new TrialsAndDrug(DefinitionProperties.trials(r), Gen.oneOf(r, DRUGS)))
                .shrinkWith(TrialsAndDrug.shrinker(DRUGS))
                .check(c -> {
                    Assessment before = Vignettes.engine().assess(DefinitionProperties.history(c.trials()));
                    List<AntidepressantTrial> more = new ArrayList<>(c.trials());
                    more.add(Histories.failedTrial("x", c.drug(), 450).build());
                    Assessment after = Vignettes.engine().assess(DefinitionProperties.history(more));
                    for (String model : List.of("thase-rush", "european-staging", "mgh-s", "maudsley")) {
                        StagingResult b = before.stage(model).orElseThrow();
                        StagingResult a = after.stage(model).orElseThrow();
                        assertTrue(a.low() >= b.low() && a.high() >= b.high(),
                                model + ": " + b.low() + ".." + b.high() + " -> " + a.low() + ".." + a.high());
                    }
                });
    }
}
