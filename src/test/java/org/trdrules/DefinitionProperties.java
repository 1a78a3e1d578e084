package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.TreatmentReview;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Outcome;
import org.trdrules.model.Patient;
import org.trdrules.props.Gen;
import org.trdrules.props.Property;
import org.trdrules.props.Property.Shrinker;
import org.trdrules.props.Shrink;

/** Monotonicity and consistency properties of the definitions over generated histories. */
class DefinitionProperties {

    private static final String[] DRUGS = {"sertraline", "fluoxetine", "citalopram", "venlafaxine", "duloxetine",
        "bupropion", "mirtazapine", "nortriptyline", "phenelzine", "vortioxetine", "wonderzine"};
    private static final String[] EPISODES = {"e1", "e0"};
    private static final Outcome[] OUTCOMES = Outcome.values();

    /**
     * A trial: four in ten from {@link #adequateFailure}, the others from {@link #anyTrial}.
     */
    static AntidepressantTrial trial(Random r) {
        return r.nextInt(10) < 4 ? adequateFailure(r) : anyTrial(r);
    }

    /**
     * A trial that is adequate and failed, or nearly so, so that the definitions are often MET and the "stays MET"
     * properties are put to the test: a dose of 150-400 mg, 6-20 weeks, adherence 80-100 %, improvement -20 to 30 %
     * (some above the EU-PEARL 25 %), no stated outcome or non-response, the current episode.
     */
    static AntidepressantTrial adequateFailure(Random r) {
        String drug = Gen.oneOf(r, DRUGS);
        return AntidepressantTrial.builder("x", drug).episodeId("e1").dailyDoseMg(150 + r.nextInt(251) * 1.0)
                .weeks(6 + r.nextInt(141) / 10.0).adherencePercent(80 + r.nextInt(21) * 1.0)
                .improvementPercent(-20 + r.nextInt(51) * 1.0).outcome(r.nextBoolean() ? null : Outcome.NON_RESPONSE)
                .build();
    }

    /**
     * A trial of one of {@link #DRUGS}: dose 0-400 mg and weeks 0-20 (one decimal, 10 % null), adherence 40-100 %
     * and improvement -20-100 % (whole numbers, 20 % null), a stated outcome (60 % null), episode e1 or e0 (10 %
     * null); no dates, stop reason or add-ons. The numbers come up near 0 (adherence near 40) more often, see
     * {@link Gen}.
     */
    static AntidepressantTrial anyTrial(Random r) {
        String drug = Gen.oneOf(r, DRUGS);
        Double dose = Gen.orNull(r, 0.1, x -> Gen.decimal(x, 0, 400, 1));
        Double weeks = Gen.orNull(r, 0.1, x -> Gen.decimal(x, 0, 20, 1));
        Double adherence = Gen.orNull(r, 0.2, x -> Gen.decimal(x, 40, 100, 0));
        Double improvement = Gen.orNull(r, 0.2, x -> Gen.decimal(x, -20, 100, 0));
        Outcome outcome = Gen.orNull(r, 0.6, x -> Gen.oneOf(x, OUTCOMES));
        String episode = Gen.orNull(r, 0.1, x -> Gen.oneOf(x, EPISODES));
        return AntidepressantTrial.builder("x", drug).episodeId(episode).dailyDoseMg(dose).weeks(weeks)
                .adherencePercent(adherence).improvementPercent(improvement).outcome(outcome).build();
    }

    /** 0 to 6 trials made by {@link #trial}. */
    static List<AntidepressantTrial> trials(Random r) {
        return Gen.listOf(r, 0, 6, DefinitionProperties::trial);
    }

    /** Shrinks a generated trial: each field nulled or moved towards its simplest value (the drug to sertraline). */
    static final Shrinker<AntidepressantTrial> TRIAL = Shrink.all(
            Shrink.field(AntidepressantTrial::drug, Shrink.choice(DRUGS), (t, v) -> copy(t, v, b -> b)),
            Shrink.field(AntidepressantTrial::dailyDoseMg, Shrink.nullable(Shrink.decimal(0, 400, 1)),
                    (t, v) -> copy(t, t.drug(), b -> b.dailyDoseMg(v))),
            Shrink.field(AntidepressantTrial::weeks, Shrink.nullable(Shrink.decimal(0, 20, 1)),
                    (t, v) -> copy(t, t.drug(), b -> b.weeks(v))),
            Shrink.field(AntidepressantTrial::adherencePercent, Shrink.nullable(Shrink.decimal(40, 100, 0)),
                    (t, v) -> copy(t, t.drug(), b -> b.adherencePercent(v))),
            Shrink.field(AntidepressantTrial::improvementPercent, Shrink.nullable(Shrink.decimal(-20, 100, 0)),
                    (t, v) -> copy(t, t.drug(), b -> b.improvementPercent(v))),
            Shrink.field(AntidepressantTrial::outcome, Shrink.nullable(Shrink.choice(OUTCOMES)),
                    (t, v) -> copy(t, t.drug(), b -> b.outcome(v))),
            Shrink.field(AntidepressantTrial::episodeId, Shrink.nullable(Shrink.choice(EPISODES)),
                    (t, v) -> copy(t, t.drug(), b -> b.episodeId(v))));

    /** Shrinks a generated list of trials: trials dropped, then each trial shrunk. */
    static final Shrinker<List<AntidepressantTrial>> TRIALS = Shrink.list(0, TRIAL);

