package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.StagingResult;
import org.trdrules.model.AntidepressantTrial;

/** Staging over generated histories: bounded totals and no stage drop when a failure is added. */
class StagingProperties {

    private final DefinitionProperties gen = new DefinitionProperties();

    @Provide
    Arbitrary<List<AntidepressantTrial>> trials() {
        return gen.trials();
    }

    @Provide
    Arbitrary<String> drug() {
        return Arbitraries.of("sertraline", "duloxetine", "nortriptyline", "phenelzine", "bupropion", "mirtazapine");
    }

    @Property(tries = 300)
    void maudsleyTotalIsAlwaysWithinThreeToFifteen(@ForAll("trials") List<AntidepressantTrial> trials) {
        StagingResult m = Vignettes.engine().assess(DefinitionProperties.history(trials)).stage("maudsley").orElseThrow();
        assertTrue(m.low() >= 3 && m.high() <= 15 && m.low() <= m.high(), m.low() + ".." + m.high());
    }

    @Property(tries = 300)
    void stagesAndScoresNeverDropWhenAFailedAdequateTrialIsAdded(@ForAll("trials") List<AntidepressantTrial> trials,
                                                                 @ForAll("drug") String drug) {
        Assessment before = Vignettes.engine().assess(DefinitionProperties.history(trials));
        List<AntidepressantTrial> more = new ArrayList<>(trials);
        more.add(Histories.failedTrial("x", drug, 450).build());
        Assessment after = Vignettes.engine().assess(DefinitionProperties.history(more));
        for (String model : List.of("thase-rush", "european-staging", "mgh-s", "maudsley")) {
            StagingResult b = before.stage(model).orElseThrow();
            StagingResult a = after.stage(model).orElseThrow();
            assertTrue(a.low() >= b.low() && a.high() >= b.high(),
                    model + ": " + b.low() + ".." + b.high() + " -> " + a.low() + ".." + a.high());
        }
    }
}
