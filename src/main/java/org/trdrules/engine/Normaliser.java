package org.trdrules.engine;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.trdrules.assessment.TreatmentKind;
import org.trdrules.assessment.Warning;
import org.trdrules.catalog.Drug;
import org.trdrules.catalog.DrugRole;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.AddOn;
import org.trdrules.model.AddOnKind;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.EctLaterality;
import org.trdrules.model.Episode;
import org.trdrules.model.Instrument;
import org.trdrules.model.Measurement;
import org.trdrules.model.Patient;
import org.trdrules.model.Procedure;
import org.trdrules.model.ProcedureType;
import org.trdrules.model.Psychotherapy;

/**
 * Turns a validated patient history into rule facts: resolves drugs through the catalogue, computes durations,
 * decides which episode is current and pairs baseline and end scores. Makes no clinical judgement; that is the
 * rules' job. Stateless apart from the per-call lists.
 */
final class Normaliser {

    /** Instruments in order of preference when several have a baseline/end pair: clinician-rated first. */
    private static final Instrument[] PREFERENCE = {Instrument.MADRS, Instrument.HAMD17, Instrument.QIDS_SR16,
        Instrument.PHQ9};

    final List<EpisodeFact> episodes = new ArrayList<>();
    final List<TreatmentFact> treatments = new ArrayList<>();
    final List<Warning> warnings = new ArrayList<>();
    /** The current episode, or null when the history has none. */
    Episode currentEpisode;

    private final DrugCatalog catalog;
    private final LocalDate today;
    private final Settings settings;
    private final int baselineWindowDays;

    Normaliser(DrugCatalog catalog, LocalDate today, Settings settings, int baselineWindowDays) {
        this.catalog = catalog;
        this.today = today;
        this.settings = settings;
        this.baselineWindowDays = baselineWindowDays;
    }

    Normaliser run(Patient p) {
        String current = currentEpisodeId(p.episodes());
        for (Episode e : p.episodes()) {
            episodes.add(new EpisodeFact(e.id(), e.id().equals(current), day(e.onset()), day(e.end())));
            if (e.id().equals(current)) {
                currentEpisode = e;
            }
        }
        for (int i = 0; i < p.trials().size(); i++) {
            trial(p, "trials[" + i + "]", p.trials().get(i));
        }
        for (Procedure x : p.procedures()) {
            if (x.type() != ProcedureType.ECT) {
                continue; // other procedures are not counted as treatment trials; see docs/definitions.md
            }
            TreatmentFact t = new TreatmentFact(x.id(), TreatmentKind.ECT, "ECT");
            t.setRegimenKey("ect:" + x.id());
            t.setClassKey("ECT");
            t.setSessions(x.sessions());
            t.setBilateral(x.laterality() == EctLaterality.BILATERAL);
            t.setLateralityUnknown(x.laterality() == null);
            period(t, x.start(), x.end(), null, x.episodeId(), null);
            t.setStatedOutcome(x.outcome());
            t.setStatedImprovementPercent(x.improvementPercent());
            t.setStopReason(x.stopReason());
            scores(t, p.measurements(), x.start(), x.end());
            treatments.add(t);
        }
        for (Psychotherapy x : p.psychotherapies()) {
            String type = x.type() == null ? "psychotherapy" : x.type().name() + " psychotherapy";
            TreatmentFact t = new TreatmentFact(x.id(), TreatmentKind.PSYCHOTHERAPY, type);
            t.setRegimenKey("psychotherapy:" + x.id());
            t.setClassKey("PSYCHOTHERAPY");
            t.setSessions(x.sessions());
            period(t, x.start(), x.end(), null, x.episodeId(), null);
            t.setStatedOutcome(x.outcome());
            t.setStatedImprovementPercent(x.improvementPercent());
            scores(t, p.measurements(), x.start(), x.end());
            treatments.add(t);
        }
        EpisodeFact cur = episodes.stream().filter(EpisodeFact::isCurrent).findFirst().orElse(null);
        for (TreatmentFact t : treatments) {
            t.setSettings(settings);
            if (cur != null) {
                t.setCurrentEpisode(cur.getId(), cur.getOnsetDay(), cur.getEndDay());
            }
        }
        return this;
    }

