package org.trdrules.reference;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.trdrules.TrdConfig;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.EpisodeScope;
import org.trdrules.assessment.TreatmentKind;
import org.trdrules.assessment.TrialOutcome;
import org.trdrules.assessment.Verdict;
import org.trdrules.catalog.Drug;
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
import org.trdrules.model.Severity;
import org.trdrules.model.StopReason;

/**
 * An independent, plain-Java (no Drools) reading of the TRD counting semantics, used as the oracle of the
 * differential test and as a performance baseline. It deliberately does not use {@code org.trdrules.engine}.
 *
 * <p>Semantics, in the order they are applied:
 * <ol>
 *   <li>Units: every antidepressant trial, every add-on of a trial (augmentation or combination), every ECT course
 *       (other procedures are ignored) and every psychotherapy course.</li>
 *   <li>Drugs resolve through the catalogue (ingredient, brand, RxCUI, ATC; case-insensitive). An unknown drug keeps
 *       its trimmed lower-case name as its regimen and gets a class of its own.</li>
 *   <li>Current episode: the one flagged current, else the only open one, else the latest onset (first on ties).</li>
 *   <li>Duration: recorded weeks win; else days from start to end (or to the evaluation date) / 7.</li>
 *   <li>Scores: per instrument in the order MADRS, HAM-D17, QIDS-SR16, PHQ-9, the last score in
 *       [start - window, start] is the baseline and the last one in (start, end or evaluation date] the end.</li>
 *   <li>Definition-independent verdicts: dose, adherence, episode, outcome.</li>
 *   <li>Per definition: scope, duration, failure; counted = three-valued AND of scope, dose, duration, adherence,
 *       failure; distinct regimens and classes among the certain (MET) and possible (not NOT_MET) failures.</li>
 *   <li>Staging: every model reads the "staging basis", a definition of the current episode that counts
 *       antidepressant trials, augmentations, combinations and ECT with the trial-length minimum and failure below
 *       the response threshold; each model's low end uses the certain failures and the known facts at their most
 *       favourable, its high end the possible failures and the missing facts at their least favourable (see
 *       {@link #staging}).</li>
 * </ol>
 *
 * <p>Points where this reading deliberately follows the engine's documented choice although another reading is
 * defensible (see the differential-test report): duration from dates counts days from start to the recorded last
 * day without adding that last day; a catalogue augmentation agent recorded as a trial counts as an antidepressant
 * trial of its own class; recorded weeks win over dates; an add-on without a start starts with its trial and is
 * placed in an episode by its own end only. Where it differs on purpose: a stated RESPONSE (band up to and including
 * 100 %) is never a certain failure, even when a definition's failure threshold is 100 %; and a failed ECT course
 * whose electrode placement is not recorded may have been bilateral, so it can raise the high end of Thase-Rush to
 * stage V (the rule counts only a recorded BILATERAL). A trial whose dose optimisation is not recorded counts as not
 * optimised in MGH-S at both ends, as the rule documents ("trials recorded with doseOptimised").
 * Immutable and thread-safe.
 */
public final class ReferenceAssessor {

    /** How one definition judged one treatment. */
    public record Judged(String treatmentId, TreatmentKind kind, Verdict counted) {}

    /** One definition's verdict with every treatment in its reach, in unit order. */
    public record DefinitionAnswer(String id, Verdict verdict, List<Judged> treatments) {
        /** Ids of the treatments counted as failed adequate treatments (MET). */
        public Set<String> countedIds() {
            Set<String> s = new LinkedHashSet<>();
            for (Judged j : treatments) {
                if (j.counted() == Verdict.MET) {
                    s.add(j.treatmentId());
                }
            }
            return s;
        }

        /** Treatment id to its counted verdict. */
        public Map<String, Verdict> countedById() {
            Map<String, Verdict> m = new LinkedHashMap<>();
            for (Judged j : treatments) {
                m.put(j.treatmentId(), j.counted());
            }
            return m;
        }
    }

    /**
     * One staging model's answer: the lowest and highest stage number or score the data allow, and the status (MET
     * when both ends agree; INDETERMINATE when they do not or the model is unsupported).
     */
    public record StageAnswer(String id, double low, double high, org.trdrules.assessment.StagingStatus status) {}

