package org.trdrules.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.trdrules.model.AddOn;
import org.trdrules.model.AddOnKind;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Episode;
import org.trdrules.model.Outcome;
import org.trdrules.model.Patient;
import org.trdrules.model.Severity;
import org.trdrules.model.Sex;
import org.trdrules.model.StopReason;

/**
 * Generates typical treatment histories for the benchmarks: one current episode, six antidepressant trials with
 * doses, dates or weeks, adherence and outcomes (a mix of adequate and inadequate trials) and one augmentation.
 * Deterministic for a given seed.
 */
final class Histories {

    /** Evaluation date used by every benchmark engine. */
    static final LocalDate EVALUATION_DATE = LocalDate.of(2026, 11, 1);

    /** Ingredient, catalogue minimum daily dose (mg), and a brand name that the normaliser resolves. */
    private static final String[][] DRUGS = {
        {"sertraline", "50", "Zoloft"},
        {"citalopram", "20", "Celexa"},
        {"escitalopram", "10", "Lexapro"},
        {"fluoxetine", "20", "Prozac"},
        {"paroxetine", "20", "Paxil"},
        {"venlafaxine", "150", "Effexor"},
        {"duloxetine", "60", "Cymbalta"},
        {"bupropion", "300", "Wellbutrin"},
        {"mirtazapine", "15", "Remeron"},
        {"vortioxetine", "10", "Trintellix"},
        {"nortriptyline", "75", "Pamelor"},
        {"amitriptyline", "150", "Elavil"},
    };

    /** Dose as a multiple of the minimum: below 1 is an inadequate dose. */
    private static final double[] DOSE_FACTORS = {0.5, 0.75, 1.0, 1.0, 1.5, 2.0};

    private static final Outcome[] OUTCOMES = {
        Outcome.NON_RESPONSE, Outcome.NON_RESPONSE, Outcome.PARTIAL_RESPONSE, Outcome.RESPONSE_LOST
    };

    private Histories() {}

    /** {@code n} distinct patients, each with one current episode, six trials and one augmentation. */
    static List<Patient> generate(int n, long seed) {
        return generate(n, seed, 6);
    }

    /**
     * {@code n} distinct patients with {@code trials} trials each (the drugs repeat after twelve); one augmentation
     * when there are at least two trials. With six trials this is exactly {@link #generate(int, long)}.
     */
    static List<Patient> generate(int n, long seed, int trials) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Patient> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(patient("p" + i, rnd, trials));
        }
        return out;
    }

    private static Patient patient(String id, SplittableRandom rnd, int trials) {
        // each trial with its gap spans at most ~130 days, so every date stays before the evaluation date
        LocalDate onset = EVALUATION_DATE.minusDays(150L * trials + rnd.nextInt(900));
        Episode episode = Episode.builder("e1")
                .onset(onset)
                .severity(Severity.values()[rnd.nextInt(Severity.values().length)])
                .current(true)
                .build();
        Patient.Builder p = Patient.builder(id)
                .ageYears(18 + rnd.nextInt(60))
                .sex(rnd.nextBoolean() ? Sex.FEMALE : Sex.MALE)
                .episode(episode);

        List<String[]> drugs = new ArrayList<>(List.of(DRUGS));
        Collections.shuffle(drugs, new java.util.Random(rnd.nextLong()));
        int augmented = Math.min(3 + rnd.nextInt(3), trials - 1); // on trial 4, 5 or 6 (or the last)
        LocalDate start = onset.plusDays(14 + rnd.nextInt(30));
        for (int t = 0; t < trials; t++) {
            String[] d = drugs.get(t % drugs.size());
            double min = Double.parseDouble(d[1]);
            double dose = Math.round(min * DOSE_FACTORS[rnd.nextInt(DOSE_FACTORS.length)] * 10) / 10.0;
            int weeks = 3 + rnd.nextInt(12); // 3-14 weeks: some too short
            AntidepressantTrial.Builder b = AntidepressantTrial.builder("t" + (t + 1), rnd.nextInt(5) == 0 ? d[2] : d[0])
                    .episodeId("e1")
                    .dailyDoseMg(dose)
                    .adherencePercent((double) (50 + 10 * rnd.nextInt(6))); // 50-100 %
            LocalDate end = start.plusWeeks(weeks);
            if (rnd.nextBoolean()) {
                b.start(start).end(end);
            } else {
                b.weeks((double) weeks);
            }
            if (rnd.nextInt(4) == 0) {
                b.improvementPercent((double) rnd.nextInt(60));
            } else {
                b.outcome(OUTCOMES[rnd.nextInt(OUTCOMES.length)]);
            }
            if (rnd.nextInt(6) == 0) {
                b.stopReason(StopReason.INTOLERANCE);
            }
            if (t == augmented && t > 0) {
                b.addOn(AddOn.builder("a1", "aripiprazole")
                        .kind(AddOnKind.AUGMENTATION)
                        .dailyDoseMg((double) (2 + rnd.nextInt(9)))
                        .weeks((double) (3 + rnd.nextInt(6)))
                        .outcome(Outcome.NON_RESPONSE)
                        .build());
            }
            p.trial(b.build());
            start = end.plusDays(7 + rnd.nextInt(21));
        }
        return p.build();
    }
}