    private void trial(Patient p, String path, AntidepressantTrial x) {
        Drug d = resolve(path + ".drug", x.drug());
        if (d != null && !d.antidepressant()) {
            warnings.add(new Warning(path + ".drug", "NOT_AN_ANTIDEPRESSANT", d.role() == DrugRole.AUGMENTATION
                    ? "the trial's drug is an augmentation agent in the catalogue; record it as an add-on"
                    : "the trial's drug is not an antidepressant in the catalogue; record it as another medication"));
        }
        String name = d != null ? d.ingredient() : raw(x.drug());
        TreatmentFact t = new TreatmentFact(x.id(), TreatmentKind.ANTIDEPRESSANT, name);
        drug(t, d, x.dailyDoseMg());
        t.setRegimenKey(name);
        t.setClassKey(d != null ? d.drugClass().name() : "?" + x.id());
        t.setAdherencePercent(x.adherencePercent());
        t.setStatedOutcome(x.outcome());
        t.setStatedImprovementPercent(x.improvementPercent());
        t.setStopReason(x.stopReason());
        t.setDoseOptimised(Boolean.TRUE.equals(x.doseOptimised()));
        t.setDoseOptimisedUnknown(x.doseOptimised() == null);
        period(t, x.start(), x.end(), x.weeks(), x.episodeId(), x.ongoing());
        scores(t, p.measurements(), x.start(), x.end());
        treatments.add(t);
        for (int j = 0; j < x.addOns().size(); j++) {
            addOn(p, path + ".addOns[" + j + "]", x, t, d, x.addOns().get(j));
        }
    }

    private void addOn(Patient p, String path, AntidepressantTrial base, TreatmentFact baseFact, Drug baseDrug,
                       AddOn a) {
        Drug d = resolve(path + ".drug", a.drug());
        AddOnKind kind = a.kind() != null ? a.kind()
                : d != null && d.antidepressant() ? AddOnKind.COMBINATION : AddOnKind.AUGMENTATION;
        String name = d != null ? d.ingredient() : raw(a.drug());
        TreatmentKind k = kind == AddOnKind.COMBINATION ? TreatmentKind.COMBINATION : TreatmentKind.AUGMENTATION;
        TreatmentFact t = new TreatmentFact(a.id(), k, name + " added to " + baseFact.getLabel());
        t.setRecordedDrug(name);
        drug(t, d, a.dailyDoseMg());
        t.setRegimenKey(baseFact.getRegimenKey() + "+" + name);
        // an augmentation is shown with the class of the antidepressant it augments but brings no class to the
        // class count (rule "tally"); a combination brings the class of the added antidepressant
        Drug classDrug = k == TreatmentKind.AUGMENTATION ? baseDrug : d;
        t.setDrugClass(classDrug != null ? classDrug.drugClass().name() : null);
        t.setClassKey(classDrug != null ? classDrug.drugClass().name() : "?" + a.id());
        t.setAdherencePercent(a.adherencePercent());
        t.setStatedOutcome(a.outcome());
        t.setStatedImprovementPercent(a.improvementPercent());
        t.setStopReason(a.stopReason());
        LocalDate start = a.start() != null ? a.start() : base.start();
        period(t, a.start(), a.end(), a.weeks(), base.episodeId(), a.ongoing());
        if (t.getStartDay() == null) {
            t.setStartDay(day(start));
        }
        scores(t, p.measurements(), a.start(), a.end());
        treatments.add(t);
    }

    private void drug(TreatmentFact t, Drug d, Double dose) {
        t.setDoseApplies(true);
        t.setAdherenceApplies(true);
        t.setDoseMg(dose);
        if (d != null) {
            t.setIngredient(d.ingredient());
            t.setDrugClass(d.drugClass().name());
            t.setMinDoseMg(d.minDailyDoseMg().value());
            t.setMaxDoseMg(d.maxDailyDoseMg().value());
        }
    }

