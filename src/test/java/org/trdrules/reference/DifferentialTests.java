package org.trdrules.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.EpisodeScope;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TreatmentKind;
import org.trdrules.assessment.Verdict;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;

/**
 * Differential test: the Drools engine against the plain-Java {@link ReferenceAssessor} on seeded random histories
 * ({@link HistoryGenerator}). Every definition's verdict, the set of counted treatment ids and each treatment's
 * counted verdict must agree, and so must every staging model's low and high stage or score and its status. On
 * failure the first disagreeing histories are printed with both answers.
 *
 * <p>Two properties are checked on the way, on engine and reference alike: the Maudsley total lies within 3-15 at
 * both ends; and on the first {@value #PROPERTY_HISTORIES} histories with a current episode, adding one certain
 * failed adequate antidepressant trial to that episode never lowers either end of Thase-Rush, the European staging
 * model, MGH-S or Maudsley.
 */
class DifferentialTests {

    private static final LocalDate DATE = LocalDate.of(2026, 11, 1);
    private static final long SEED = 20_261_101L;
    private static final int SHOWN = 5;
    private static final int PROPERTY_HISTORIES = 1_000;
    /** Models whose stage or score must not drop when one more certain failure is added. */
    private static final List<String> MONOTONE_MODELS = List.of("thase-rush", "european-staging", "mgh-s", "maudsley");


    @Test
    void engineAgreesWithReferenceOnDefaults() {
        run(TrdConfig.defaults(), SEED, 10_000, true);
    }

    @Test
    void engineAgreesWithReferenceOnCustomConfig() {
        DefinitionSpec custom = DefinitionSpec.builder("three-by-two-lifetime").name("3 failures, 2 classes, <30 %")
                .minFailures(3).minClasses(2).failureBelowPercent(30).minimumWeeks(5).scope(EpisodeScope.ANY_EPISODE)
                .counted(EnumSet.of(TreatmentKind.ANTIDEPRESSANT, TreatmentKind.AUGMENTATION, TreatmentKind.COMBINATION,
                        TreatmentKind.ECT, TreatmentKind.PSYCHOTHERAPY))
                .criterion("test variant").citation("differential test").build();
        TrdConfig config = TrdConfig.defaults()
                .withUnknownAdherence(TrdConfig.UnknownAdherence.INDETERMINATE)
                .withMinimumTrialWeeks(8)
                .withDefinition(custom);
        run(config, SEED + 1, 2_000, false);
    }

    /**
     * A definition whose failure threshold is 100 %: a treatment stated as RESPONSE may have improved by exactly
     * 100 % (not below 100 %), so it is not a certain failure. The rule failure-by-category treats the RESPONSE band
     * [50, 100] as if it were open at 100 and counts it (MET). Enable once the rule is fixed.
     */
    @Test
    void statedResponseIsNotACertainFailureBelowHundredPercent() {
        DefinitionSpec hundred = DefinitionSpec.builder("any-improvement-short-of-full").name("1 failure below 100 %")
                .minFailures(1).failureBelowPercent(100).minimumWeeks(4).scope(EpisodeScope.ANY_EPISODE)
                .counted(EnumSet.of(TreatmentKind.ANTIDEPRESSANT)).criterion("test variant")
                .citation("differential test").build();
        run(TrdConfig.defaults().withDefinition(hundred), SEED + 2, 2_000, false);
    }

