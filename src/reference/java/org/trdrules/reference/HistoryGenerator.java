package org.trdrules.reference;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;
import org.trdrules.catalog.Drug;
import org.trdrules.catalog.DrugClass;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.AddOn;
import org.trdrules.model.AddOnKind;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.EctLaterality;
import org.trdrules.model.Episode;
import org.trdrules.model.Instrument;
import org.trdrules.model.Measurement;
import org.trdrules.model.Outcome;
import org.trdrules.model.Patient;
import org.trdrules.model.Procedure;
import org.trdrules.model.ProcedureType;
import org.trdrules.model.Psychotherapy;
import org.trdrules.model.PsychotherapyType;
import org.trdrules.model.Severity;
import org.trdrules.model.StopReason;

/**
 * Seeded random, always valid, synthetic treatment histories that sit on the rules' boundaries: doses at, just under
 * and above each drug's minimum; weeks around 4 and 6; adherence around 80; improvement around 25 and 50; ECT
 * sessions around 6 and psychotherapy sessions around 8; score pairs that straddle the remission thresholds and the
 * baseline window; episodes flagged, open or dated; episode references and date-only placement. Not thread-safe:
 * one generator per thread. The same seed always gives the same histories.
 *
 * <p>Staging inputs come from a second random stream, so the definition-level histories stay as they were: every
 * episode gets a severity (each value or none) and psychotic features (true, false or none), and some histories
 * get a "staging block" of mostly adequate, mostly failed trials in the current episode (TCAs, MAOIs and other
 * classes, some with a combination or augmentation, dose optimised or not) and sometimes an ECT course of any or no
 * recorded laterality, so that the upper stages (Thase-Rush IV and V, European TRD4 to CRD) are reached.
 */
public final class HistoryGenerator {

    private static final double[] WEEKS = {3.9, 4, 4.1, 5.9, 6, 6.1, 7.9, 8, 8.1, 2, 12, 0};
    private static final int[] DAYS = {27, 28, 29, 41, 42, 43, 55, 56, 57, 7, 90, 0, 200};
    private static final double[] ADHERENCE = {79.9, 80, 80.1, 50, 100, 0, 95};
    private static final double[] IMPROVEMENT = {24.9, 25, 25.1, 29.9, 30, 30.1, 49.9, 50, 50.1, 0, -20, 10, 75, 100};
    private static final int[] ECT_SESSIONS = {5, 6, 7, 0, 12};
    private static final int[] PSY_SESSIONS = {7, 8, 9, 0, 16};
    private static final String[] UNKNOWN_DRUGS = {"zorbaxetine", "Placebolin", "vitamin d"};

    private final Random rnd;
    /** Second stream for the staging inputs; keeps {@link #rnd}'s sequence unchanged. */
    private final Random extra;
    /** Third stream for how a trial continues (ongoing flags, planned ends); keeps the other two unchanged. */
    private final Random continuation;
    private final List<Drug> tcas = new ArrayList<>();
    private final List<Drug> maois = new ArrayList<>();
    private final List<Drug> augmentersWithDose = new ArrayList<>();
    private final LocalDate today;
    private final List<Drug> antidepressants = new ArrayList<>();
    private final List<Drug> augmenters = new ArrayList<>();
    /** Per history: how often a field takes an "adequate, failed" value instead of a boundary value. */
    private double tidy;
    private String currentId;

    public HistoryGenerator(long seed, LocalDate evaluationDate, DrugCatalog catalog) {
        this.rnd = new Random(seed);
        this.extra = new Random(seed * 31 + 7);
        this.continuation = new Random(seed * 131 + 17);
        this.today = evaluationDate;
        for (Drug d : catalog.drugs()) {
            (d.antidepressant() ? antidepressants : augmenters).add(d);
            if (d.antidepressant() && d.minDailyDoseMg().value() != null) {
                if (d.drugClass() == DrugClass.TCA) {
                    tcas.add(d);
                } else if (d.drugClass() == DrugClass.MAOI) {
                    maois.add(d);
                }
            }
            if (!d.antidepressant() && d.minDailyDoseMg().value() != null) {
                augmentersWithDose.add(d);
            }
        }
    }