    private Drug resolve(String path, String name) {
        Drug d = catalog.find(name).orElse(null);
        if (d == null) {
            warnings.add(new Warning(path, "UNKNOWN_DRUG", "drug not found in the catalogue; dose adequacy and class"
                    + " cannot be judged"));
        }
        return d;
    }

    private static String raw(String s) {
        return s == null ? "unknown drug" : s.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Start, end and weeks of a course. A recorded end is the last day on treatment, so it counts; an open course,
     * one marked ongoing and one whose planned end lies after the evaluation date run to the evaluation date; a course
     * marked not ongoing without an end has an unknown end, so its duration is unknown unless weeks are given.
     */
    private void period(TreatmentFact t, LocalDate start, LocalDate end, Double weeks, String episodeId,
                        Boolean ongoing) {
        boolean planned = end != null && today != null && end.isAfter(today);
        boolean running = Boolean.TRUE.equals(ongoing) || ongoing == null && (end == null || planned);
        // not ongoing, and no end on or before the evaluation date: it stopped on a date that is not recorded
        boolean endUnknown = !running && (end == null || planned);
        t.setEpisodeId(episodeId);
        t.setStartDay(day(start));
        t.setEndDay(running || endUnknown ? null : day(end));
        t.setEndUnknown(endUnknown);
        if (weeks != null) {
            t.setWeeks(weeks);
        } else if (start != null && today != null && !endUnknown) {
            // both ends count: the last day on treatment, or the evaluation date while it runs
            long days = ChronoUnit.DAYS.between(start, running ? today : end) + 1;
            t.setWeeks(Math.max(0, days) / 7.0);
        }
    }

    /** The last day of a course that counts for scores: its end, or the evaluation date while it runs. */
    private LocalDate lastDay(LocalDate end) {
        return end == null || today != null && end.isAfter(today) ? today : end;
    }

    /**
     * Baseline: the last score on or before the start (within the window); end: the last score after the start, up
     * to the course's last day. Called after {@code period}, whose unknown end means no pair.
     */
    private void scores(TreatmentFact t, List<Measurement> ms, LocalDate start, LocalDate end) {
        if (start == null || ms.isEmpty() || t.isEndUnknown()) {
            return; // a course that stopped on an unrecorded date has no end score: a later one may be another's
        }
        LocalDate last = lastDay(end);
        LocalDate earliest = start.minusDays(baselineWindowDays);
        for (Instrument inst : PREFERENCE) {
            Measurement base = null;
            Measurement fin = null;
            for (Measurement m : ms) {
                if (m.instrument() != inst || m.date() == null || m.score() == null) {
                    continue;
                }
                if (!m.date().isAfter(start) && !m.date().isBefore(earliest)
                        && (base == null || m.date().isAfter(base.date()))) {
                    base = m;
                } else if (m.date().isAfter(start) && (last == null || !m.date().isAfter(last))
                        && (fin == null || m.date().isAfter(fin.date()))) {
                    fin = m;
                }
            }
            if (base != null && fin != null) {
                t.setInstrument(inst);
                t.setBaselineScore(base.score());
                t.setEndScore(fin.score());
                return;
            }
        }
    }

    /** Weeks from the current episode's onset to its end or the evaluation date; null without an onset. */
    Double currentEpisodeWeeks() {
        if (currentEpisode == null || currentEpisode.onset() == null) {
            return null;
        }
        LocalDate last = currentEpisode.end() != null ? currentEpisode.end() : today;
        return (last.toEpochDay() - currentEpisode.onset().toEpochDay()) / 7.0;
    }

    static Long day(LocalDate d) {
        return d == null ? null : d.toEpochDay();
    }

    /** The episode flagged current, else the only one without an end, else the one with the latest onset. */
    static String currentEpisodeId(List<Episode> episodes) {
        for (Episode e : episodes) {
            if (Boolean.TRUE.equals(e.current())) {
                return e.id();
            }
        }
        List<Episode> open = episodes.stream().filter(e -> e.end() == null).toList();
        if (open.size() == 1) {
            return open.get(0).id();
        }
        return episodes.stream().filter(e -> e.onset() != null)
                .max(Comparator.comparing(Episode::onset)).map(Episode::id).orElse(null);
    }
}