    private static void run(TrdConfig config, long seed, int histories, boolean printDistribution) {
        DrugCatalog catalog = DrugCatalog.bundled();
        TrdEngine engine = TrdEngine.builder().config(config).evaluationDate(DATE).build();
        ReferenceAssessor reference = new ReferenceAssessor(config, catalog);
        HistoryGenerator gen = new HistoryGenerator(seed, DATE, catalog);

        Map<String, EnumMap<Verdict, Integer>> distribution = new LinkedHashMap<>();
        for (DefinitionSpec s : config.definitions()) {
            EnumMap<Verdict, Integer> m = new EnumMap<>(Verdict.class);
            for (Verdict v : Verdict.values()) {
                m.put(v, 0);
            }
            distribution.put(s.id(), m);
        }
        // per model: {low, high} to count, ordered by low then high
        Map<String, Map<List<Double>, Integer>> stageDistribution = new LinkedHashMap<>();
        for (String m : ReferenceAssessor.STAGING_MODELS) {
            stageDistribution.put(m, new TreeMap<>(Comparator.<List<Double>>comparingDouble(l -> l.get(0))
                    .thenComparingDouble(l -> l.get(1))));
        }
        List<String> propertyViolations = new ArrayList<>();
        int propertyChecked = 0;
        List<String> shown = new ArrayList<>();
        Map<String, Integer> disagreementsByDefinition = new LinkedHashMap<>();
        int disagreeing = 0;
        long engineNanos = 0;
        long referenceNanos = 0;
        for (int i = 0; i < histories; i++) {
            Patient p = gen.next(i);
            List<?> problems = p.validate(DATE);
            assertTrue(problems.isEmpty(), () -> "generator made an invalid history " + problems + "\n"
                    + HistoryGenerator.describe(p));
            long t0 = System.nanoTime();
            Assessment a = engine.assess(p);
            long t1 = System.nanoTime();
            ReferenceAssessor.Answer r = reference.assess(p, DATE);
            engineNanos += t1 - t0;
            referenceNanos += System.nanoTime() - t1;
            List<String> diffs = new ArrayList<>();
            for (DefinitionSpec s : config.definitions()) {
                DefinitionResult e = a.requireDefinition(s.id());
                ReferenceAssessor.DefinitionAnswer ref = r.definition(s.id());
                distribution.get(s.id()).merge(e.verdict(), 1, Integer::sum);
                Map<String, Verdict> engineCounted = new LinkedHashMap<>();
                for (TreatmentJudgement j : e.treatments()) {
                    engineCounted.put(j.treatmentId(), j.counted());
                }
                Set<String> engineIds = countedIds(e);
                if (e.verdict() != ref.verdict() || !engineIds.equals(ref.countedIds())
                        || !engineCounted.equals(ref.countedById())) {
                    disagreementsByDefinition.merge(s.id(), 1, Integer::sum);
                    diffs.add("  " + s.id() + ": engine " + e.verdict() + " counted " + engineCounted
                            + "\n  " + pad(s.id()) + "  reference " + ref.verdict() + " counted " + ref.countedById());
                }
            }
            { // the prescription-record phenotype, which is not a DefinitionSpec
                DefinitionResult e = a.requireDefinition("fabbri-2021");
                ReferenceAssessor.DefinitionAnswer ref = reference.switchPhenotype(p, DATE);
                distribution.computeIfAbsent(ref.id(), k -> new EnumMap<>(Verdict.class)).merge(e.verdict(), 1,
                        Integer::sum);
                Map<String, Verdict> engineCounted = new LinkedHashMap<>();
                for (TreatmentJudgement j : e.treatments()) {
                    engineCounted.put(j.treatmentId(), j.counted());
                }
                if (e.verdict() != ref.verdict() || !engineCounted.equals(ref.countedById())) {
                    disagreementsByDefinition.merge(ref.id(), 1, Integer::sum);
                    diffs.add("  " + ref.id() + ": engine " + e.verdict() + " counted " + engineCounted
                            + "\n  " + pad(ref.id()) + "  reference " + ref.verdict() + " counted " + ref.countedById());
                }
            }
            for (String m : ReferenceAssessor.STAGING_MODELS) {
                StagingResult e = a.stage(m).orElse(null);
                ReferenceAssessor.StageAnswer ref = r.stage(m);
                if (e != null) {
                    stageDistribution.get(m).merge(List.of(e.low(), e.high()), 1, Integer::sum);
                }
                if (e == null || !agrees(e, ref)) {
                    disagreementsByDefinition.merge(m, 1, Integer::sum);
                    diffs.add("  " + m + ": engine " + (e == null ? "missing"
                            : range(e.low(), e.high()) + " " + e.status() + " " + e.items())
                            + "\n  " + pad(m) + "  reference " + range(ref.low(), ref.high()) + " " + ref.status());
                }
            }
            maudsleyWithinScale(p, "engine", a.stage("maudsley").map(StagingResult::low).orElse(Double.NaN),
                    a.stage("maudsley").map(StagingResult::high).orElse(Double.NaN), propertyViolations);
            maudsleyWithinScale(p, "reference", r.stage("maudsley").low(), r.stage("maudsley").high(),
                    propertyViolations);
            Episode current = ReferenceAssessor.currentEpisode(p.episodes());
            if (i < PROPERTY_HISTORIES && current != null) {
                propertyChecked++;
                Patient more = withOneMoreFailure(p, current);
                List<?> moreProblems = more.validate(DATE);
                assertTrue(moreProblems.isEmpty(), () -> "property history invalid " + moreProblems);
                Assessment a2 = engine.assess(more);
                ReferenceAssessor.Answer r2 = reference.assess(more, DATE);
                for (String m : MONOTONE_MODELS) {
                    StagingResult before = a.stage(m).orElseThrow();
                    StagingResult after = a2.stage(m).orElseThrow();
                    if (after.low() < before.low() || after.high() < before.high()) {
                        propertyViolations.add(p.id() + " engine " + m + " dropped from "
                                + range(before.low(), before.high()) + " to " + range(after.low(), after.high())
                                + " with one more failure");
                    }
                    ReferenceAssessor.StageAnswer rb = r.stage(m);
                    ReferenceAssessor.StageAnswer ra = r2.stage(m);
                    if (ra.low() < rb.low() || ra.high() < rb.high()) {
                        propertyViolations.add(p.id() + " reference " + m + " dropped from "
                                + range(rb.low(), rb.high()) + " to " + range(ra.low(), ra.high())
                                + " with one more failure");
                    }
                }
            }
            if (!diffs.isEmpty()) {
                disagreeing++;
                if (shown.size() < SHOWN) {
                    shown.add(HistoryGenerator.describe(p) + String.join("\n", diffs) + "\n" + reviews(a));
                }
            }
        }
        // informational only; never asserted
        System.out.println("differential: " + histories + " histories, " + disagreeing + " disagreeing; engine "
                + engineNanos / 1_000_000 + " ms, reference " + referenceNanos / 1_000_000 + " ms; seed " + seed);
        if (printDistribution) {
            distribution.forEach((id, m) -> System.out.println("  " + pad(id) + " " + m));
            System.out.println("  staging (engine; low..high when undecided):");
            stageDistribution.forEach((id, m) -> {
                StringJoiner j = new StringJoiner(", ", "{", "}");
                m.forEach((k, n) -> j.add(stageKey(id, k.get(0), k.get(1)) + "=" + n));
                System.out.println("  " + pad(id) + " " + j);
            });
        }
        System.out.println("  properties: Maudsley within 3-15 on " + histories + " histories; monotone under one more"
                + " failure on " + propertyChecked + "; " + propertyViolations.size() + " violations");
        int total = disagreeing;
        assertEquals(0, total, () -> total + " of " + histories + " histories disagree (by definition: "
                + disagreementsByDefinition + "); first " + shown.size() + ":\n" + String.join("\n", shown));
        List<String> violations = propertyViolations;
        assertTrue(violations.isEmpty(), () -> violations.size() + " property violations; first "
                + String.join("\n", violations.subList(0, Math.min(SHOWN * 2, violations.size()))));
    }

