package org.trdrules.synthetic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.trdrules.ErrorCode;
import org.trdrules.catalog.Drug;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.AddOn;
import org.trdrules.model.AddOnKind;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Episode;
import org.trdrules.model.Instrument;
import org.trdrules.model.LifeEvent;
import org.trdrules.model.LifeEventType;
import org.trdrules.model.Measurement;
import org.trdrules.model.Outcome;
import org.trdrules.model.Patient;
import org.trdrules.model.Procedure;
import org.trdrules.model.ProcedureType;
import org.trdrules.model.Psychotherapy;
import org.trdrules.model.PsychotherapyType;
import org.trdrules.model.Severity;
import org.trdrules.model.Sex;
import org.trdrules.model.StopReason;

/**
 * A seeded generator of realistic synthetic depression treatment histories, as the library's model: first and
 * recurrent episodes, trial sequences as guidelines describe them (an SSRI first, then a switch, an augmentation
 * or a combination), doses around the catalogue's labelled ranges with a share below the adequate minimum,
 * adherence, stated outcomes or PHQ-9 series, comorbidities, ECT, rTMS and esketamine after failed steps,
 * psychotherapy, life events and treatment still taken at the evaluation date. Every rate comes from the bundled
 * data files {@code org/trdrules/synthetic/rates.csv} and {@code drug-pools.csv}, each row naming its published
 * source or marked UNCONFIRMED.
 *
 * <p>Patient {@code i} depends only on the seed, {@code i} and the evaluation date (its own random stream), so a
 * cohort can be generated in any order, in parallel or in slices, and the same seed always gives the same
 * histories. The data is synthetic: no real person is described.
 *
 * <p>Immutable and thread-safe; {@link #patient(int)} may be called from many threads at once.
 */
public final class CohortGenerator {

    /** Prefix of every generated patient id ({@code syn-0000001}). */
    public static final String ID_PREFIX = "syn-";

    private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";

    private final long seed;
    private final int patients;
    private final LocalDate evaluationDate;
    private final DrugCatalog catalog;
    private final Rates rates = Rates.bundled();
    private final List<Drug> first;
    private final List<Integer> firstWeights;
    private final List<Drug> switches;
    private final List<Integer> switchWeights;
    private final List<Drug> augmenters;
    private final List<Integer> augmentWeights;
    private final List<Drug> combiners;
    private final List<Integer> combineWeights;

    private CohortGenerator(Builder b) {
        this.seed = b.seed;
        this.patients = b.patients;
        this.evaluationDate = b.evaluationDate;
        this.catalog = b.catalog != null ? b.catalog : DrugCatalog.bundled();
        first = new ArrayList<>();
        firstWeights = new ArrayList<>();
        pool("first", first, firstWeights);
        switches = new ArrayList<>();
        switchWeights = new ArrayList<>();
        pool("switch", switches, switchWeights);
        augmenters = new ArrayList<>();
        augmentWeights = new ArrayList<>();
        pool("augment", augmenters, augmentWeights);
        combiners = new ArrayList<>();
        combineWeights = new ArrayList<>();
        pool("combine", combiners, combineWeights);
    }

    private void pool(String name, List<Drug> drugs, List<Integer> weights) {
        for (Rates.PoolDrug p : rates.pool(name)) {
            Drug d = catalog.find(p.ingredient()).orElseThrow(() -> new IllegalStateException(
                    ErrorCode.CATALOG_MISSING.message("synthetic drug pool names " + p.ingredient()
                            + ", which the catalogue lacks")));
            if (d.minDailyDoseMg() == null || d.minDailyDoseMg().value() == null) {
                throw new IllegalStateException(ErrorCode.CATALOG_INVALID.message("synthetic drug pool: "
                        + p.ingredient() + " has no minimum dose in the catalogue"));
            }
            drugs.add(d);
            weights.add(p.weight());
        }
    }

    /** A builder; seed 1, 1,000 patients and no evaluation date until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** How many patients the cohort has. */
    public int patients() {
        return patients;
    }

    /** The date the histories end at (treatment may be ongoing then). */
    public LocalDate evaluationDate() {
        return evaluationDate;
    }

    /** The drug catalogue the doses come from. */
    DrugCatalog catalog() {
        return catalog;
    }