    /** All definitions' answers, in the config's report order, and every staging model's answer. */
    public record Answer(List<DefinitionAnswer> definitions, List<StageAnswer> stages) {
        public DefinitionAnswer definition(String id) {
            for (DefinitionAnswer d : definitions) {
                if (d.id().equals(id)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown definition " + id);
        }

        public StageAnswer stage(String id) {
            for (StageAnswer s : stages) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown staging model " + id);
        }
    }

    /** Staging model ids, in report order. */
    public static final List<String> STAGING_MODELS = List.of("thase-rush", "european-staging", "mgh-s", "maudsley",
            "dm-trd");

    private static final Instrument[] SCORE_PREFERENCE = {Instrument.MADRS, Instrument.HAMD17,
        Instrument.QIDS_SR16, Instrument.PHQ9};

    private final TrdConfig config;
    private final DrugCatalog catalog;

    public ReferenceAssessor(TrdConfig config, DrugCatalog catalog) {
        this.config = Objects.requireNonNull(config);
        this.catalog = Objects.requireNonNull(catalog);
    }

    /** One treatment unit with its definition-independent conclusions. */
    private static final class Unit {
        String id;
        TreatmentKind kind;
        String regimen;
        String drugClass;
        Verdict dose;
        Verdict adherence;
        Verdict episode;
        Double weeks;
        Integer sessions;
        TrialOutcome outcome;
        Double improvement;
        /** ECT only: recorded electrode placement, null when not recorded. */
        EctLaterality laterality;
        /** Antidepressant trials only: the dose was recorded as optimised (raised) during the trial. */
        boolean doseOptimised;
        /** Antidepressant trials only: whether the dose was optimised is not recorded. */
        boolean doseOptimisedUnknown;
    }

    /** Inputs common to every unit kind. */
    /** Where and how long a treatment ran; {@code ongoing} as recorded (null: inferred from the end). */
    private record Period(String episodeId, LocalDate start, LocalDate end, Double weeks, Boolean ongoing) {

        /** Stopped on a date that is not recorded: marked not ongoing, without an end on or before today. */
        boolean stopUnrecorded(LocalDate today) {
            return Boolean.FALSE.equals(ongoing) && (end == null || end.isAfter(today));
        }

        /** Still taken today: marked so, or unmarked with no end or an end after today. */
        boolean running(LocalDate today) {
            return Boolean.TRUE.equals(ongoing) || ongoing == null && (end == null || end.isAfter(today));
        }
    }

    public Answer assess(Patient p, LocalDate today) {
        Episode current = currentEpisode(p.episodes());
        List<Unit> units = new ArrayList<>();
        for (AntidepressantTrial t : p.trials()) {
            Drug d = catalog.find(t.drug()).orElse(null);
            String name = d != null ? d.ingredient() : rawName(t.drug());
            Unit u = new Unit();
            u.id = t.id();
            u.kind = TreatmentKind.ANTIDEPRESSANT;
            u.regimen = name;
            u.drugClass = d != null ? d.drugClass().name() : "unknown-class-of-" + t.id();
            u.dose = doseVerdict(d, t.dailyDoseMg());
            u.adherence = adherenceVerdict(t.adherencePercent());
            Period per = new Period(t.episodeId(), t.start(), t.end(), t.weeks(), t.ongoing());
            u.episode = episodeVerdict(current, per.episodeId(), per.start(), per.end());
            u.weeks = weeks(per, today);
            u.doseOptimised = Boolean.TRUE.equals(t.doseOptimised());
            u.doseOptimisedUnknown = t.doseOptimised() == null;
            outcome(u, t.stopReason(), t.outcome(), t.improvementPercent(), p.measurements(), t.start(),
                    per.stopUnrecorded(today) ? null : t.end(), per.stopUnrecorded(today), today);
            units.add(u);
            for (AddOn a : t.addOns()) {
                units.add(addOn(p, t, d, name, a, current, today));
            }
        }
        for (Procedure x : p.procedures()) {
            if (x.type() != ProcedureType.ECT) {
                continue;
            }
            Unit u = new Unit();
            u.id = x.id();
            u.kind = TreatmentKind.ECT;
            u.regimen = "ECT course " + x.id();
            u.drugClass = "ECT";
            u.dose = Verdict.MET;
            u.adherence = Verdict.MET;
            u.episode = episodeVerdict(current, x.episodeId(), x.start(), x.end());
            u.sessions = x.sessions();
            u.laterality = x.laterality();
            outcome(u, x.stopReason(), x.outcome(), x.improvementPercent(), p.measurements(), x.start(), x.end(), false,
                    today);
            units.add(u);
        }
        for (Psychotherapy x : p.psychotherapies()) {
            Unit u = new Unit();
            u.id = x.id();
            u.kind = TreatmentKind.PSYCHOTHERAPY;
            u.regimen = "psychotherapy course " + x.id();
            u.drugClass = "PSYCHOTHERAPY";
            u.dose = Verdict.MET;
            u.adherence = Verdict.MET;
            u.episode = episodeVerdict(current, x.episodeId(), x.start(), x.end());
            u.sessions = x.sessions();
            outcome(u, null, x.outcome(), x.improvementPercent(), p.measurements(), x.start(), x.end(), false, today);
            units.add(u);
        }

        List<DefinitionAnswer> answers = new ArrayList<>();
        for (DefinitionSpec spec : config.definitions()) {
            answers.add(definition(spec, units));
        }
        return new Answer(answers, staging(units, current, today));
    }

    // ---- units ---------------------------------------------------------------------------------------------------

    private Unit addOn(Patient p, AntidepressantTrial base, Drug baseDrug, String baseName, AddOn a,
                       Episode current, LocalDate today) {
        Drug d = catalog.find(a.drug()).orElse(null);
        String name = d != null ? d.ingredient() : rawName(a.drug());
        boolean combination = a.kind() != null ? a.kind() == AddOnKind.COMBINATION
                : d != null && d.antidepressant();
        Unit u = new Unit();
        u.id = a.id();
        u.kind = combination ? TreatmentKind.COMBINATION : TreatmentKind.AUGMENTATION;
        u.regimen = baseName + "+" + name;
        // an augmentation is judged in the class of the antidepressant it augments; a combination in its own
        Drug classOf = combination ? d : baseDrug;
        u.drugClass = classOf != null ? classOf.drugClass().name() : "unknown-class-of-" + a.id();
        u.dose = doseVerdict(d, a.dailyDoseMg());
        u.adherence = adherenceVerdict(a.adherencePercent());
        // the add-on belongs to its trial's episode; without its own start it starts with the trial
        LocalDate start = a.start() != null ? a.start() : base.start();
        u.episode = episodeVerdict(current, base.episodeId(), start, a.end());
        Period per = new Period(base.episodeId(), a.start(), a.end(), a.weeks(), a.ongoing());
        u.weeks = weeks(per, today);
        outcome(u, a.stopReason(), a.outcome(), a.improvementPercent(), p.measurements(), a.start(),
                per.stopUnrecorded(today) ? null : a.end(), per.stopUnrecorded(today), today);
        return u;
    }

    private static String rawName(String s) {
        return s == null ? "unknown drug" : s.trim().toLowerCase(Locale.ROOT);
    }

    private static Verdict doseVerdict(Drug d, Double doseMg) {
        if (doseMg == null) {
            return Verdict.INDETERMINATE;
        }
        Double min = d == null ? null : d.minDailyDoseMg().value();
        if (min == null) {
            return Verdict.INDETERMINATE;
        }
        return doseMg >= min ? Verdict.MET : Verdict.NOT_MET;
    }

    private Verdict adherenceVerdict(Double percent) {
        if (percent == null) {
            return config.unknownAdherence() == TrdConfig.UnknownAdherence.ASSUME_ADEQUATE
                    ? Verdict.MET : Verdict.INDETERMINATE;
        }
        return percent >= config.minimumAdherencePercent() ? Verdict.MET : Verdict.NOT_MET;
    }

    private static Double weeks(Period per, LocalDate today) {
        if (per.weeks() != null) {
            return per.weeks();
        }
        if (per.start() == null || today == null) {
            return null;
        }
        // the end date is the last day on treatment (inclusive); a course still taken runs to the evaluation date
        // (inclusive too); one stopped on an unrecorded date has no duration to count
        if (per.stopUnrecorded(today)) {
            return null;
        }
        LocalDate last = per.running(today) ? today : per.end();
        return (ChronoUnit.DAYS.between(per.start(), last) + 1) / 7.0;
    }

    // ---- episodes ------------------------------------------------------------------------------------------------

    static Episode currentEpisode(List<Episode> episodes) {
        for (Episode e : episodes) {
            if (Boolean.TRUE.equals(e.current())) {
                return e;
            }
        }
        Episode open = null;
        int openCount = 0;
        for (Episode e : episodes) {
            if (e.end() == null) {
                open = e;
                openCount++;
            }
        }
        if (openCount == 1) {
            return open;
        }
        Episode latest = null;
        for (Episode e : episodes) {
            if (e.onset() != null && (latest == null || e.onset().isAfter(latest.onset()))) {
                latest = e;
            }
        }
        return latest;
    }

    private static Verdict episodeVerdict(Episode current, String episodeId, LocalDate start, LocalDate end) {
        if (episodeId != null) {
            // the validator guarantees the reference names a recorded episode
            if (current == null) {
                return Verdict.INDETERMINATE; // no current episode can be determined
            }
            return current.id().equals(episodeId) ? Verdict.MET : Verdict.NOT_MET;
        }
        if (current == null || current.onset() == null) {
            return Verdict.INDETERMINATE;
        }
        LocalDate onset = current.onset();
        if (start != null && !start.isBefore(onset) && (current.end() == null || !start.isAfter(current.end()))) {
            return Verdict.MET;
        }
        if (end != null && end.isBefore(onset)) {
            return Verdict.NOT_MET;
        }
        return Verdict.INDETERMINATE;
    }

    // ---- outcome -------------------------------------------------------------------------------------------------

    /** @param noScores the course stopped on an unrecorded date: a later score may be another treatment's */
    private void outcome(Unit u, StopReason stop, Outcome stated, Double statedPercent, List<Measurement> ms,
                         LocalDate start, LocalDate end, boolean noScores, LocalDate today) {
        if (stop == StopReason.INTOLERANCE) {
            u.outcome = TrialOutcome.INTOLERANCE;
            u.improvement = statedPercent;
            return;
        }
        if (stated == Outcome.RESPONSE_LOST) {
            u.outcome = TrialOutcome.RESPONSE_LOST;
            u.improvement = statedPercent;
            return;
        }
        if (statedPercent != null) {
            u.outcome = stated == Outcome.REMISSION ? TrialOutcome.REMISSION : band(statedPercent);
            u.improvement = statedPercent;
            return;
        }
        if (stated != null) {
            u.outcome = TrialOutcome.valueOf(stated.name());
            return;
        }
        double[] pair = noScores ? null : scorePair(ms, start, end, today);
        if (pair != null) {
            double baseline = pair[1];
            double fin = pair[2];
            double pct = baseline < 1 ? 0 : (baseline - fin) * 100.0 / baseline; // below one point: 0 %
            Instrument inst = Instrument.values()[(int) pair[0]];
            u.outcome = fin <= config.remissionAtOrBelow(inst) ? TrialOutcome.REMISSION : band(pct);
            u.improvement = pct;
            return;
        }
        u.outcome = TrialOutcome.UNKNOWN;
    }

    private TrialOutcome band(double pct) {
        if (pct >= config.responsePercent()) {
            return TrialOutcome.RESPONSE;
        }
        return pct >= config.partialResponsePercent() ? TrialOutcome.PARTIAL_RESPONSE : TrialOutcome.NON_RESPONSE;
    }

    /** {instrument ordinal, baseline, end} of the preferred instrument with a complete pair, or null. */
    private double[] scorePair(List<Measurement> ms, LocalDate start, LocalDate end, LocalDate today) {
        if (start == null) {
            return null;
        }
        LocalDate windowStart = start.minusDays(config.baselineWindowDays());
        LocalDate last = end != null ? end : today;
        for (Instrument inst : SCORE_PREFERENCE) {
            Measurement baseline = null;
            Measurement fin = null;
            for (Measurement m : ms) {
                if (m.instrument() != inst || m.date() == null || m.score() == null) {
                    continue;
                }
                LocalDate d = m.date();
                boolean inBaselineWindow = !d.isBefore(windowStart) && !d.isAfter(start);
                boolean inTrial = d.isAfter(start) && (last == null || !d.isAfter(last));
                // on equal dates the first recorded score wins
                if (inBaselineWindow && (baseline == null || d.isAfter(baseline.date()))) {
                    baseline = m;
                }
                if (inTrial && (fin == null || d.isAfter(fin.date()))) {
                    fin = m;
                }
            }
            if (baseline != null && fin != null) {
                return new double[] {inst.ordinal(), baseline.score(), fin.score()};
            }
        }
        return null;
    }

    // ---- the UK primary-care switch phenotype (fabbri-2021) ----------------------------------------------------

    /** A dated course of one drug, or an undated one (start or last day unknown). */
    private record Course(String id, String drug, LocalDate start, LocalDate last) {}

    /** A prescription episode: courses of one drug no more than 26 weeks apart; represented by its smallest id. */
    private static final class RxEpisode {
        String id;
        String drug;
        LocalDate start;
        LocalDate last;
    }

    /**
     * The UK primary-care switch phenotype (Fabbri et al. 2021) from the trials' drugs and dates, written
     * independently of fabbri-2021.drl: per drug, courses sorted by start are swept into prescription episodes while
     * the next starts at most 26 weeks (182 days) after the episode's last day; the switch out of an episode is the
     * earliest-starting episode of another drug that starts after it, outlasts it and starts within 14 weeks (98 days)
     * of its last day, qualifying when the episode lasted at least 6 weeks (42 days from first to last day, as the
     * authors' difftime counts); MET with at
     * least 2 drugs switched out of and more than 2 drugs. Counted: MET for the course standing for a qualifying
     * episode, INDETERMINATE for an undated course, else NOT_MET. Add-on antidepressants (combinations) are courses too.
     * The exclusions (bipolar, substance use, psychotic disorder) are not modelled (the generator writes no
     * conditions).
     */
    public DefinitionAnswer switchPhenotype(Patient p, LocalDate today) {
        List<Course> courses = new ArrayList<>();
        for (AntidepressantTrial t : p.trials()) {
            Drug d = catalog.find(t.drug()).orElse(null);
            String drug = d != null ? d.ingredient() : rawName(t.drug()).trim().toLowerCase(Locale.ROOT);
            Period per = new Period(t.episodeId(), t.start(), t.end(), t.weeks(), t.ongoing());
            LocalDate last = per.stopUnrecorded(today) ? null : per.running(today) ? today : t.end();
            courses.add(new Course(t.id(), drug, t.start(), t.start() == null ? null : last));
            // every antidepressant prescription counts: an antidepressant added to the trial (a combination) too
            for (AddOn a : t.addOns()) {
                Drug ad = catalog.find(a.drug()).orElse(null);
                boolean combination = a.kind() != null ? a.kind() == AddOnKind.COMBINATION
                        : ad != null && ad.antidepressant();
                if (!combination) {
                    continue;
                }
                String addDrug = ad != null ? ad.ingredient() : rawName(a.drug()).trim().toLowerCase(Locale.ROOT);
                LocalDate start = a.start() != null ? a.start() : t.start();
                Period ap = new Period(t.episodeId(), a.start(), a.end(), a.weeks(), a.ongoing());
                LocalDate addLast = ap.stopUnrecorded(today) ? null : ap.running(today) ? today : a.end();
                courses.add(new Course(a.id(), addDrug, start, start == null ? null : addLast));
            }
        }
        Map<String, List<Course>> byDrug = new LinkedHashMap<>();
        for (Course c : courses) {
            if (c.start() != null && c.last() != null) {
                byDrug.computeIfAbsent(c.drug(), k -> new ArrayList<>()).add(c);
            }
        }
        List<RxEpisode> episodes = new ArrayList<>();
        for (List<Course> cs : byDrug.values()) {
            cs.sort(java.util.Comparator.comparing(Course::start));
            RxEpisode cur = null;
            for (Course c : cs) {
                if (cur != null && ChronoUnit.DAYS.between(cur.last, c.start()) <= 182) {
                    if (c.last().isAfter(cur.last)) {
                        cur.last = c.last();
                    }
                    if (c.id().compareTo(cur.id) < 0) {
                        cur.id = c.id();
                    }
                } else {
                    cur = new RxEpisode();
                    cur.id = c.id();
                    cur.drug = c.drug();
                    cur.start = c.start();
                    cur.last = c.last();
                    episodes.add(cur);
                }
            }
        }
        Set<String> qualifying = new HashSet<>();
        Set<String> fromDrugs = new HashSet<>();
        for (RxEpisode e : episodes) {
            RxEpisode next = null;
            for (RxEpisode n : episodes) {
                if (n.drug.equals(e.drug) || !n.start.isAfter(e.start) || !n.last.isAfter(e.last)
                        || ChronoUnit.DAYS.between(e.last, n.start) > 98) {
                    continue;
                }
                if (next == null || n.start.isBefore(next.start) || n.start.equals(next.start) && n.id.compareTo(next.id) < 0) {
                    next = n;
                }
            }
            if (next != null && ChronoUnit.DAYS.between(e.start, e.last) >= 42) {
                qualifying.add(e.id);
                fromDrugs.add(e.drug);
            }
        }
        Set<String> drugs = new HashSet<>();
        boolean undated = false;
        List<Judged> judged = new ArrayList<>();
        for (Course c : courses) {
            drugs.add(c.drug());
            boolean dated = c.start() != null && c.last() != null;
            undated |= !dated;
            judged.add(new Judged(c.id(), TreatmentKind.ANTIDEPRESSANT, qualifying.contains(c.id()) ? Verdict.MET
                    : dated ? Verdict.NOT_MET : Verdict.INDETERMINATE));
        }
        Verdict v = fromDrugs.size() >= 2 && drugs.size() > 2 ? Verdict.MET
                : undated ? Verdict.INDETERMINATE : Verdict.NOT_MET;
        return new DefinitionAnswer("fabbri-2021", v, judged);
    }

    // ---- definitions ---------------------------------------------------------------------------------------------

    private DefinitionAnswer definition(DefinitionSpec spec, List<Unit> units) {
        List<Judged> judged = new ArrayList<>();
        Set<String> certainRegimens = new HashSet<>();
        Set<String> certainClasses = new HashSet<>();
        Set<String> possibleRegimens = new HashSet<>();
        Set<String> possibleClasses = new HashSet<>();
        for (Unit u : units) {
            if (!spec.counts(u.kind)) {
                continue;
            }
            Verdict counted = counted(spec, u);
            judged.add(new Judged(u.id, u.kind, counted));
            // under a class rule an augmentation counts as a treatment but brings no class (docs/design.md)
            boolean classBearing = !spec.classRule() || u.kind != TreatmentKind.AUGMENTATION;
            if (counted == Verdict.MET) {
                certainRegimens.add(u.regimen);
                if (classBearing) {
                    certainClasses.add(u.drugClass);
                }
            }
            if (counted != Verdict.NOT_MET) {
                possibleRegimens.add(u.regimen);
                if (classBearing) {
                    possibleClasses.add(u.drugClass);
                }
            }
        }
        Verdict v;
        if (certainRegimens.size() >= spec.minFailures() && certainClasses.size() >= spec.minClasses()) {
            v = Verdict.MET;
        } else if (possibleRegimens.size() >= spec.minFailures() && possibleClasses.size() >= spec.minClasses()) {
            v = Verdict.INDETERMINATE;
        } else {
            v = Verdict.NOT_MET;
        }
        return new DefinitionAnswer(spec.id(), v, judged);
    }

    /** Whether the unit is a failed adequate treatment under the definition (the caller checks the kind). */
    private Verdict counted(DefinitionSpec spec, Unit u) {
        Verdict scope = spec.scope() == EpisodeScope.ANY_EPISODE ? Verdict.MET : u.episode;
        return and(scope, u.dose, duration(spec, u), u.adherence, failure(spec, u));
    }

    private Verdict duration(DefinitionSpec spec, Unit u) {
        switch (u.kind) {
            case ANTIDEPRESSANT, COMBINATION -> {
                return u.weeks == null ? Verdict.INDETERMINATE
                        : u.weeks >= spec.minimumWeeks() ? Verdict.MET : Verdict.NOT_MET;
            }
            case AUGMENTATION -> {
                return u.weeks == null ? Verdict.INDETERMINATE
                        : u.weeks >= config.minimumAugmentationWeeks() ? Verdict.MET : Verdict.NOT_MET;
            }
            default -> {
                int min = u.kind == TreatmentKind.ECT ? config.minimumEctSessions()
                        : config.minimumPsychotherapySessions();
                return u.sessions == null ? Verdict.INDETERMINATE
                        : u.sessions >= min ? Verdict.MET : Verdict.NOT_MET;
            }
        }
    }

    private Verdict failure(DefinitionSpec spec, Unit u) {
        double threshold = spec.failureBelowPercent();
        switch (u.outcome) {
            case REMISSION, INTOLERANCE, RESPONSE_LOST -> {
                return Verdict.NOT_MET;
            }
            case UNKNOWN -> {
                return Verdict.INDETERMINATE;
            }
            default -> {
                if (u.improvement != null) {
                    return u.improvement < threshold ? Verdict.MET : Verdict.NOT_MET;
                }
                // a stated category stands for a band of improvement: [lo, hi), or [lo, 100] for RESPONSE
                double lo;
                double hi;
                if (u.outcome == TrialOutcome.NON_RESPONSE) {
                    lo = Double.NEGATIVE_INFINITY;
                    hi = config.partialResponsePercent();
                } else if (u.outcome == TrialOutcome.PARTIAL_RESPONSE) {
                    lo = config.partialResponsePercent();
                    hi = config.responsePercent();
                } else {
                    lo = config.responsePercent();
                    hi = 100.0;
                }
                // NON_RESPONSE and PARTIAL_RESPONSE are open at the top; RESPONSE includes 100 % itself
                boolean whollyBelow = u.outcome == TrialOutcome.RESPONSE ? hi < threshold : hi <= threshold;
                if (whollyBelow) {
                    return Verdict.MET;
                }
                return lo >= threshold ? Verdict.NOT_MET : Verdict.INDETERMINATE;
            }
        }
    }

    // ---- staging -------------------------------------------------------------------------------------------------

    /** A unit of the staging basis with its counted verdict. */
    private record Basis(Unit unit, Verdict counted) {
        /** In the certain set (low end) or the possible set (high end). */
        boolean in(boolean high) {
            return high ? counted != Verdict.NOT_MET : counted == Verdict.MET;
        }

        boolean drug() {
            return unit.kind == TreatmentKind.ANTIDEPRESSANT || unit.kind == TreatmentKind.COMBINATION;
        }
    }

    /**
     * Every staging model, low and high end. The staging basis is an ordinary definition (current episode; trials,
     * augmentations, combinations and ECT; the trial-length minimum; failure below the response threshold), so it
     * reuses {@link #counted}. Each model is monotone in its inputs, so the low end is the model applied to the
     * certain failures and the high end the model applied to the possible ones.
     */
    private List<StageAnswer> staging(List<Unit> units, Episode current, LocalDate today) {
        DefinitionSpec spec = new DefinitionSpec("staging-basis", "staging basis", 1, 1, config.responsePercent(),
                config.minimumTrialWeeks(), EpisodeScope.CURRENT_EPISODE,
                EnumSet.of(TreatmentKind.ANTIDEPRESSANT, TreatmentKind.AUGMENTATION, TreatmentKind.COMBINATION,
                        TreatmentKind.ECT),
                "staging input", "reference", org.trdrules.SourceStatus.POLICY, "reference");
        List<Basis> basis = new ArrayList<>();
        for (Unit u : units) {
            if (spec.counts(u.kind)) {
                basis.add(new Basis(u, counted(spec, u)));
            }
        }
        List<StageAnswer> out = new ArrayList<>();
        out.add(range("thase-rush", thaseRush(basis, false), thaseRush(basis, true)));
        out.add(range("european-staging", european(basis, false), european(basis, true)));
        out.add(range("mgh-s", mghS(basis, false), mghS(basis, true)));
        out.add(range("maudsley", maudsley(basis, units, current, today, false),
                maudsley(basis, units, current, today, true)));
        // DM-TRD: item weights unconfirmed (Peeters FPML et al. J Affect Disord 2016: the weights are not in the sources read), so no value is computed
        out.add(new StageAnswer("dm-trd", 0, 0, org.trdrules.assessment.StagingStatus.UNSUPPORTED));
        return out;
    }

    private static StageAnswer range(String id, double low, double high) {
        return new StageAnswer(id, low, high, low == high ? org.trdrules.assessment.StagingStatus.DECIDED
                : org.trdrules.assessment.StagingStatus.RANGE);
    }

    /**
     * Thase-Rush: 0 no failed antidepressant; I one or more; II failures in two or more classes; III II and a failed
     * TCA; IV III and a failed MAOI; V IV and a failed bilateral ECT course. Antidepressant trials and combinations
     * are the drug failures (augmentation is not counted). An ECT course whose electrode placement is not recorded
     * may have been bilateral, so it counts at the high end only.
     */
    private static int thaseRush(List<Basis> basis, boolean high) {
        Set<String> classes = new HashSet<>();
        boolean tca = false;
        boolean maoi = false;
        boolean bilateralEct = false;
        for (Basis b : basis) {
            if (!b.in(high)) {
                continue;
            }
            Unit u = b.unit();
            if (b.drug()) {
                classes.add(u.drugClass);
                tca |= "TCA".equals(u.drugClass);
                maoi |= "MAOI".equals(u.drugClass);
            } else if (u.kind == TreatmentKind.ECT) {
                bilateralEct |= u.laterality == EctLaterality.BILATERAL || high && u.laterality == null;
            }
        }
        if (classes.isEmpty()) {
            return 0;
        }
        if (classes.size() < 2) {
            return 1;
        }
        // each later stage needs the earlier one reached without the trial that earns it
        Set<String> withoutTca = new HashSet<>(classes);
        withoutTca.remove("TCA");
        if (!tca || withoutTca.size() < 2) {
            return 2;
        }
        Set<String> withoutTcaMaoi = new HashSet<>(withoutTca);
        withoutTcaMaoi.remove("MAOI");
        if (!maoi || withoutTcaMaoi.size() < 2) {
            return 3;
        }
        return !bilateralEct ? 4 : 5;
    }

    /**
     * European Staging Model, numbered 0 not staged, 1 non-responder (one failure), 2..6 TRD1..TRD5 by resistance
     * duration (two or more failures), 7 CRD (more than 52 weeks). Resistance duration is the summed weeks of the
     * failed antidepressant trials and combinations; TRD bands by their lower bounds 12, 18, 24, 30, 36 weeks (the
     * highest lower bound at or below the duration; below 12 is TRD1). A possible failure of unknown length makes
     * the duration unbounded at the high end.
     */
    private static int european(List<Basis> basis, boolean high) {
        Set<String> regimens = new HashSet<>();
        double weeks = 0;
        boolean unbounded = false;
        for (Basis b : basis) {
            if (!b.in(high) || !b.drug()) {
                continue;
            }
            regimens.add(b.unit().regimen);
            if (b.unit().weeks == null) {
                unbounded = true;
            } else {
                weeks += b.unit().weeks;
            }
        }
        int n = regimens.size();
        if (n < 2) {
            return n;
        }
        if (unbounded || weeks > 52) {
            return 7;
        }
        double[] lowerBounds = {12, 18, 24, 30, 36};
        int band = 0;
        for (int i = 0; i < lowerBounds.length; i++) {
            if (weeks >= lowerBounds[i]) {
                band = i;
            }
        }
        return 2 + band;
    }

    /**
     * MGH-S: 1 per failed antidepressant trial, 0.5 more when its dose was recorded as optimised, 0.5 per failed
     * augmentation or combination, 3 per failed ECT course.
     */
    private static double mghS(List<Basis> basis, boolean high) {
        double score = 0;
        for (Basis b : basis) {
            if (!b.in(high)) {
                continue;
            }
            Unit u = b.unit();
            switch (u.kind) {
                case ANTIDEPRESSANT -> score += u.doseOptimised || high && u.doseOptimisedUnknown ? 1.5 : 1;
                case AUGMENTATION, COMBINATION -> score += 0.5;
                case ECT -> score += 3;
                default -> { }
            }
        }
        return score;
    }

    /**
     * Maudsley: duration of the current episode (calendar months to its end or the evaluation date; at most 12 is
     * 1, at most 24 is 2, else 3; unknown 1..3) + severity (subsyndromal 1, mild 2, moderate 3, severe 4 or 5 with psychotic
     * features; unknown 1..5) + failed medications (distinct regimens of the failed antidepressant trials and
     * combinations: up to 2 is 1, 3-4 is 2, 5-6 is 3, 7-10 is 4, more 5) + augmentation used in the current episode
     * (an augmentation or combination; 0/1) + ECT used in the current episode (0/1).
     */
    private static double maudsley(List<Basis> basis, List<Unit> units, Episode current, LocalDate today,
                                   boolean high) {
        double duration;
        if (current == null || current.onset() == null) {
            duration = high ? 3 : 1;
        } else {
            LocalDate last = current.end() != null ? current.end() : today;
            duration = !last.isAfter(current.onset().plusMonths(12)) ? 1
                    : !last.isAfter(current.onset().plusMonths(24)) ? 2 : 3;
        }
        Severity sev = current == null ? null : current.severity();
        Boolean psychotic = current == null ? null : current.psychoticFeatures();
        double severity;
        if (sev == null) {
            severity = high ? 5 : 1;
        } else {
            severity = switch (sev) {
                case SUBSYNDROMAL -> 1;
                case MILD -> 2;
                case MODERATE -> 3;
                case SEVERE -> psychotic == null ? (high ? 5 : 4) : psychotic ? 5 : 4;
            };
        }
        Set<String> regimens = new HashSet<>();
        for (Basis b : basis) {
            if (b.in(high) && b.drug()) {
                regimens.add(b.unit().regimen);
            }
        }
        int n = regimens.size();
        double failures = n <= 2 ? 1 : n <= 4 ? 2 : n <= 6 ? 3 : n <= 10 ? 4 : 5;
        double augmentation = 0;
        double ect = 0;
        for (Unit u : units) {
            boolean inEpisode = high ? u.episode != Verdict.NOT_MET : u.episode == Verdict.MET;
            if (!inEpisode) {
                continue;
            }
            if (u.kind == TreatmentKind.AUGMENTATION || u.kind == TreatmentKind.COMBINATION) {
                augmentation = 1;
            } else if (u.kind == TreatmentKind.ECT) {
                ect = 1;
            }
        }
        return duration + severity + failures + augmentation + ect;
    }

    /** Three-valued AND: any NOT_MET wins, then any INDETERMINATE, else MET. */
    private static Verdict and(Verdict... parts) {
        boolean undecided = false;
        for (Verdict v : parts) {
            if (v == Verdict.NOT_MET) {
                return Verdict.NOT_MET;
            }
            if (v != Verdict.MET) {
                undecided = true;
            }
        }
        return undecided ? Verdict.INDETERMINATE : Verdict.MET;
    }
}
