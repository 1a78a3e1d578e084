package org.trdrules.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects every impossible fact of a history; missing data is never a problem. Stateless. */
final class PatientValidator {

    static final LocalDate EARLIEST_DATE = Patient.EARLIEST_DATE;
    static final LocalDate LATEST_DATE = Patient.LATEST_DATE;
    static final double MAX_WEEKS = Patient.MAX_WEEKS;
    static final double MAX_DAILY_DOSE_MG = Patient.MAX_DAILY_DOSE_MG;

    private final LocalDate today;
    private final List<ValidationProblem> problems = new ArrayList<>();

    private PatientValidator(LocalDate today) {
        this.today = today;
    }

    static List<ValidationProblem> validate(Patient p, LocalDate evaluationDate) {
        PatientValidator v = new PatientValidator(evaluationDate);
        v.patient(p);
        return List.copyOf(v.problems);
    }

    private void range(String path, Double v, double min, double max, String message) {
        if (v != null && (v.isNaN() || v < min || v > max)) {
            add(path, "OUT_OF_RANGE", message);
        }
    }

    private void add(String path, String code, String message) {
        problems.add(new ValidationProblem(path, code, message));
    }

    private void patient(Patient p) {
        if (p == null) {
            add("patient", "REQUIRED", "patient is missing");
            return;
        }
        if (p.id() == null || p.id().isBlank()) {
            add("id", "REQUIRED", "patient id is required");
        }
        if (p.ageYears() != null && (p.ageYears() < 0 || p.ageYears() > 130)) {
            add("ageYears", "OUT_OF_RANGE", "age must be between 0 and 130 years");
        }
        date("birthDate", p.birthDate());
        notFuture("birthDate", p.birthDate());
        if (p.physiology() != null) {
            Physiology ph = p.physiology();
            range("physiology.systolicBpMmHg", ph.systolicBpMmHg(), 30, 350, "systolic blood pressure must be between 30 and 350 mmHg");
            range("physiology.diastolicBpMmHg", ph.diastolicBpMmHg(), 10, 250, "diastolic blood pressure must be between 10 and 250 mmHg");
            range("physiology.egfr", ph.egfr(), 0, 300, "eGFR must be between 0 and 300 mL/min/1.73 m2");
            date("physiology.bloodPressureDate", ph.bloodPressureDate());
            notFuture("physiology.bloodPressureDate", ph.bloodPressureDate());
            date("physiology.egfrDate", ph.egfrDate());
            notFuture("physiology.egfrDate", ph.egfrDate());
        }
        if (p.birthDate() != null && p.ageYears() != null && today != null
                && Math.abs(p.ageAt(today) - p.ageYears()) > 1) {
            add("ageYears", "CONFLICT", "age does not match the birth date");
        }
        for (int i = 0; i < p.conditions().size(); i++) {
            CodedCondition c = p.conditions().get(i);
            if (c == null) {
                add("conditions[" + i + "]", "NULL_ENTRY", "entry is null");
            } else if (c.code() == null || c.code().isBlank()) {
                add("conditions[" + i + "].code", "REQUIRED", "condition code is required");
            }
        }
        for (int i = 0; i < p.allergies().size(); i++) {
            String a = p.allergies().get(i);
            if (a == null || a.isBlank()) {
                add("allergies[" + i + "]", "REQUIRED", "substance name is required");
            }
        }
        Set<String> episodeIds = episodes(p.episodes());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < p.trials().size(); i++) {
            trial("trials[" + i + "]", p.trials().get(i), episodeIds, ids);
        }
        for (int i = 0; i < p.procedures().size(); i++) {
            Procedure x = p.procedures().get(i);
            String path = "procedures[" + i + "]";
            if (isNull(path, x)) {
                continue;
            }
            id(path, x.id(), ids);
            if (x.type() == null) {
                add(path + ".type", "REQUIRED", "procedure type is required");
            }
            episodeRef(path, x.episodeId(), episodeIds);
            period(path, x.start(), x.end());
            nonNegative(path + ".sessions", x.sessions() == null ? null : x.sessions().doubleValue());
            improvement(path, x.improvementPercent());
        }
        for (int i = 0; i < p.psychotherapies().size(); i++) {
            Psychotherapy x = p.psychotherapies().get(i);
            String path = "psychotherapies[" + i + "]";
            if (isNull(path, x)) {
                continue;
            }
            id(path, x.id(), ids);
            episodeRef(path, x.episodeId(), episodeIds);
            period(path, x.start(), x.end());
            nonNegative(path + ".sessions", x.sessions() == null ? null : x.sessions().doubleValue());
            improvement(path, x.improvementPercent());
        }
        for (int i = 0; i < p.measurements().size(); i++) {
            measurement("measurements[" + i + "]", p.measurements().get(i));
        }
        for (int i = 0; i < p.medications().size(); i++) {
            Medication m = p.medications().get(i);
            String path = "medications[" + i + "]";
            if (isNull(path, m)) {
                continue;
            }
            id(path, m.id(), ids);
            if (m.drug() == null || m.drug().isBlank()) {
                add(path + ".drug", "REQUIRED", "drug is required");
            }
            period(path, m.start(), m.end());
        }
        for (int i = 0; i < p.lifeEvents().size(); i++) {
            LifeEvent e = p.lifeEvents().get(i);
            String path = "lifeEvents[" + i + "]";
            if (isNull(path, e)) {
                continue;
            }
            id(path, e.id(), ids);
            if (e.type() == null) {
                add(path + ".type", "REQUIRED", "event type is required");
            }
            date(path + ".date", e.date());
            notFuture(path + ".date", e.date());
        }
    }

    private Set<String> episodes(List<Episode> episodes) {
        Set<String> ids = new HashSet<>();
        int current = 0;
        for (int i = 0; i < episodes.size(); i++) {
            Episode e = episodes.get(i);
            String path = "episodes[" + i + "]";
            if (isNull(path, e)) {
                continue;
            }
            id(path, e.id(), ids);
            if (e.onset() != null && e.end() != null && e.end().isBefore(e.onset())) {
                add(path + ".end", "END_BEFORE_START", "end date is before the onset");
            }
            date(path + ".onset", e.onset());
            date(path + ".end", e.end());
            notFuture(path + ".onset", e.onset());
            notFuture(path + ".end", e.end());
            if (Boolean.TRUE.equals(e.current())) {
                current++;
                if (current > 1) {
                    add(path + ".current", "CONFLICT", "more than one episode is marked current");
                }
            }
        }
        return ids;
    }

    private void trial(String path, AntidepressantTrial t, Set<String> episodeIds, Set<String> ids) {
        if (t == null) {
            add(path, "NULL_ENTRY", "entry is null");
            return;
        }
        id(path, t.id(), ids);
        if (t.drug() == null || t.drug().isBlank()) {
            add(path + ".drug", "REQUIRED", "drug is required");
        }
        episodeRef(path, t.episodeId(), episodeIds);
        dose(path + ".dailyDoseMg", t.dailyDoseMg());
        period(path, t.start(), t.end());
        ongoing(path, t.ongoing(), t.end());
        weeks(path + ".weeks", t.weeks());
        percent(path + ".adherencePercent", t.adherencePercent());
        improvement(path, t.improvementPercent());
        for (int j = 0; j < t.addOns().size(); j++) {
            AddOn a = t.addOns().get(j);
            String ap = path + ".addOns[" + j + "]";
            if (isNull(ap, a)) {
                continue;
            }
            id(ap, a.id(), ids);
            if (a.drug() == null || a.drug().isBlank()) {
                add(ap + ".drug", "REQUIRED", "drug is required");
            }
            dose(ap + ".dailyDoseMg", a.dailyDoseMg());
            period(ap, a.start(), a.end());
            ongoing(ap, a.ongoing(), a.end());
            if (a.start() == null && a.end() != null && t.start() != null && a.end().isBefore(t.start())) {
                add(ap + ".end", "END_BEFORE_START", "add-on ends before its trial starts");
            }
            weeks(ap + ".weeks", a.weeks());
            percent(ap + ".adherencePercent", a.adherencePercent());
            improvement(ap, a.improvementPercent());
        }
    }

    private void measurement(String path, Measurement m) {
        if (m == null) {
            add(path, "NULL_ENTRY", "entry is null");
            return;
        }
        if (m.instrument() == null) {
            add(path + ".instrument", "REQUIRED", "instrument is required");
        }
        if (m.score() == null) {
            add(path + ".score", "REQUIRED", "score is required");
        } else if (m.score().isNaN() || m.score().isInfinite()) {
            add(path + ".score", "OUT_OF_RANGE", "must be a finite number");
        } else if (m.instrument() != null
                && (m.score() < m.instrument().min() || m.score() > m.instrument().max())) {
            add(path + ".score", "OUT_OF_RANGE", "score outside the instrument's range "
                    + m.instrument().min() + "-" + m.instrument().max());
        }
        if (m.date() == null) {
            add(path + ".date", "REQUIRED", "date is required");
        }
        date(path + ".date", m.date());
        notFuture(path + ".date", m.date());
        if (m.item9() != null) {
            if (m.item9() < 0 || m.item9() > 3) {
                add(path + ".item9", "OUT_OF_RANGE", "PHQ-9 item 9 must be 0-3");
            }
            if (m.instrument() != null && m.instrument() != Instrument.PHQ9) {
                add(path + ".item9", "CONFLICT", "item 9 is recorded only for PHQ-9");
            }
        }
    }

    /** Reports a null list entry; true when the entry is null. */
    private boolean isNull(String path, Object entry) {
        if (entry == null) {
            add(path, "NULL_ENTRY", "entry is null");
            return true;
        }
        return false;
    }

    private void id(String path, String id, Set<String> seen) {
        if (id == null || id.isBlank()) {
            add(path + ".id", "REQUIRED", "id is required");
        } else if (!seen.add(id)) {
            add(path + ".id", "DUPLICATE_ID", "id is used more than once");
        }
    }

    private void episodeRef(String path, String episodeId, Set<String> episodeIds) {
        if (episodeId != null && !episodeIds.contains(episodeId)) {
            add(path + ".episodeId", "UNKNOWN_EPISODE", "refers to an episode that is not in the history");
        }
    }

    /** A treatment period: an end after the evaluation date is a planned end (the course is ongoing), not an error. */
    private void period(String path, LocalDate start, LocalDate end) {
        date(path + ".start", start);
        date(path + ".end", end);
        if (start != null && end != null && end.isBefore(start)) {
            add(path + ".end", "END_BEFORE_START", "end date is before the start date");
        }
        notFuture(path + ".start", start);
    }

    private void ongoing(String path, Boolean ongoing, LocalDate end) {
        if (Boolean.TRUE.equals(ongoing) && end != null && today != null && end.isBefore(today)) {
            add(path + ".ongoing", "CONFLICT", "marked ongoing but ends before the evaluation date");
        }
    }

    /** A date outside 1900-01-01..2200-12-31 is a typing or export error (e.g. -999999999-01-01). */
    private void date(String path, LocalDate d) {
        if (d != null && (d.isBefore(EARLIEST_DATE) || d.isAfter(LATEST_DATE))) {
            add(path, "OUT_OF_RANGE", "date must be between " + EARLIEST_DATE + " and " + LATEST_DATE);
        }
    }

    private void weeks(String path, Double v) {
        nonNegative(path, v);
        if (v != null && v > MAX_WEEKS && !v.isInfinite()) {
            add(path, "OUT_OF_RANGE", "must be at most " + (int) MAX_WEEKS + " weeks");
        }
    }

    private void dose(String path, Double v) {
        nonNegative(path, v);
        if (v != null && v > MAX_DAILY_DOSE_MG && !v.isInfinite()) {
            add(path, "OUT_OF_RANGE", "must be at most " + (int) MAX_DAILY_DOSE_MG + " mg a day");
        }
    }

    private void notFuture(String path, LocalDate d) {
        if (d != null && today != null && d.isAfter(today)) {
            add(path, "FUTURE_DATE", "date is after the evaluation date");
        }
    }

    private void nonNegative(String path, Double v) {
        if (v != null && (v.isNaN() || v.isInfinite())) {
            add(path, "OUT_OF_RANGE", "must be a finite number");
        } else if (v != null && v < 0) {
            add(path, "NEGATIVE", "must be zero or more");
        }
    }

    private void percent(String path, Double v) {
        if (v != null && (v.isNaN() || v < 0 || v > 100)) {
            add(path, "OUT_OF_RANGE", "must be between 0 and 100");
        }
    }

    private void improvement(String path, Double v) {
        if (v != null && (v.isNaN() || v.isInfinite() || v > 100)) {
            add(path + ".improvementPercent", "OUT_OF_RANGE", "improvement cannot exceed 100 %");
        }
    }
}