    /** The next history; its id is {@code "p" + index}. */
    public Patient next(int index) {
        Patient.Builder b = Patient.builder("p" + index).ageYears(18 + rnd.nextInt(70));
        tidy = chance(0.4) ? 0.5 + 0.4 * rnd.nextDouble() : 0;
        List<Episode> episodes = episodes();
        currentId = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1).id();
        episodes.forEach(b::episode);
        List<Measurement> ms = new ArrayList<>();
        int trials = rnd.nextInt(9);
        for (int i = 1; i <= trials; i++) {
            b.trial(trial("t" + i, episodes, ms));
        }
        Episode current = ReferenceAssessor.currentEpisode(episodes);
        boolean stagingBlock = extra.nextDouble() < 0.2;
        if (stagingBlock) {
            int n = 1 + extra.nextInt(7);
            for (int i = 1; i <= n; i++) {
                b.trial(stagingTrial("s" + i, current, episodes));
            }
        }
        int procs = chance(0.35) ? 1 + rnd.nextInt(2) : 0;
        for (int i = 1; i <= procs; i++) {
            b.procedure(procedure("x" + i, episodes, ms));
        }
        if (stagingBlock && extra.nextDouble() < 0.5) {
            b.procedure(stagingEct("xs1", current, episodes));
        }
        int psy = chance(0.3) ? 1 + rnd.nextInt(2) : 0;
        for (int i = 1; i <= psy; i++) {
            b.psychotherapy(psychotherapy("y" + i, episodes, ms));
        }
        ms.forEach(b::measurement);
        return b.build();
    }

    // ---- episodes ------------------------------------------------------------------------------------------------

    private List<Episode> episodes() {
        int n = rnd.nextInt(4);
        List<Episode> l = new ArrayList<>();
        LocalDate onset = today.minusDays(600 + rnd.nextInt(2000));
        int flagged = n > 0 && chance(0.4) ? rnd.nextInt(n) : -1;
        for (int i = 0; i < n; i++) {
            boolean last = i == n - 1;
            LocalDate end = null;
            if (!last || chance(0.25)) {
                // earlier episodes mostly end; sometimes one stays open (ambiguous current episode)
                end = chance(0.15) ? null : min(onset.plusDays(30 + rnd.nextInt(300)), today);
            }
            Episode.Builder e = Episode.builder("e" + (i + 1))
                    .onset(chance(0.08) ? null : onset).end(end);
            int sev = extra.nextInt(Severity.values().length + 1);
            e.severity(sev == Severity.values().length ? null : Severity.values()[sev]);
            int psy = extra.nextInt(3);
            e.psychoticFeatures(psy == 0 ? null : psy == 1);
            if (i == flagged) {
                e.current(true);
            } else if (chance(0.2)) {
                e.current(false);
            }
            l.add(e.build());
            LocalDate next = (end != null ? end : onset).plusDays(20 + rnd.nextInt(300));
            onset = min(next, today.minusDays(rnd.nextInt(120)));
        }
        return l;
    }

    // ---- treatments ----------------------------------------------------------------------------------------------

    /**
     * How a trial continues, from its own stream: one in eight marked not ongoing (without an end: stopped on an
     * unrecorded date), one in ten with a planned end after the evaluation date instead of an end today or an open
     * end, one in ten of the open ones marked ongoing. Never a conflict (ongoing with an end before today).
     */
    private void continuation(AntidepressantTrial.Builder t, LocalDate[] period) {
        int c = continuation.nextInt(40);
        LocalDate end = period[1];
        if (c < 5) {
            t.ongoing(Boolean.FALSE);
        } else if (c < 9 && period[0] != null && (end == null || end.equals(today))) {
            t.end(today.plusDays(1 + continuation.nextInt(120)));
        } else if (c < 13 && end == null) {
            t.ongoing(Boolean.TRUE);
        }
    }

    private AntidepressantTrial trial(String id, List<Episode> episodes, List<Measurement> ms) {
        Drug d = chance(0.9) ? pick(antidepressants) : chance(0.5) ? pick(augmenters) : null;
        AntidepressantTrial.Builder t = AntidepressantTrial.builder(id, drugName(d));
        t.dailyDoseMg(dose(d)).episodeId(episodeRef(episodes)).adherencePercent(adherence());
        LocalDate[] period = period(t::weeks, episodes);
        t.start(period[0]).end(period[1]);
        continuation(t, period);
        outcome(t::outcome, t::improvementPercent, period[0], period[1], ms);
        t.stopReason(stopReason());
        if (chance(0.2)) {
            t.doseOptimised(rnd.nextBoolean());
        }
        int addOns = chance(0.25) ? 1 + rnd.nextInt(2) : 0;
        for (int j = 1; j <= addOns; j++) {
            t.addOn(addOn(id + "a" + j, period[0], period[1], ms));
        }
        return t.build();
    }

    private AddOn addOn(String id, LocalDate baseStart, LocalDate baseEnd, List<Measurement> ms) {
        int which = rnd.nextInt(10);
        Drug d = which < 6 ? pick(augmenters) : which < 9 ? pick(antidepressants) : null;
        AddOn.Builder a = AddOn.builder(id, drugName(d));
        int k = rnd.nextInt(4);
        a.kind(k == 0 ? AddOnKind.AUGMENTATION : k == 1 ? AddOnKind.COMBINATION : null);
        a.dailyDoseMg(dose(d)).adherencePercent(adherence()).stopReason(stopReason());
        LocalDate start = null;
        LocalDate end = null;
        switch (chance(tidy) ? 0 : rnd.nextInt(5)) {
            case 0 -> a.weeks(chance(tidy) ? 4.0 + rnd.nextInt(8) : WEEKS[rnd.nextInt(WEEKS.length)]);
            case 1 -> { } // no duration recorded
            case 2 -> {
                // an end without a start: the add-on starts with its trial (validation rejects an end before it)
                LocalDate around = baseStart != null ? baseStart : today.minusDays(200);
                end = min(around.plusDays(rnd.nextInt(120)), today);
            }
            default -> {
                if (baseStart != null) {
                    LocalDate limit = baseEnd != null ? baseEnd : today;
                    start = min(baseStart.plusDays(rnd.nextInt(30)), limit);
                    end = chance(0.3) ? null : min(start.plusDays(DAYS[rnd.nextInt(DAYS.length)]), today);
                } else {
                    start = today.minusDays(20 + rnd.nextInt(400));
                    end = chance(0.3) ? null : min(start.plusDays(DAYS[rnd.nextInt(DAYS.length)]), today);
                }
            }
        }
        a.start(start).end(end);
        outcome(a::outcome, a::improvementPercent, start, end, ms);
        return a.build();
    }

    /**
     * A trial of the staging block: in the current episode (by reference, or by a start date inside it, or
     * sometimes not placed), mostly adequate and failed, a TCA, an MAOI or another antidepressant.
     */
    private AntidepressantTrial stagingTrial(String id, Episode current, List<Episode> episodes) {
        int c = extra.nextInt(10);
        Drug d = c < 3 ? tcas.get(extra.nextInt(tcas.size())) : c < 6 ? maois.get(extra.nextInt(maois.size()))
                : antidepressants.get(extra.nextInt(antidepressants.size()));
        AntidepressantTrial.Builder t = AntidepressantTrial.builder(id, d.ingredient());
        Double min = d.minDailyDoseMg().value();
        int r = extra.nextInt(10);
        t.dailyDoseMg(min == null || r == 0 ? null : r == 1 ? min / 2 : min * (1 + extra.nextInt(2)));
        placeInCurrent(t::episodeId, t::start, current, episodes);
        double[] weeks = {6, 8, 12, 16, 5.9, 10, 20, 26};
        t.weeks(extra.nextInt(12) == 0 ? null : weeks[extra.nextInt(weeks.length)]);
        t.adherencePercent(extra.nextInt(6) == 0 ? Double.valueOf(50) : extra.nextBoolean() ? null : Double.valueOf(90));
        int o = extra.nextInt(10);
        if (o < 6) {
            t.improvementPercent(o < 3 ? 0.0 : 20.0);
        } else if (o == 6) {
            t.improvementPercent(49.9);
        } else if (o == 7) {
            t.outcome(Outcome.NON_RESPONSE);
        } else if (o == 8) {
            t.improvementPercent(60.0);
        } // else: no outcome recorded
        int opt = extra.nextInt(3);
        t.doseOptimised(opt == 0 ? null : opt == 1);
        if (extra.nextInt(5) == 0) {
            boolean combination = extra.nextBoolean();
            Drug a = combination ? antidepressants.get(extra.nextInt(antidepressants.size()))
                    : augmentersWithDose.get(extra.nextInt(augmentersWithDose.size()));
            AddOn.Builder x = AddOn.builder(id + "a1", a.ingredient())
                    .kind(combination ? AddOnKind.COMBINATION : AddOnKind.AUGMENTATION)
                    .dailyDoseMg(a.minDailyDoseMg().value() == null ? null : a.minDailyDoseMg().value())
                    .weeks(extra.nextInt(4) == 0 ? null : 4.0 + extra.nextInt(8))
                    .adherencePercent(90.0)
                    .improvementPercent(extra.nextBoolean() ? 10.0 : 55.0);
            t.addOn(x.build());
        }
        return t.build();
    }

    /** An ECT course of the staging block: in the current episode, any or no laterality, mostly failed. */
    private Procedure stagingEct(String id, Episode current, List<Episode> episodes) {
        Procedure.Builder x = Procedure.builder(id, ProcedureType.ECT);
        placeInCurrent(x::episodeId, x::start, current, episodes);
        int[] sessions = {10, 12, 6, 4};
        x.sessions(extra.nextInt(8) == 0 ? null : Integer.valueOf(sessions[extra.nextInt(sessions.length)]));
        int l = extra.nextInt(EctLaterality.values().length + 2);
        // BILATERAL twice as often as each other placement; the last slot is "not recorded"
        x.laterality(l == EctLaterality.values().length + 1 ? null
                : l == EctLaterality.values().length ? EctLaterality.BILATERAL : EctLaterality.values()[l]);
        int o = extra.nextInt(5);
        if (o < 3) {
            x.improvementPercent(o == 0 ? 0.0 : 30.0);
        } else if (o == 3) {
            x.outcome(Outcome.NON_RESPONSE);
        }
        return x.build();
    }

    /** By reference to the current episode, by a start date inside it, or (rarely) not placed at all. */
    private void placeInCurrent(Setter<String> episodeId, Setter<LocalDate> start, Episode current,
                                List<Episode> episodes) {
        int r = extra.nextInt(10);
        if (current != null && r < 7) {
            episodeId.set(current.id());
        } else if (current != null && current.onset() != null && r < 9) {
            LocalDate last = current.end() != null ? current.end() : today;
            long span = Math.max(0, last.toEpochDay() - current.onset().toEpochDay());
            start.set(current.onset().plusDays(span == 0 ? 0 : extra.nextLong(span + 1)));
        } else if (!episodes.isEmpty() && r == 9) {
            episodeId.set(episodes.get(extra.nextInt(episodes.size())).id());
        }
    }

    private Procedure procedure(String id, List<Episode> episodes, List<Measurement> ms) {
        ProcedureType type = chance(0.8) ? ProcedureType.ECT : pick(List.of(ProcedureType.values()));
        Procedure.Builder x = Procedure.builder(id, type).episodeId(episodeRef(episodes));
        x.sessions(chance(tidy) ? Integer.valueOf(10) : chance(0.15) ? null : Integer.valueOf(ECT_SESSIONS[rnd.nextInt(ECT_SESSIONS.length)]));
        x.laterality(chance(0.3) ? null : pick(List.of(EctLaterality.values())));
        LocalDate[] period = period(w -> { }, episodes);
        x.start(period[0]).end(period[1]);
        outcome(x::outcome, x::improvementPercent, period[0], period[1], ms);
        x.stopReason(stopReason());
        return x.build();
    }

    private Psychotherapy psychotherapy(String id, List<Episode> episodes, List<Measurement> ms) {
        Psychotherapy.Builder x = Psychotherapy.builder(id, chance(0.2) ? null : pick(List.of(PsychotherapyType.values())))
                .episodeId(episodeRef(episodes));
        x.sessions(chance(tidy) ? Integer.valueOf(12) : chance(0.15) ? null : Integer.valueOf(PSY_SESSIONS[rnd.nextInt(PSY_SESSIONS.length)]));
        LocalDate[] period = period(w -> { }, episodes);
        x.start(period[0]).end(period[1]);
        outcome(x::outcome, x::improvementPercent, period[0], period[1], ms);
        return x.build();
    }

    // ---- fields --------------------------------------------------------------------------------------------------

    private String drugName(Drug d) {
        if (d == null) {
            return pick(List.of(UNKNOWN_DRUGS));
        }
        int r = rnd.nextInt(10);
        if (r == 0 && !d.brandNames().isEmpty()) {
            return pick(d.brandNames());
        }
        if (r == 1 && !d.brandNames().isEmpty()) {
            return pick(d.brandNames()).toUpperCase(Locale.ROOT);
        }
        if (r == 2) {
            return "  " + d.ingredient().toUpperCase(Locale.ROOT) + " ";
        }
        if (r == 3 && d.atcCode() != null) {
            return d.atcCode();
        }
        if (r == 4 && d.rxcui() != null) {
            return d.rxcui();
        }
        return d.ingredient();
    }

    private Double dose(Drug d) {
        Double min = d == null ? null : d.minDailyDoseMg().value();
        if (min != null && chance(tidy)) {
            return min * (1 + rnd.nextInt(2));
        }
        int r = rnd.nextInt(10);
        if (r == 0) {
            return null;
        }
        if (min == null) {
            return (double) (5 * (1 + rnd.nextInt(60)));
        }
        return switch (r) {
            case 1, 2, 3 -> min;
            case 4 -> min - Math.min(0.5, min / 10); // just under
            case 5 -> min / 2;
            case 6 -> 0.0;
            default -> min * (1 + rnd.nextInt(3)) + (rnd.nextBoolean() ? 0.5 : 0);
        };
    }

    private Double adherence() {
        if (chance(tidy)) {
            return chance(0.5) ? null : 90.0;
        }
        return chance(0.3) ? null : ADHERENCE[rnd.nextInt(ADHERENCE.length)];
    }

    private StopReason stopReason() {
        if (chance(tidy)) {
            return null;
        }
        int r = rnd.nextInt(10);
        return r == 0 ? StopReason.INTOLERANCE : r < 3 ? pick(List.of(StopReason.values())) : null;
    }

    private String episodeRef(List<Episode> episodes) {
        if (!episodes.isEmpty() && chance(tidy)) {
            return currentId; // the last episode; usually, not always, the current one
        }
        if (episodes.isEmpty() || chance(0.55)) {
            return null;
        }
        return pick(episodes).id();
    }

    /** Start and end of a treatment (either may be null); recorded weeks go to {@code weeks}. */
    private LocalDate[] period(java.util.function.Consumer<Double> weeks, List<Episode> episodes) {
        if (chance(tidy)) {
            weeks.accept(6.0 + rnd.nextInt(10));
            return new LocalDate[] {null, null};
        }
        int r = rnd.nextInt(10);
        if (r < 2) {
            weeks.accept(chance(0.1) ? null : WEEKS[rnd.nextInt(WEEKS.length)]);
            if (r == 0) {
                return new LocalDate[] {null, null};
            }
            // weeks recorded as well as a start date: the recorded weeks win
        }
        if (r == 2) {
            return new LocalDate[] {null, null};
        }
        LocalDate start = anchor(episodes);
        LocalDate end;
        int e = rnd.nextInt(10);
        if (e < 2) {
            end = null; // ongoing: runs to the evaluation date
        } else {
            end = start.plusDays(DAYS[rnd.nextInt(DAYS.length)]);
        }
        if (end != null && end.isAfter(today)) {
            end = today;
        }
        if (r == 3) {
            return new LocalDate[] {null, end}; // end only
        }
        return new LocalDate[] {start, end};
    }

    /** A start date near an episode's onset or end (on both sides), else anywhere in the last years. */
    private LocalDate anchor(List<Episode> episodes) {
        LocalDate d;
        if (!episodes.isEmpty() && chance(0.8)) {
            Episode e = pick(episodes);
            LocalDate base = e.onset() != null ? e.onset() : today.minusDays(300);
            if (e.end() != null && chance(0.3)) {
                base = e.end();
            }
            int[] offsets = {-60, -43, -42, -1, 0, 1, 7, 30, 100};
            d = base.plusDays(offsets[rnd.nextInt(offsets.length)]);
        } else {
            d = today.minusDays(rnd.nextInt(1500));
        }
        return min(d, today);
    }

    private interface Setter<T> {
        Object set(T value);
    }

    /** Stated category, percent, both, scores, or nothing. */
    private void outcome(Setter<Outcome> outcome, Setter<Double> percent, LocalDate start, LocalDate end,
                         List<Measurement> ms) {
        if (chance(tidy)) {
            percent.set(chance(0.5) ? IMPROVEMENT[rnd.nextInt(IMPROVEMENT.length)] : rnd.nextInt(25));
            return;
        }
        int r = rnd.nextInt(10);
        if (r <= 2) {
            outcome.set(pick(List.of(Outcome.values())));
        } else if (r <= 4) {
            percent.set(IMPROVEMENT[rnd.nextInt(IMPROVEMENT.length)]);
        } else if (r == 5) {
            outcome.set(pick(List.of(Outcome.values())));
            percent.set(IMPROVEMENT[rnd.nextInt(IMPROVEMENT.length)]);
        } else if (r <= 8) {
            scores(start, end, ms);
        }
    }

    /** A baseline and an end score around the trial, on one or two instruments, near the thresholds. */
    private void scores(LocalDate start, LocalDate end, List<Measurement> ms) {
        LocalDate anchor = start != null ? start : end != null ? end : today.minusDays(100);
        int pairs = chance(0.2) ? 2 : 1;
        for (int i = 0; i < pairs; i++) {
            Instrument inst = pick(List.of(Instrument.values()));
            double baseline = pick(List.of(0.0, 8.0, 12.0, 20.0, 20.0, 24.0, (double) inst.max()));
            double[] ends = {baseline / 2, baseline * 0.75, baseline * 0.75 + 1, baseline, 4, 5, 7, 8, 9, 10,
                baseline / 2 + 1, 0};
            double fin = Math.min(ends[rnd.nextInt(ends.length)], inst.max());
            int[] before = {0, 1, 29, 30, 31, 10};
            LocalDate bd = anchor.minusDays(before[rnd.nextInt(before.length)]);
            LocalDate last = end != null ? end : today;
            long span = Math.max(0, last.toEpochDay() - anchor.toEpochDay());
            LocalDate ed = chance(0.15) ? last.plusDays(3) : chance(0.1) ? anchor
                    : anchor.plusDays(1 + (span == 0 ? 0 : rnd.nextLong(span)));
            ms.add(new Measurement("m" + ms.size(), inst, baseline, min(bd, today), null));
            ms.add(new Measurement("m" + ms.size(), inst, fin, min(ed, today), null));
            if (chance(0.05)) {
                // a second score on the same day as the end score: the first recorded one is used
                ms.add(new Measurement("m" + ms.size(), inst, Math.min(inst.max(), fin + 6), min(ed, today), null));
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private boolean chance(double p) {
        return rnd.nextDouble() < p;
    }

    private <T> T pick(List<T> l) {
        return l.get(rnd.nextInt(l.size()));
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? b : a;
    }

    // ---- compact description (synthetic data only) ---------------------------------------------------------------

    /** One line per item: ids and every field the rules read. */
    public static String describe(Patient p) {
        StringBuilder sb = new StringBuilder("patient ").append(p.id()).append('\n');
        for (Episode e : p.episodes()) {
            sb.append("  episode ").append(e.id()).append(" onset=").append(e.onset()).append(" end=").append(e.end())
                    .append(" current=").append(e.current()).append(" severity=").append(e.severity())
                    .append(" psychotic=").append(e.psychoticFeatures()).append('\n');
        }
        for (AntidepressantTrial t : p.trials()) {
            sb.append("  trial ").append(fields(t.id(), t.drug(), t.dailyDoseMg(), t.episodeId(), t.start(), t.end(),
                    t.weeks(), t.adherencePercent(), t.outcome(), t.improvementPercent(), t.stopReason())
                    .replace("\n", " doseOptimised=" + t.doseOptimised() + "\n"));
            for (AddOn a : t.addOns()) {
                sb.append("    addOn ").append(a.kind()).append(' ').append(fields(a.id(), a.drug(), a.dailyDoseMg(),
                        null, a.start(), a.end(), a.weeks(), a.adherencePercent(), a.outcome(), a.improvementPercent(),
                        a.stopReason()));
            }
        }
        for (Procedure x : p.procedures()) {
            sb.append("  procedure ").append(x.type()).append(" sessions=").append(x.sessions())
                    .append(" laterality=").append(x.laterality()).append(' ')
                    .append(fields(x.id(), null, null, x.episodeId(), x.start(), x.end(), null, null, x.outcome(),
                            x.improvementPercent(), x.stopReason()));
        }
        for (Psychotherapy x : p.psychotherapies()) {
            sb.append("  psychotherapy ").append(x.type()).append(" sessions=").append(x.sessions()).append(' ')
                    .append(fields(x.id(), null, null, x.episodeId(), x.start(), x.end(), null, null, x.outcome(),
                            x.improvementPercent(), null));
        }
        StringJoiner m = new StringJoiner(", ", "  measurements: ", "\n");
        p.measurements().forEach(x -> m.add(x.instrument() + " " + x.score() + " @" + x.date()));
        if (!p.measurements().isEmpty()) {
            sb.append(m);
        }
        return sb.toString();
    }

    private static String fields(String id, String drug, Double dose, String episode, LocalDate start, LocalDate end,
                                 Double weeks, Double adherence, Outcome outcome, Double pct, StopReason stop) {
        StringJoiner j = new StringJoiner(" ", "", "\n");
        j.add(id);
        if (drug != null) {
            j.add("drug='" + drug + "'").add("dose=" + dose);
        }
        j.add("ep=" + episode).add("start=" + start).add("end=" + end).add("weeks=" + weeks)
                .add("adh=" + adherence).add("outcome=" + outcome).add("pct=" + pct).add("stop=" + stop);
        return j.toString();
    }
}