    private static boolean agrees(StagingResult e, ReferenceAssessor.StageAnswer ref) {
        return e.low() == ref.low() && e.high() == ref.high() && e.status() == ref.status();
    }

    /** The history plus one certain failed adequate antidepressant trial in the given (current) episode. */
    private static Patient withOneMoreFailure(Patient p, Episode current) {
        Patient.Builder b = Patient.builder(p.id()).ageYears(p.ageYears()).birthDate(p.birthDate()).sex(p.sex())
                .pregnant(p.pregnant());
        p.conditions().forEach(b::condition);
        p.episodes().forEach(b::episode);
        p.trials().forEach(b::trial);
        b.trial(AntidepressantTrial.builder("property-extra-trial", "bupropion").dailyDoseMg(450.0)
                .episodeId(current.id()).weeks(12.0).adherencePercent(100.0).improvementPercent(0.0).build());
        p.procedures().forEach(b::procedure);
        p.psychotherapies().forEach(b::psychotherapy);
        p.measurements().forEach(b::measurement);
        return b.build();
    }

    private static void maudsleyWithinScale(Patient p, String who, double low, double high, List<String> out) {
        if (!(low >= 3 && low <= 15 && high >= 3 && high <= 15 && low <= high)) {
            out.add(p.id() + " " + who + " maudsley total " + range(low, high) + " outside 3-15");
        }
    }

    private static final String[] THASE_RUSH = {"0", "I", "II", "III", "IV", "V"};
    private static final String[] EUROPEAN = {"none", "NR", "TRD1", "TRD2", "TRD3", "TRD4", "TRD5", "CRD"};

    /** A distribution key: the stage label or score, or "low..high" when undecided. */
    private static String stageKey(String model, double low, double high) {
        String lo = label(model, low);
        return low == high ? lo : lo + ".." + label(model, high);
    }

    private static String label(String model, double v) {
        int i = (int) v;
        if ("thase-rush".equals(model) && i == v && i >= 0 && i < THASE_RUSH.length) {
            return THASE_RUSH[i];
        }
        if ("european-staging".equals(model) && i == v && i >= 0 && i < EUROPEAN.length) {
            return EUROPEAN[i];
        }
        return num(v);
    }

    private static String range(double low, double high) {
        return low == high ? num(low) : num(low) + ".." + num(high);
    }

    private static String num(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static Set<String> countedIds(DefinitionResult d) {
        Set<String> s = new LinkedHashSet<>();
        for (TreatmentJudgement j : d.treatments()) {
            if (j.counted() == Verdict.MET) {
                s.add(j.treatmentId());
            }
        }
        return s;
    }

    private static String reviews(Assessment a) {
        StringBuilder sb = new StringBuilder("  engine review:\n");
        a.treatments().forEach(t -> sb.append("    ").append(t.id()).append(' ').append(t.kind()).append(" dose=")
                .append(t.dose()).append(" adh=").append(t.adherence()).append(" ep=").append(t.currentEpisode())
                .append(" weeks=").append(t.weeks()).append(" outcome=").append(t.outcome()).append(" pct=")
                .append(t.improvementPercent()).append('\n'));
        return sb.toString();
    }

    private static String pad(String s) {
        return String.format("%-22s", s);
    }
}