    /** Every patient, in index order (lazily generated). */
    public Stream<Patient> stream() {
        return IntStream.range(0, patients).mapToObj(this::patient);
    }

    /** The id of patient {@code index}. */
    public static String id(int index) {
        return String.format(Locale.ROOT, "%s%07d", ID_PREFIX, index);
    }

    /**
     * Patient {@code index} (0-based, below {@link #patients()}): a pure function of the seed, the index and the
     * evaluation date.
     */
    public Patient patient(int index) {
        if (index < 0 || index >= patients) {
            throw new IndexOutOfBoundsException("patient index " + index + " outside 0.." + (patients - 1));
        }
        return new One(new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index)), id(index)).build();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builds one patient; not thread-safe (one per patient). */
    private final class One {
        private final SplittableRandom r;
        private final Patient.Builder p;
        private final String id;
        private final boolean phq9Style;
        private final boolean recordAdherence;
        private int trialNo;
        private int measurementNo;
        private final Set<String> usedInEpisode = new HashSet<>();

        One(SplittableRandom r, String id) {
            this.r = r;
            this.id = id;
            this.p = Patient.builder(id);
            this.phq9Style = !chance("outcome_stated");
            this.recordAdherence = chance("adherence_recorded");
        }

        boolean chance(String rate) {
            return r.nextDouble() < rates.get(rate);
        }

        int between(int lo, int hiInclusive) {
            return lo + r.nextInt(hiInclusive - lo + 1);
        }

        Drug pick(List<Drug> drugs, List<Integer> weights, Set<String> avoid) {
            int total = 0;
            for (int i = 0; i < drugs.size(); i++) {
                if (!avoid.contains(drugs.get(i).ingredient())) {
                    total += weights.get(i);
                }
            }
            if (total == 0) {
                return null;
            }
            int x = r.nextInt(total);
            for (int i = 0; i < drugs.size(); i++) {
                if (avoid.contains(drugs.get(i).ingredient())) {
                    continue;
                }
                x -= weights.get(i);
                if (x < 0) {
                    return drugs.get(i);
                }
            }
            throw new IllegalStateException("unreachable");
        }

        Patient build() {
            int age = between(18, 80);
            LocalDate birth = evaluationDate.minusYears(age).minusDays(between(0, 364));
            p.birthDate(birth);
            p.sex(r.nextDouble() < rates.get("female") ? Sex.FEMALE : Sex.MALE);
            comorbidities();
            LocalDate onset = evaluationDate.minusDays(between(120, 1100));
            boolean recurrent = chance("recurrent") && priorEpisodes(onset, between(1, 3), birth) > 0;
            Severity severity = switch (r.nextInt(3)) {
                case 0 -> Severity.MILD;
                case 1 -> Severity.MODERATE;
                default -> Severity.SEVERE;
            };
            boolean psychotic = severity == Severity.SEVERE && chance("psychotic");
            String code = (recurrent ? "F33." : "F32.") + (severity == Severity.MILD ? "0"
                    : severity == Severity.MODERATE ? "1" : psychotic ? "3" : "2");
            p.condition(CodedCondition.icd10(code, "Major depressive disorder"));
            p.episode(Episode.builder("e-current").onset(onset).current(true).severity(severity)
                    .psychoticFeatures(severity == Severity.SEVERE ? psychotic : null).build());
            currentEpisode(onset);
            if (chance("life_event")) {
                LifeEventType[] types = LifeEventType.values();
                p.lifeEvent(new LifeEvent("le1", types[r.nextInt(types.length)],
                        evaluationDate.minusDays(between(1, 360))));
            }
            if (chance("suicidal_ideation")) {
                p.suicidalIdeation(true);
            }
            return p.build();
        }

        void comorbidities() {
            if (chance("comorbid_gad")) {
                p.condition(CodedCondition.icd10("F41.1", "Generalized anxiety disorder"));
            }
            if (chance("comorbid_substance")) {
                p.condition(CodedCondition.icd10("F10.20", "Alcohol dependence, uncomplicated"));
            }
            if (chance("comorbid_insomnia")) {
                p.condition(CodedCondition.icd10("G47.00", "Insomnia, unspecified"));
            }
            if (chance("comorbid_pain")) {
                p.condition(CodedCondition.icd10("G89.29", "Other chronic pain"));
            }
            if (chance("comorbid_hypertension")) {
                p.condition(CodedCondition.icd10("I10", "Essential (primary) hypertension"));
            }
            if (chance("bipolar")) {
                p.condition(CodedCondition.icd10("F31.81", "Bipolar II disorder"));
            }
            if (chance("allergy")) {
                p.allergy(first.get(r.nextInt(first.size())).ingredient());
            }
        }

        /** Earlier, ended episodes (the earliest coded F32, later ones F33), all after age 12; how many. */
        int priorEpisodes(LocalDate currentOnset, int n, LocalDate birth) {
            List<LocalDate[]> spans = new ArrayList<>();
            LocalDate end = currentOnset.minusDays(between(180, 900));
            for (int i = 0; i < n; i++) {
                LocalDate onset = end.minusDays(between(120, 360));
                if (onset.isBefore(birth.plusYears(12))) {
                    break;
                }
                spans.add(0, new LocalDate[] {onset, end});
                end = onset.minusDays(between(180, 900));
            }
            for (int i = 0; i < spans.size(); i++) {
                LocalDate onset = spans.get(i)[0];
                LocalDate stopEpisode = spans.get(i)[1];
                String eid = "e-prior-" + (i + 1);
                p.episode(Episode.builder(eid).onset(onset).end(stopEpisode).current(false)
                        .severity(Severity.MODERATE).build());
                p.condition(CodedCondition.icd10(i == 0 ? "F32.1" : "F33.1", "Major depressive disorder"));
                // one remitted course in each earlier episode
                usedInEpisode.clear();
                Drug d = pick(first, firstWeights, usedInEpisode);
                LocalDate start = onset.plusDays(between(0, 30));
                LocalDate stop = start.plusDays(between(84, 200));
                if (stop.isAfter(stopEpisode)) {
                    stop = stopEpisode;
                }
                AntidepressantTrial.Builder t = AntidepressantTrial.builder(nextTrialId(), d.ingredient())
                        .episodeId(eid).dailyDoseMg(dose(d, false)).start(start).end(stop)
                        .stopReason(StopReason.COMPLETED).ongoing(false);
                outcome(t, null, start, stop, Outcome.REMISSION, 14);
                p.trial(t.build());
            }
            usedInEpisode.clear();
            return spans.size();
        }

        String nextTrialId() {
            return "t" + (++trialNo);
        }

        /** The trial sequence of the current episode. */
        void currentEpisode(LocalDate onset) {
            LocalDate start = onset.plusDays(between(0, 30));
            int failed = 0;
            int baseline = between(12, 24);
            Drug current = null;
            AntidepressantTrial.Builder open = null;
            LocalDate openStart = null;
            for (int step = 1; step <= 6; step++) {
                if (!start.plusDays(42).isBefore(evaluationDate)) {
                    break; // no new step in the last six weeks: the current course just goes on
                }
                String strategy = step == 1 || open == null ? "switch" : strategy();
                boolean early = chance("early_stop");
                int days = early ? between(7, 24) : between(42, 98);
                LocalDate end = start.plusDays(days - 1);
                boolean runsPast = !end.isBefore(evaluationDate);
                Outcome outcome = runsPast ? null : outcome(step);
                int score = score(baseline, outcome);
                if ("switch".equals(strategy)) {
                    if (open != null) {
                        p.trial(open.build());
                        open = null;
                    }
                    Drug d = step == 1 ? pick(first, firstWeights, usedInEpisode)
                            : pick(switches, switchWeights, usedInEpisode);
                    if (d == null) {
                        break;
                    }
                    usedInEpisode.add(d.ingredient());
                    current = d;
                    openStart = start;
                    open = AntidepressantTrial.builder(nextTrialId(), d.ingredient()).episodeId("e-current")
                            .dailyDoseMg(chance("dose_recorded") ? dose(d, chance("dose_below_adequate")) : null)
                            .start(start);
                    adherence(open);
                    if (runsPast) {
                        open.ongoing(true);
                        break;
                    }
                    open.end(end).ongoing(false).stopReason(early ? StopReason.INTOLERANCE : StopReason.INEFFECTIVE);
                    outcome(open, null, start, end, outcome, baseline - score);
                } else {
                    boolean augment = "augment".equals(strategy);
                    Drug d = augment ? pick(augmenters, augmentWeights, usedInEpisode)
                            : pick(combiners, combineWeights, usedInEpisode);
                    if (d == null || current == null) {
                        break;
                    }
                    usedInEpisode.add(d.ingredient());
                    // a combination needs four weeks of overlap to read as one in a record (docs/fhir.md)
                    if (!augment && days < 35) {
                        days = 35;
                        end = start.plusDays(days - 1);
                        runsPast = !end.isBefore(evaluationDate);
                        outcome = runsPast ? null : outcome(step);
                        score = score(baseline, outcome);
                    }
                    AddOn.Builder a = AddOn.builder("a" + trialNo + "-" + step, d.ingredient())
                            .kind(augment ? AddOnKind.AUGMENTATION : AddOnKind.COMBINATION)
                            .dailyDoseMg(dose(d, false)).start(start);
                    if (runsPast) {
                        a.ongoing(true);
                        open.addOn(a.build()).end(null).ongoing(true).stopReason(null);
                        break;
                    }
                    a.end(end).ongoing(false).stopReason(StopReason.INEFFECTIVE);
                    outcome(null, a, start, end, outcome, baseline - score);
                    open.addOn(a.build()).end(end);
                }
                if (outcome == Outcome.REMISSION) {
                    if (chance("ongoing_at_evaluation")) {
                        open.end(null).ongoing(true).stopReason(null);
                    } else {
                        open.stopReason(StopReason.COMPLETED);
                    }
                    break;
                }
                if (outcome == Outcome.NON_RESPONSE || outcome == Outcome.PARTIAL_RESPONSE || early) {
                    failed++;
                }
                baseline = Math.max(score, 10);
                start = end.plusDays(between(1, 21));
                if (!chance("continue_after_failure")) {
                    if (chance("ongoing_at_evaluation") && !early) {
                        open.end(null).ongoing(true).stopReason(null);
                    }
                    break;
                }
            }
            if (open != null) {
                p.trial(open.build());
            }
            procedures(failed, start);
            if (chance("psychotherapy")) {
                LocalDate ps = onset.plusDays(between(0, 60));
                int sessions = between(6, 20);
                LocalDate pe = ps.plusWeeks(sessions);
                if (pe.isBefore(evaluationDate)) {
                    p.psychotherapy(Psychotherapy.builder("psy1", r.nextBoolean() ? PsychotherapyType.CBT
                                    : PsychotherapyType.IPT).episodeId("e-current").start(ps).end(pe)
                            .sessions(sessions).outcome(r.nextBoolean() ? Outcome.NON_RESPONSE
                                    : Outcome.PARTIAL_RESPONSE).build());
                }
            }
        }

        String strategy() {
            double x = r.nextDouble() * (rates.get("strategy_switch") + rates.get("strategy_augment")
                    + rates.get("strategy_combine"));
            if (x < rates.get("strategy_switch")) {
                return "switch";
            }
            return x < rates.get("strategy_switch") + rates.get("strategy_augment") ? "augment" : "combine";
        }

        Outcome outcome(int step) {
            double remission = rates.get(step == 1 ? "step1_remission" : step == 2 ? "step2_remission"
                    : step == 3 ? "step3_remission" : "step4_remission");
            if (r.nextDouble() < remission) {
                return Outcome.REMISSION;
            }
            if (chance("response_without_remission")) {
                return Outcome.RESPONSE;
            }
            return chance("partial_response") ? Outcome.PARTIAL_RESPONSE : Outcome.NON_RESPONSE;
        }

        /** The PHQ-9 at the end of a course with this outcome, from the baseline. */
        int score(int baseline, Outcome o) {
            if (o == null) {
                return baseline;
            }
            return switch (o) {
                case REMISSION -> between(0, 4);
                case RESPONSE -> Math.max(5, (int) Math.floor(baseline * (0.25 + 0.24 * r.nextDouble())));
                case PARTIAL_RESPONSE -> (int) Math.round(baseline * (0.52 + 0.2 * r.nextDouble()));
                default -> Math.min(27, (int) Math.round(baseline * (0.8 + 0.3 * r.nextDouble())));
            };
        }

        /** A stated outcome, or a PHQ-9 pair (start and end) when this patient's record has scores. */
        void outcome(AntidepressantTrial.Builder t, AddOn.Builder a, LocalDate start, LocalDate end, Outcome o,
                     int drop) {
            if (phq9Style) {
                int base = Math.max(10, Math.min(27, between(12, 24)));
                int last = score(base, o);
                measurement(base, start);
                measurement(last, end);
                return;
            }
            double improvement = switch (o) {
                case REMISSION -> between(70, 100);
                case RESPONSE -> between(50, 69);
                case PARTIAL_RESPONSE -> between(25, 49);
                default -> between(-10, 24);
            };
            if (t != null) {
                t.outcome(o).improvementPercent(improvement);
            } else {
                a.outcome(o).improvementPercent(improvement);
            }
        }

        void measurement(int score, LocalDate date) {
            if (date.isAfter(evaluationDate)) {
                return;
            }
            p.measurement(Measurement.of("m" + (++measurementNo), Instrument.PHQ9, score, date));
        }

        void adherence(AntidepressantTrial.Builder t) {
            if (recordAdherence) {
                t.adherencePercent(chance("adherence_low") ? between(8, 15) * 5.0 : between(16, 20) * 5.0);
            }
        }

        /** A daily dose around the labelled range: a multiple of the minimum, or below it. */
        double dose(Drug d, boolean below) {
            double min = d.minDailyDoseMg().value();
            Double max = d.maxDailyDoseMg() == null ? null : d.maxDailyDoseMg().value();
            if (below) {
                return round(min * (r.nextBoolean() ? 0.5 : 0.75));
            }
            double[] factors = {1, 1, 1.5, 2, 3};
            for (int tries = 0; tries < 8; tries++) {
                double v = min * factors[r.nextInt(factors.length)];
                if (max == null ? v <= 2 * min : v <= max) {
                    return round(v);
                }
            }
            return round(min);
        }

        double round(double v) {
            return Math.round(v * 100) / 100.0;
        }

        void procedures(int failed, LocalDate after) {
            if (failed >= 3 && chance("ect_after_3_failures")) {
                procedure(ProcedureType.ECT, after, between(6, 12), 2);
            } else if (failed >= 2 && chance("rtms_after_2_failures")) {
                procedure(ProcedureType.RTMS, after, between(20, 30), 1);
            } else if (failed >= 2 && chance("esketamine_after_2_failures")) {
                procedure(ProcedureType.ESKETAMINE, after, between(8, 12), 3);
            }
        }

        /** A course of sessions from {@code start}, one every {@code gap} days, only those before the evaluation. */
        void procedure(ProcedureType type, LocalDate start, int sessions, int gap) {
            int done = 0;
            LocalDate last = null;
            for (int i = 0; i < sessions; i++) {
                LocalDate d = start.plusDays((long) i * gap);
                if (d.isAfter(evaluationDate)) {
                    break;
                }
                done++;
                last = d;
            }
            if (done == 0) {
                return;
            }
            Outcome o = done == sessions ? outcome(3) : null;
            p.procedure(Procedure.builder("pr1", type).episodeId("e-current").start(start).end(last).sessions(done)
                    .outcome(o).build());
        }
    }

    /** Days between two dates (used by the writers). */
    static long days(LocalDate a, LocalDate b) {
        return ChronoUnit.DAYS.between(a, b);
    }

    /** Builder for {@link CohortGenerator}; not thread-safe. */
    public static final class Builder {
        private long seed = 1;
        private int patients = 1000;
        private LocalDate evaluationDate;
        private DrugCatalog catalog;

        private Builder() {}

        /** The seed; the same seed gives the same cohort. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** The number of patients (0 or more). */
        public Builder patients(int v) {
            if (v < 0) {
                throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message("patients must be 0 or more"));
            }
            patients = v;
            return this;
        }

        /** The evaluation date the histories lead up to (required). */
        public Builder evaluationDate(LocalDate v) {
            evaluationDate = Objects.requireNonNull(v, "evaluationDate");
            return this;
        }

        /** The drug catalogue to take doses from (default: the bundled one). */
        public Builder catalog(DrugCatalog v) {
            catalog = Objects.requireNonNull(v, "catalog");
            return this;
        }

        /** The generator. */
        public CohortGenerator build() {
            if (evaluationDate == null) {
                throw new IllegalStateException(ErrorCode.CONFIG_NO_EVALUATION_DATE.message(
                        "the cohort generator needs an evaluation date"));
            }
            return new CohortGenerator(this);
        }
    }
}
