package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.TreatmentReview;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Outcome;
import org.trdrules.model.Patient;

/** Monotonicity and consistency properties of the definitions over generated histories. */
class DefinitionProperties {

    private static final String[] DRUGS = {"sertraline", "fluoxetine", "citalopram", "venlafaxine", "duloxetine",
        "bupropion", "mirtazapine", "nortriptyline", "phenelzine", "vortioxetine", "wonderzine"};

    @Provide
    Arbitrary<AntidepressantTrial> trial() {
        return Combinators.combine(
                Arbitraries.of(DRUGS),
                Arbitraries.doubles().between(0, 400).ofScale(1).injectNull(0.1),
                Arbitraries.doubles().between(0, 20).ofScale(1).injectNull(0.1),
                Arbitraries.doubles().between(40, 100).ofScale(0).injectNull(0.2),
                Arbitraries.doubles().between(-20, 100).ofScale(0).injectNull(0.2),
                Arbitraries.of(Outcome.class).injectNull(0.6),
                Arbitraries.of("e1", "e0").injectNull(0.1))
                .as((drug, dose, weeks, adherence, improvement, outcome, episode) ->
                        AntidepressantTrial.builder("x", drug).episodeId(episode).dailyDoseMg(dose).weeks(weeks)
                                .adherencePercent(adherence).improvementPercent(improvement).outcome(outcome).build());
    }

    @Provide
    Arbitrary<List<AntidepressantTrial>> trials() {
        return trial().list().ofMinSize(0).ofMaxSize(6);
    }

    static Patient history(List<AntidepressantTrial> trials) {
        Patient.Builder b = Patient.builder("p")
                .episode(org.trdrules.model.Episode.builder("e0").onset(java.time.LocalDate.of(2019, 1, 1))
                        .end(java.time.LocalDate.of(2019, 12, 1)).build())
                .episode(org.trdrules.model.Episode.builder("e1").onset(java.time.LocalDate.of(2025, 1, 1))
                        .current(true).build());
        int i = 0;
        for (AntidepressantTrial t : trials) {
            b.trial(new AntidepressantTrial("t" + i++, t.episodeId(), t.drug(), t.dailyDoseMg(), t.start(), t.end(),
                    t.weeks(), t.adherencePercent(), t.outcome(), t.improvementPercent(), t.stopReason(),
                    t.doseOptimised(), t.addOns()));
        }
        return b.build();
    }

    private static Assessment assess(List<AntidepressantTrial> trials) {
        return Vignettes.engine().assess(history(trials));
    }

    @Property(tries = 300)
    void raisingADoseNeverMakesAnAdequateDoseInadequate(@ForAll("trials") List<AntidepressantTrial> trials,
                                                        @ForAll("trial") AntidepressantTrial extra) {
        List<AntidepressantTrial> before = new ArrayList<>(trials);
        before.add(extra);
        List<AntidepressantTrial> after = new ArrayList<>(trials);
        double raised = (extra.dailyDoseMg() == null ? 0 : extra.dailyDoseMg()) + 50;
        after.add(new AntidepressantTrial(extra.id(), extra.episodeId(), extra.drug(), raised, extra.start(),
                extra.end(), extra.weeks(), extra.adherencePercent(), extra.outcome(), extra.improvementPercent(),
                extra.stopReason(), extra.doseOptimised(), extra.addOns()));
        TreatmentReview b = last(assess(before));
        TreatmentReview a = last(assess(after));
        if (b.dose() == Verdict.MET) {
            assertEquals(Verdict.MET, a.dose());
        }
        for (DefinitionResult d : assess(before).definitions()) {
            if (d.verdict() == Verdict.MET) {
                assertEquals(Verdict.MET, assess(after).requireDefinition(d.id()).verdict(), d.id());
            }
        }
    }

    private static TreatmentReview last(Assessment a) {
        return a.treatments().get(a.treatments().size() - 1);
    }

    @Property(tries = 300)
    void addingAFailedAdequateTrialNeverTurnsMetIntoNotMet(@ForAll("trials") List<AntidepressantTrial> trials,
                                                          @ForAll("drug") String drug) {
        Assessment before = assess(trials);
        List<AntidepressantTrial> more = new ArrayList<>(trials);
        more.add(Histories.failedTrial("x", drug, 400).build());
        Assessment after = assess(more);
        for (DefinitionResult d : before.definitions()) {
            Verdict now = after.requireDefinition(d.id()).verdict();
            if (d.verdict() == Verdict.MET) {
                assertEquals(Verdict.MET, now, d.id());
            }
            if (d.verdict() == Verdict.INDETERMINATE) {
                assertNotEquals(Verdict.NOT_MET, now, d.id());
            }
        }
    }

    @Provide
    Arbitrary<String> drug() {
        return Arbitraries.of("sertraline", "duloxetine", "nortriptyline", "phenelzine", "bupropion");
    }

    @Property(tries = 500)
    void twoClassesMetImpliesTwoAdequateTrialsMet(@ForAll("trials") List<AntidepressantTrial> trials) {
        Assessment a = assess(trials);
        if (a.requireDefinition("two-classes").verdict() == Verdict.MET) {
            assertEquals(Verdict.MET, a.requireDefinition("two-adequate-trials").verdict());
        }
        if (a.requireDefinition("two-adequate-trials").verdict() == Verdict.NOT_MET) {
            assertEquals(Verdict.NOT_MET, a.requireDefinition("two-classes").verdict());
        }
    }

    @Property(tries = 300)
    void assessmentIsAPureFunctionOfTheHistory(@ForAll("trials") List<AntidepressantTrial> trials) {
        assertEquals(assess(trials), assess(trials));
    }
}