    /** A copy of {@code t} with {@code drug}, then changed by {@code change}. */
    private static AntidepressantTrial copy(AntidepressantTrial t, String drug,
                                            UnaryOperator<AntidepressantTrial.Builder> change) {
        AntidepressantTrial.Builder b = AntidepressantTrial.builder(t.id(), drug).episodeId(t.episodeId())
                .dailyDoseMg(t.dailyDoseMg()).start(t.start()).end(t.end()).weeks(t.weeks())
                .adherencePercent(t.adherencePercent()).outcome(t.outcome()).improvementPercent(t.improvementPercent())
                .stopReason(t.stopReason()).doseOptimised(t.doseOptimised());
        t.addOns().forEach(b::addOn);
        return change.apply(b).build();
    }

    /** Trials and a drug for a failed adequate trial added to them. */
    record TrialsAndDrug(List<AntidepressantTrial> trials, String drug) {
        static Shrinker<TrialsAndDrug> shrinker(String... drugs) {
            return Shrink.both(TrialsAndDrug::trials, TRIALS, TrialsAndDrug::drug, Shrink.choice(drugs),
                    TrialsAndDrug::new);
        }
    }

    /** Trials and one more trial. */
    record TrialsAndExtra(List<AntidepressantTrial> trials, AntidepressantTrial extra) {
        static final Shrinker<TrialsAndExtra> SHRINKER = Shrink.both(TrialsAndExtra::trials, TRIALS,
                TrialsAndExtra::extra, TRIAL, TrialsAndExtra::new);
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

    @TestFactory
    Stream<DynamicTest> raisingADoseNeverMakesAnAdequateDoseInadequate() {
        return Property.forAll("DefinitionProperties#raisingADoseNeverMakesAnAdequateDoseInadequate", 300,
                        r -> new TrialsAndExtra(trials(r), trial(r)))
                .shrinkWith(TrialsAndExtra.SHRINKER)
                .check(c -> {
                    List<AntidepressantTrial> trials = c.trials();
                    AntidepressantTrial extra = c.extra();
                    List<AntidepressantTrial> before = new ArrayList<>(trials);
                    before.add(extra);
                    List<AntidepressantTrial> after = new ArrayList<>(trials);
                    double raised = (extra.dailyDoseMg() == null ? 0 : extra.dailyDoseMg()) + 50;
                    after.add(new AntidepressantTrial(extra.id(), extra.episodeId(), extra.drug(), raised,
                            extra.start(), extra.end(), extra.weeks(), extra.adherencePercent(), extra.outcome(),
                            extra.improvementPercent(), extra.stopReason(), extra.doseOptimised(), extra.addOns()));
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
                });
    }

    private static TreatmentReview last(Assessment a) {
        return a.treatments().get(a.treatments().size() - 1);
    }

    /** The drugs of the added failed trial. */
    private static final String[] FAILED_DRUGS = {"sertraline", "duloxetine", "nortriptyline", "phenelzine",
        "bupropion"};

    @TestFactory
    Stream<DynamicTest> addingAFailedAdequateTrialNeverTurnsMetIntoNotMet() {
        return Property.forAll("DefinitionProperties#addingAFailedAdequateTrialNeverTurnsMetIntoNotMet", 300,
                        r -> new TrialsAndDrug(trials(r), Gen.oneOf(r, FAILED_DRUGS)))
                .shrinkWith(TrialsAndDrug.shrinker(FAILED_DRUGS))
                .check(c -> {
                    Assessment before = assess(c.trials());
                    List<AntidepressantTrial> more = new ArrayList<>(c.trials());
                    more.add(Histories.failedTrial("x", c.drug(), 400).build());
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
                });
    }

    @TestFactory
    Stream<DynamicTest> twoClassesMetImpliesTwoAdequateTrialsMet() {
        return Property.forAll("DefinitionProperties#twoClassesMetImpliesTwoAdequateTrialsMet", 500,
                        DefinitionProperties::trials)
                .shrinkWith(TRIALS)
                .check(trials -> {
                    Assessment a = assess(trials);
                    if (a.requireDefinition("two-classes").verdict() == Verdict.MET) {
                        assertEquals(Verdict.MET, a.requireDefinition("two-adequate-trials").verdict());
                    }
                    if (a.requireDefinition("two-adequate-trials").verdict() == Verdict.NOT_MET) {
                        assertEquals(Verdict.NOT_MET, a.requireDefinition("two-classes").verdict());
                    }
                });
    }

    @TestFactory
    Stream<DynamicTest> assessmentIsAPureFunctionOfTheHistory() {
        return Property.forAll("DefinitionProperties#assessmentIsAPureFunctionOfTheHistory", 300,
                        DefinitionProperties::trials)
                .shrinkWith(TRIALS)
                .check(trials -> assertEquals(assess(trials), assess(trials)));
    }

    /** The generator reaches every verdict, so that the properties above are tested on MET histories too. */
    @org.junit.jupiter.api.Test
    void theGeneratorReachesEveryVerdict() {
        java.util.Map<Verdict, Integer> seen = new java.util.EnumMap<>(Verdict.class);
        Random r = new Random(20261201L);
        for (int i = 0; i < 200; i++) {
            for (DefinitionResult d : assess(trials(r)).definitions()) {
                seen.merge(d.verdict(), 1, Integer::sum);
            }
        }
        for (Verdict v : Verdict.values()) {
            org.junit.jupiter.api.Assertions.assertTrue(seen.getOrDefault(v, 0) >= 25, seen.toString());
        }
    }
}
