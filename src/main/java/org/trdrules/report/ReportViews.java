package org.trdrules.report;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.trdrules.TrdConfig;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.FactorStatus;
import org.trdrules.assessment.OptionFamily;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.PseudoResistanceCategory;
import org.trdrules.assessment.PseudoResistanceFinding;
import org.trdrules.assessment.RiskFactor;
import org.trdrules.assessment.SafetyFinding;
import org.trdrules.assessment.StagingItem;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.StagingStatus;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TreatmentReview;
import org.trdrules.assessment.TrialOutcome;
import org.trdrules.assessment.Verdict;
import org.trdrules.assessment.Warning;
import org.trdrules.model.AddOn;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Episode;
import org.trdrules.model.Instrument;
import org.trdrules.model.Measurement;
import org.trdrules.model.Patient;
import org.trdrules.model.Procedure;
import org.trdrules.model.ProcedureType;
import org.trdrules.model.Psychotherapy;
import org.trdrules.report.ReportView.*;

/**
 * Builds the {@link ReportView} of one patient: reads the assessment's conclusions (never judging anything itself:
 * adequacy marks come from the rules' dose and adherence verdicts and the pseudo-resistance checks) and computes
 * the timeline's geometry. Stateless.
 */
final class ReportViews {

    static final int WIDTH = 1120;
    static final double PLOT_LEFT = 230;
    static final double PLOT_RIGHT = 1080;
    static final double LANE = 42;
    static final double BAR = 14;
    static final double CHART = 110;

    /** The bundled catalogue, for the display class of an add-on's own agent. */
    private static final org.trdrules.catalog.DrugCatalog CATALOG = org.trdrules.catalog.DrugCatalog.bundled();

    private ReportViews() {}

    /** How the rules' verdicts mark a course on the timeline (pattern, shape and word; never colour alone). */
    enum Adequacy {
        ADEQUATE("adequate", "a-ok"),
        TOO_SHORT("too short", "a-short"),
        DOSE_TOO_LOW("dose too low", "a-dose"),
        LOW_ADHERENCE("low adherence", "a-adh"),
        UNKNOWN("adequacy unknown", "a-unknown"),
        NOT_JUDGED("adequacy not judged", "a-none");

        final String word;
        final String css;

        Adequacy(String word, String css) {
            this.word = word;
            this.css = css;
        }
    }

    /** One course as drawn: a trial, an add-on, a procedure or a psychotherapy, with what the rules said of it. */
    private record Course(String id, String key, String name, String dose, String kind, boolean addOn,
                          LocalDate start, LocalDate end, LocalDate plannedEnd, boolean open, boolean endUnknown,
                          Double weeks, String sessions, String css, String className, Adequacy adequacy,
                          String adequacyWhy, String outcome, String outcomeSymbol, String outcomeCss,
                          List<Integer> countedBy, List<String> countedIds, List<String> pseudo) {}

    static ReportView of(Patient p, Assessment a, TrdConfig config) {
        Map<String, TreatmentReview> reviews = new HashMap<>();
        a.treatments().forEach(t -> reviews.put(t.id(), t));
        Map<String, List<PseudoResistanceFinding>> pseudo = new HashMap<>();
        for (PseudoResistanceFinding f : a.pseudoResistance()) {
            for (String id : f.treatmentIds()) {
                pseudo.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
            }
        }
        Map<String, List<Integer>> countedBy = new HashMap<>();
        for (int i = 0; i < a.definitions().size(); i++) {
            for (TreatmentJudgement j : a.definitions().get(i).treatments()) {
                if (j.counted() == Verdict.MET) {
                    countedBy.computeIfAbsent(j.treatmentId(), k -> new ArrayList<>()).add(i);
                }
            }
        }
        List<Course> courses = courses(p, a, reviews, pseudo, countedBy);
        Map<String, String> keys = new HashMap<>();
        courses.forEach(c -> keys.put(c.id(), c.key()));

        return new ReportView(nz(p.id()), age(p, a.evaluationDate()), p.sex() == null ? "not recorded"
                : p.sex().name().toLowerCase(Locale.ROOT), String.valueOf(a.evaluationDate()), a.rulesVersion(),
                safety(p, a), definitions(a, keys), stages(a), pseudo(a, keys), risk(a), options(a),
                missing(a), whatWouldChange(a), warnings(a),
                timeline(p, a, config, courses), rows(a, courses));
    }

    // ---- the courses ------------------------------------------------------------------------------------------

    private static List<Course> courses(Patient p, Assessment a, Map<String, TreatmentReview> reviews,
                                        Map<String, List<PseudoResistanceFinding>> pseudo,
                                        Map<String, List<Integer>> countedBy) {
        List<Course> out = new ArrayList<>();
        LocalDate eval = a.evaluationDate();
        for (AntidepressantTrial t : p.trials()) {
            TreatmentReview r = reviews.get(t.id());
            out.add(course(a, t.id(), "#" + (out.size() + 1), nz(t.drug()), dose(t.dailyDoseMg()), "antidepressant trial",
                    false, t.start(), t.end(), t.weeks(), t.ongoing(), null, null, eval, r, pseudo, countedBy));
            for (AddOn x : t.addOns()) {
                TreatmentReview rx = reviews.get(x.id());
                String kind = rx != null && rx.kind() == org.trdrules.assessment.TreatmentKind.COMBINATION
                        ? "combination" : "augmentation";
                out.add(course(a, x.id(), "#" + (out.size() + 1), nz(x.drug()), dose(x.dailyDoseMg()),
                        kind + " of " + nz(t.drug()), true, x.start(), x.end(), x.weeks(), x.ongoing(), null, null, eval, rx,
                        pseudo, countedBy));
            }
        }
        for (Procedure x : p.procedures()) {
            String name = x.type() == null ? "procedure" : procedureName(x.type());
            String sessions = x.sessions() == null ? null : x.sessions() + " sessions"
                    + (x.laterality() == null ? "" : ", " + x.laterality().name().toLowerCase(Locale.ROOT));
            out.add(course(a, x.id(), "#" + (out.size() + 1), name, sessions, "procedure", false, x.start(), x.end(),
                    null, null, x.sessions(), x.type() == ProcedureType.ECT ? "k-ect" : "k-proc", eval, reviews.get(x.id()), pseudo,
                    countedBy));
        }
        for (Psychotherapy x : p.psychotherapies()) {
            String name = x.type() == null ? "psychotherapy" : psychotherapyName(x.type());
            String sessions = x.sessions() == null ? null : x.sessions() + " sessions";
            out.add(course(a, x.id(), "#" + (out.size() + 1), name, sessions, "psychotherapy", false, x.start(), x.end(),
                    null, null, x.sessions(), "k-psy", eval, reviews.get(x.id()), pseudo, countedBy));
        }
        return out;
    }

    private static String psychotherapyName(org.trdrules.model.PsychotherapyType t) {
        return switch (t) {
            case CBT -> "CBT";
            case ACT -> "ACT";
            case IPT -> "IPT";
            case DBT -> "DBT";
            case FAMILY -> "family therapy";
            case MARITAL -> "marital therapy";
            case GROUP -> "group psychotherapy";
            case BEHAVIOURAL_ACTIVATION -> "behavioural activation";
            case OTHER -> "psychotherapy (other)";
        };
    }

    private static String procedureName(ProcedureType t) {
        return switch (t) {
            case ECT -> "ECT";
            case VNS -> "VNS";
            case RTMS -> "rTMS";
            case IV_KETAMINE -> "IV ketamine";
            case ESKETAMINE -> "esketamine";
        };
    }

    private static Course course(Assessment a, String id, String key, String name, String dose, String kind,
                                 boolean addOn, LocalDate start, LocalDate end, Double weeks, Boolean ongoing,
                                 Integer sessionCount, String fixedCss, LocalDate eval, TreatmentReview r,
                                 Map<String, List<PseudoResistanceFinding>> pseudo,
                                 Map<String, List<Integer>> countedBy) {
        // where the bar ends: the recorded end; still taken on the evaluation date; or start + recorded weeks
        LocalDate plannedEnd = null;
        boolean open = false;
        boolean endUnknown = false;
        if (start == null && end != null && weeks != null) {
            start = end.minusDays(Math.round(weeks * 7) - 1);
        }
        if (start != null) {
            if (end != null && end.isAfter(eval)) {
                plannedEnd = end;
                end = eval;
                open = true;
            } else if (end == null && !Boolean.FALSE.equals(ongoing)) {
                end = eval;
                open = true;
            } else if (end == null && weeks != null) {
                end = start.plusDays(Math.max(0, Math.round(weeks * 7) - 1));
            } else if (end == null) {
                endUnknown = true;
            }
        }
        String className = r == null || r.drugClass() == null ? null : r.drugClass();
        if (addOn && r != null && r.ingredient() != null) {
            // the rules count an augmentation in the class of the trial it augments; the bar shows the agent's own
            className = CATALOG.find(r.ingredient()).map(d -> d.drugClass().name()).orElse(className);
        }
        String css = fixedCss != null ? fixedCss : classCss(className);
        Adequacy adequacy;
        String why;
        List<PseudoResistanceFinding> findings = pseudo.getOrDefault(id, List.of());
        boolean tooShort = findings.stream().anyMatch(f -> f.category() == PseudoResistanceCategory.DURATION);
        // the rules judge an ECT course by its sessions, every other course by its weeks
        boolean ect = r != null && r.kind() == org.trdrules.assessment.TreatmentKind.ECT;
        boolean durationKnown = ect ? sessionCount != null : r != null && r.weeks() != null;
        if (r == null || r.kind() == org.trdrules.assessment.TreatmentKind.PSYCHOTHERAPY) {
            adequacy = Adequacy.NOT_JUDGED;
            why = r == null ? "not a treatment the definitions count" : "judged by each definition (sessions)";
        } else if (r.dose() == Verdict.NOT_MET) {
            adequacy = Adequacy.DOSE_TOO_LOW;
            why = "below the minimum adequate dose";
        } else if (tooShort) {
            adequacy = Adequacy.TOO_SHORT;
            why = "shorter than the adequate duration";
        } else if (r.adherence() == Verdict.NOT_MET) {
            adequacy = Adequacy.LOW_ADHERENCE;
            why = "adherence below the minimum";
        } else if (r.currentEpisode() != Verdict.MET) {
            adequacy = Adequacy.NOT_JUDGED;
            why = r.currentEpisode() == Verdict.NOT_MET ? "earlier episode: duration judged for the current episode only"
                    : "episode unknown";
        } else if (r.dose() == Verdict.INDETERMINATE || !durationKnown
                || r.adherence() == Verdict.INDETERMINATE) {
            adequacy = Adequacy.UNKNOWN;
            List<String> m = new ArrayList<>();
            if (r.dose() == Verdict.INDETERMINATE) {
                m.add("dose");
            }
            if (!durationKnown) {
                m.add(ect ? "number of sessions" : "duration");
            }
            if (r.adherence() == Verdict.INDETERMINATE) {
                m.add("adherence");
            }
            why = String.join(", ", m) + " not known";
        } else {
            adequacy = Adequacy.ADEQUATE;
            why = "dose, duration and adherence adequate (current episode, regulatory thresholds)";
        }
        TrialOutcome o = r == null ? null : r.outcome();
        String outcome = o == null ? "outcome not judged" : outcomeWord(o)
                + (r.improvementPercent() == null ? "" : " (" + num(r.improvementPercent()) + " %)");
        List<Integer> by = countedBy.getOrDefault(id, List.of());
        List<String> byIds = by.stream().map(i -> a.definitions().get(i).id()).toList();
        List<String> pseudoWords = findings.stream()
                .filter(f -> f.category() != PseudoResistanceCategory.DURATION
                        && f.category() != PseudoResistanceCategory.DOSE
                        && f.category() != PseudoResistanceCategory.ADHERENCE)
                .map(f -> pseudoWord(f.category())).distinct().toList();
        return new Course(id, key, name, dose, kind, addOn, start, end, plannedEnd, open, endUnknown,
                r != null && r.weeks() != null ? r.weeks() : weeks, null, css, className, adequacy, why, outcome,
                o == null ? "?" : outcomeSymbol(o), o == null ? "o-unknown" : "o-" + o.name().toLowerCase(Locale.ROOT)
                .replace('_', '-'), by, byIds, pseudoWords);
    }

    /** The colour key of a pharmacological class (the legend names it; the shape and words carry the verdicts). */
    static String classCss(String drugClass) {
        if (drugClass == null) {
            return "k-other";
        }
        String k = drugClass.toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (k) {
            case "ssri", "snri", "tca", "maoi", "ndri", "nassa", "sari", "multimodal", "atypical-antipsychotic",
                 "lithium", "thyroid-hormone" -> "k-" + k;
            default -> "k-other";
        };
    }

    /** A class for display: acronyms as they are (SSRI, NASSA), other names in words (atypical antipsychotic). */
    static String className(String drugClass) {
        return drugClass.matches("[A-Z]{2,5}") ? drugClass : drugClass.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String outcomeWord(TrialOutcome o) {
        return switch (o) {
            case REMISSION -> "remission";
            case RESPONSE -> "response";
            case PARTIAL_RESPONSE -> "partial response";
            case NON_RESPONSE -> "non-response";
            case RESPONSE_LOST -> "response lost";
            case INTOLERANCE -> "stopped: intolerance";
            case UNKNOWN -> "outcome unknown";
        };
    }

    /** A letter inside the outcome marker, so the outcome never rests on the marker's colour or shape alone. */
    static String outcomeSymbol(TrialOutcome o) {
        return switch (o) {
            case REMISSION -> "R";
            case RESPONSE -> "+";
            case PARTIAL_RESPONSE -> "P";
            case NON_RESPONSE -> "\u00d7";
            case RESPONSE_LOST -> "L";
            case INTOLERANCE -> "!";
            case UNKNOWN -> "?";
        };
    }

    private static String pseudoWord(PseudoResistanceCategory c) {
        return switch (c) {
            case ADHERENCE -> "adherence";
            case DOSE -> "dose";
            case DURATION -> "duration";
            case INTERACTING_DRUG -> "interacting drug";
            case MEDICAL_CONDITION -> "medical condition";
            case STRESSOR -> "stressor";
        };
    }

    // ---- the blocks beside the timeline ----------------------------------------------------------------------

    private static SafetyView safety(Patient p, Assessment a) {
        List<SafetyItem> items = new ArrayList<>();
        for (SafetyFinding f : a.safety()) {
            items.add(new SafetyItem(f.severity().name().toLowerCase(Locale.ROOT), f.summary(), f.action(),
                    f.explanation().reasons(), f.explanation().criterion(), f.explanation().citation()));
        }
        String ideation = p.suicidalIdeation() == null ? "not recorded"
                : p.suicidalIdeation() ? "recorded as present" : "recorded as absent";
        return new SafetyView(items, ideation);
    }

    private static List<DefinitionView> definitions(Assessment a, Map<String, String> keys) {
        List<DefinitionView> out = new ArrayList<>();
        for (int i = 0; i < a.definitions().size(); i++) {
            DefinitionResult d = a.definitions().get(i);
            List<Ref> counted = new ArrayList<>();
            List<Judged> other = new ArrayList<>();
            for (TreatmentJudgement j : d.treatments()) {
                String key = keys.getOrDefault(j.treatmentId(), j.treatmentId());
                if (j.counted() == Verdict.MET) {
                    counted.add(new Ref(key, j.label()));
                } else {
                    List<String> why = new ArrayList<>(j.reasons());
                    j.missingData().forEach(m -> why.add("missing: " + m));
                    other.add(new Judged(key, j.label(), j.counted() == Verdict.NOT_MET ? "not counted" : "undecided",
                            why));
                }
            }
            out.add(new DefinitionView(i, d.id(), d.name(), verdictWord(d.verdict()), verdictCss(d.verdict()),
                    verdictSymbol(d.verdict()), d.explanation().criterion(), d.explanation().citation(),
                    d.sourceStatus().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + (d.sourceNote() == null || d.sourceNote().isBlank() ? "" : ": " + d.sourceNote()),
                    d.explanation().reasons(), counted, other, d.explanation().missingData(),
                    d.whatWouldChange()));
        }
        return out;
    }

    static String verdictWord(Verdict v) {
        return switch (v) {
            case MET -> "MET";
            case NOT_MET -> "NOT MET";
            case INDETERMINATE -> "UNDECIDED";
        };
    }

    static String verdictCss(Verdict v) {
        return switch (v) {
            case MET -> "v-met";
            case NOT_MET -> "v-not";
            case INDETERMINATE -> "v-ind";
        };
    }

    static String verdictSymbol(Verdict v) {
        return switch (v) {
            case MET -> "\u2714";
            case NOT_MET -> "\u2716";
            case INDETERMINATE -> "?";
        };
    }

    private static List<StageView> stages(Assessment a) {
        List<StageView> out = new ArrayList<>();
        for (StagingResult s : a.stages()) {
            String value;
            if (s.status() == StagingStatus.UNSUPPORTED) {
                value = "not computed";
            } else if (s.stage() != null) {
                value = s.stage();
            } else if (s.score() != null) {
                value = num(s.score());
            } else {
                value = num(s.low()) + " to " + (Double.isInfinite(s.high()) ? "unbounded" : num(s.high()));
            }
            List<StageItemView> items = new ArrayList<>();
            for (StagingItem i : s.items()) {
                boolean range = i.high() == null || i.high() != i.low();
                items.add(new StageItemView(i.name(), range ? num(i.low()) + " to "
                        + (i.high() == null ? "?" : num(i.high())) : num(i.low()), range, i.basis()));
            }
            String status = switch (s.status()) {
                case DECIDED -> "decided";
                case RANGE -> "range: missing data";
                case UNSUPPORTED -> "unsupported";
            };
            out.add(new StageView(s.id(), s.name(), status, value, s.band(), items, s.explanation().reasons(),
                    s.explanation().missingData(), s.explanation().citation()));
        }
        return out;
    }

    private static List<PseudoView> pseudo(Assessment a, Map<String, String> keys) {
        List<PseudoView> out = new ArrayList<>();
        Map<String, String> labels = new HashMap<>();
        a.treatments().forEach(t -> labels.put(t.id(), t.label()));
        for (PseudoResistanceFinding f : a.pseudoResistance()) {
            List<Ref> refs = f.treatmentIds().stream()
                    .map(id -> new Ref(keys.getOrDefault(id, id), labels.getOrDefault(id, id))).toList();
            out.add(new PseudoView(pseudoWord(f.category()), refs, f.reason(), f.citation()));
        }
        return out;
    }

    private static RiskView risk(Assessment a) {
        if (a.risk() == null) {
            return null;
        }
        List<RiskRow> rows = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (RiskFactor f : a.risk().factors()) {
            if (f.status() == FactorStatus.ABSENT) {
                absent.add(f.name());
                continue;
            }
            rows.add(new RiskRow(f.name(), f.status() == FactorStatus.PRESENT ? "present" : "not recorded", f.effect(),
                    f.inTotal() && f.status() == FactorStatus.PRESENT
                            ? String.format(Locale.ROOT, "%+.2f", f.contribution()) : "", f.basis(), f.citation()));
        }
        rows.sort((x, y) -> x.status().equals(y.status()) ? 0 : x.status().equals("present") ? -1 : 1);
        return new RiskView(String.format(Locale.ROOT, "%.2f", a.risk().total()), a.risk().model(),
                a.risk().statement(), rows, absent);
    }

    private static OptionsView options(Assessment a) {
        Map<EligibilityStatus, Integer> all = new EnumMap<>(EligibilityStatus.class);
        Map<OptionFamily, List<OptionResult>> byFamily = new EnumMap<>(OptionFamily.class);
        for (OptionResult o : a.options()) {
            byFamily.computeIfAbsent(o.family(), k -> new ArrayList<>()).add(o);
            all.merge(o.status(), 1, Integer::sum);
        }
        List<FamilyView> families = new ArrayList<>();
        for (Map.Entry<OptionFamily, List<OptionResult>> e : byFamily.entrySet()) {
            Map<EligibilityStatus, List<OptionView>> groups = new EnumMap<>(EligibilityStatus.class);
            for (OptionResult o : e.getValue()) {
                groups.computeIfAbsent(o.status(), k -> new ArrayList<>()).add(new OptionView(o.id(), o.label(),
                        o.reasons(), o.citations(), evidence(o)));
            }
            List<StatusGroup> sg = new ArrayList<>();
            List<String> counts = new ArrayList<>();
            groups.forEach((s, list) -> {
                sg.add(new StatusGroup(statusWord(s), "s-" + s.name().toLowerCase(Locale.ROOT).replace('_', '-'), list));
                counts.add(list.size() + " " + statusWord(s));
            });
            boolean small = e.getValue().size() <= 12;
            families.add(new FamilyView(familyName(e.getKey()), String.join(", ", counts), small, sg));
        }
        List<String> words = new ArrayList<>();
        all.forEach((s, n) -> words.add(n + " " + statusWord(s)));
        return new OptionsView(a.options().size() + " options: " + String.join(", ", words), families);
    }

    /**
     * The guideline grades of an option, for the page's "evidence" line: each grade as guideline, section, line and
     * level (and the population it is for), or the reason there is none.
     */
    static String evidence(OptionResult o) {
        if (o.evidence().isEmpty()) {
            return o.noGradeReason();
        }
        List<String> parts = new ArrayList<>();
        for (org.trdrules.assessment.Evidence e : o.evidence()) {
            StringBuilder b = new StringBuilder(e.guideline());
            for (String x : new String[] {e.section(), e.line(), e.level()}) {
                if (x != null && !x.isBlank()) {
                    b.append(", ").append(x);
                }
            }
            if (e.population() != null && !e.population().isBlank()) {
                b.append(" (").append(e.population()).append(')');
            }
            parts.add(b.toString());
        }
        return String.join("; ", parts);
    }

    static String statusWord(EligibilityStatus s) {
        return switch (s) {
            case ELIGIBLE -> "eligible";
            case NEEDS_REVIEW -> "needs review";
            case NOT_ELIGIBLE -> "not eligible";
            case CONTRAINDICATED -> "contraindicated";
        };
    }

    static String familyName(OptionFamily f) {
        return switch (f) {
            case DOSE_INCREASE -> "Dose increase";
            case SWITCH -> "Switch antidepressant";
            case COMBINE -> "Combine with a second antidepressant";
            case AUGMENT -> "Augment";
            case PSYCHOTHERAPY -> "Psychotherapy";
            case PROCEDURE -> "Procedures and neuromodulation";
            case LIFESTYLE -> "Lifestyle";
            case SOCIAL -> "Social interventions";
        };
    }

    /** All missing data named anywhere in the assessment, each once, with where it matters. */
    private static List<String> missing(Assessment a) {
        Set<String> out = new LinkedHashSet<>();
        for (DefinitionResult d : a.definitions()) {
            d.explanation().missingData().forEach(m -> out.add(m + " (" + d.id() + ")"));
        }
        for (StagingResult s : a.stages()) {
            s.explanation().missingData().forEach(m -> out.add(m + " (" + s.id() + ")"));
        }
        for (TreatmentReview t : a.treatments()) {
            t.missingData().forEach(m -> out.add(m + " (" + t.label() + ")"));
        }
        return List.copyOf(out);
    }

    private static List<String> whatWouldChange(Assessment a) {
        List<String> out = new ArrayList<>();
        for (DefinitionResult d : a.definitions()) {
            d.whatWouldChange().forEach(w -> out.add(d.id() + ": " + w));
        }
        return out;
    }

    private static List<String> warnings(Assessment a) {
        List<String> out = new ArrayList<>();
        for (Warning w : a.warnings()) {
            out.add(w.path() + ": " + w.message() + " (" + w.code() + ")");
        }
        return out;
    }

    private static List<CourseRow> rows(Assessment a, List<Course> courses) {
        List<CourseRow> out = new ArrayList<>();
        for (Course c : courses) {
            String duration = c.weeks() == null ? "not recorded" : num(c.weeks()) + " weeks";
            if (c.open()) {
                duration += ", ongoing" + (c.plannedEnd() == null ? "" : " (planned end " + c.plannedEnd() + ")");
            }
            List<String> notes = new ArrayList<>(c.pseudo().stream().map(x -> "pseudo-resistance check: " + x).toList());
            out.add(new CourseRow(c.key(), (c.addOn() ? "+ " : "") + c.name(), c.kind(),
                    c.className() == null ? "" : className(c.className()), c.start() == null ? "not recorded" : c.start().toString(),
                    c.open() ? "ongoing" : c.endUnknown() ? "not recorded" : c.end() == null ? "not recorded"
                            : c.end().toString(), duration, c.dose() == null ? "not recorded" : c.dose(),
                    c.adequacy().word + " (" + c.adequacyWhy() + ")", c.outcome(),
                    c.countedIds().isEmpty() ? "none" : String.join(", ", c.countedIds()), String.join("; ", notes)));
        }
        return out;
    }

    // ---- the timeline -----------------------------------------------------------------------------------------

    private static TimelineView timeline(Patient p, Assessment a, TrdConfig config, List<Course> courses) {
        LocalDate eval = a.evaluationDate();
        List<Course> dated = courses.stream().filter(c -> c.start() != null).toList();
        List<Course> undated = courses.stream().filter(c -> c.start() == null).toList();
        List<Measurement> scores = p.measurements().stream()
                .filter(m -> m.date() != null && m.score() != null && m.instrument() != null).toList();
        // the time axis: everything dated, and the evaluation date
        LocalDate lo = eval;
        LocalDate hi = eval;
        for (Course c : dated) {
            lo = min(lo, c.start());
            hi = max(hi, c.end() == null ? c.start() : c.end());
        }
        for (Measurement m : scores) {
            lo = min(lo, m.date());
            hi = max(hi, m.date());
        }
        // an episode widens the axis when it reaches into the half year before the first dated fact; one long
        // before it would shrink every bar to a sliver, so it is named in the caption instead
        LocalDate reach = lo.minusDays(183);
        for (Episode e : p.episodes()) {
            if (e.onset() != null && !e.onset().isAfter(eval) && (e.end() == null || !e.end().isBefore(reach))) {
                lo = min(lo, e.onset());
            }
        }
        boolean anyDated = !dated.isEmpty() || !scores.isEmpty();
        long spanDays = Math.max(60, ChronoUnit.DAYS.between(lo, hi));
        LocalDate d0 = lo.minusDays(spanDays / 40 + 1);
        LocalDate d1 = hi.plusDays(spanDays / 40 + 1);
        Scale x = new Scale(d0, d1);

        double y = 20;
        String axisY = f(y + 18);
        List<Tick> ticks = anyDated ? ticks(x) : List.of();
        double plotTop = y + 30;
        y = plotTop + 12;
        List<Lane> lanes = new ArrayList<>();
        if (anyDated) {
            for (Course c : dated) {
                lanes.add(lane(c, x.at(c.start()), c.end() == null ? x.at(c.start()) + 10 : x.at(c.end().plusDays(1)), y));
                y += LANE;
            }
        }
        List<ScoreChart> charts = new ArrayList<>();
        if (anyDated) {
            Map<Instrument, List<Measurement>> byInstrument = new EnumMap<>(Instrument.class);
            scores.forEach(m -> byInstrument.computeIfAbsent(m.instrument(), k -> new ArrayList<>()).add(m));
            for (Map.Entry<Instrument, List<Measurement>> e : byInstrument.entrySet()) {
                y += 16;
                charts.add(chart(e.getKey(), e.getValue(), x, y, config));
                y += CHART + 14;
            }
        }
        double plotBottom = y;
        List<Band> bands = new ArrayList<>();
        if (anyDated) {
            for (Episode e : p.episodes()) {
                if (e.onset() == null || e.onset().isAfter(eval) || e.onset().isBefore(d0)) {
                    continue; // not drawn: the caption lists every episode with its dates
                }
                LocalDate end = e.end() == null || e.end().isAfter(eval) ? eval : e.end();
                double bx = x.at(e.onset());
                double bw = Math.max(2, x.at(end.plusDays(1)) - bx);
                boolean current = Boolean.TRUE.equals(e.current()) || isCurrent(p, a, e);
                bands.add(new Band(f(bx), f(plotTop - 4), f(bw), f(plotBottom - plotTop + 4),
                        "episode " + e.id() + (current ? " (current)" : "") + (e.end() == null ? ", ongoing" : ""),
                        f(bx + 4), f(plotTop + 8), current));
            }
        }
        EvalLine evalLine = anyDated ? new EvalLine(f(x.at(eval)), f(plotTop - 4), f(plotBottom + 4),
                "evaluated " + eval, f(Math.min(x.at(eval) - 4, PLOT_RIGHT))) : null;
        if (anyDated) {
            y += 14; // the evaluation date's label under the plot
        }

        Undated und = null;
        if (!undated.isEmpty()) {
            y = anyDated ? y + 12 : 0;
            double headingY = y + 14;
            y += 40;
            double maxWeeks = 8;
            for (Course c : undated) {
                if (c.weeks() != null) {
                    maxWeeks = Math.max(maxWeeks, c.weeks());
                }
            }
            double top = Math.ceil(maxWeeks / 4) * 4;
            double scale = (PLOT_RIGHT - PLOT_LEFT) / top;
            List<Tick> wt = new ArrayList<>();
            double step = niceStep(top);
            for (double w = 0; w <= top + 1e-9; w += step) {
                wt.add(new Tick(f(PLOT_LEFT + w * scale), num(w) + (w == 0 ? " weeks" : "")));
            }
            String undAxis = f(y - 8);
            List<Lane> ul = new ArrayList<>();
            for (Course c : undated) {
                double w = c.weeks() == null ? 10 : Math.max(3, c.weeks() * scale);
                ul.add(lane(c, PLOT_LEFT, PLOT_LEFT + w, y));
                y += LANE;
            }
            und = new Undated(f(y), f(headingY), "Recorded without dates: bar length is the recorded duration, from a"
                    + " common start; order as recorded, not in time.", wt, undAxis, ul);
        }
        int height = (int) Math.ceil(y + 16);

        Set<String> classes = new LinkedHashSet<>();
        List<LegendItem> legend = new ArrayList<>();
        for (Course c : courses) {
            String name = c.css().equals("k-ect") ? "ECT" : c.css().equals("k-psy") ? "psychotherapy"
                    : c.css().equals("k-proc") ? "other procedure" : c.css().equals("k-other")
                    ? (c.className() == null ? "class unknown" : "other class") : className(c.className());
            if (classes.add(c.css() + name)) {
                legend.add(new LegendItem(name, c.css()));
            }
        }
        String desc = description(a, courses, dated.size(), undated.size(), scores.size(), lo, hi);
        List<String> episodes = new ArrayList<>();
        for (Episode e : p.episodes()) {
            boolean current = Boolean.TRUE.equals(e.current()) || isCurrent(p, a, e);
            episodes.add("episode " + e.id() + (current ? " (current)" : "") + ": "
                    + (e.onset() == null ? "onset not recorded" : "from " + e.onset())
                    + (e.end() == null ? ", ongoing" : " to " + e.end())
                    + (e.severity() == null ? "" : ", " + e.severity().name().toLowerCase(Locale.ROOT)));
        }
        return new TimelineView(WIDTH, height, "Treatment timeline", desc, anyDated, ticks, axisY, f(PLOT_LEFT),
                f(PLOT_RIGHT), f(plotTop), f(plotBottom), bands, lanes, charts, evalLine, und, legend, episodes);
    }

    /**
     * Whether the engine put this episode's treatments in the current episode (it decides which episode is
     * current; the band only shows it): a trial of the episode, by reference or, without one, by a start inside
     * the episode's dates, that was judged to be in the current episode.
     */
    private static boolean isCurrent(Patient p, Assessment a, Episode e) {
        Set<String> ids = new java.util.HashSet<>();
        for (AntidepressantTrial t : p.trials()) {
            boolean inside = t.episodeId() == null && t.start() != null && e.onset() != null
                    && !t.start().isBefore(e.onset()) && (e.end() == null || !t.start().isAfter(e.end()));
            if (e.id().equals(t.episodeId()) || inside) {
                ids.add(t.id());
            }
        }
        for (TreatmentReview r : a.treatments()) {
            if (ids.contains(r.id()) && r.currentEpisode() == Verdict.MET) {
                return true;
            }
        }
        return false;
    }

    private static String description(Assessment a, List<Course> courses, int dated, int undated, int scores,
                                      LocalDate lo, LocalDate hi) {
        StringBuilder b = new StringBuilder();
        b.append(courses.size()).append(courses.size() == 1 ? " treatment course" : " treatment courses");
        if (dated > 0) {
            b.append(", ").append(dated).append(" dated (").append(lo).append(" to ").append(hi).append(")");
        }
        if (undated > 0) {
            b.append(", ").append(undated).append(" recorded without dates");
        }
        b.append("; ").append(scores).append(scores == 1 ? " symptom score" : " symptom scores").append(". ");
        for (Course c : courses) {
            b.append(c.key()).append(' ').append(c.name()).append(c.dose() == null ? "" : " " + c.dose())
                    .append(": ").append(c.adequacy().word).append(", ").append(c.outcome())
                    .append(c.countedIds().isEmpty() ? "" : ", counted by " + String.join(", ", c.countedIds()))
                    .append(". ");
        }
        b.append("Evaluated ").append(a.evaluationDate()).append(". The table after the timeline lists the same.");
        return b.toString();
    }

    private static Lane lane(Course c, double x0, double x1, double top) {
        double width = Math.max(3, x1 - x0);
        boolean thin = c.adequacy() == Adequacy.DOSE_TOO_LOW;
        double h = thin ? BAR / 2 : BAR;
        double barY = top + 6 + (BAR - h) / 2;
        double end = x0 + width;
        String arrow = c.open() ? f(end) + "," + f(top + 2) + " " + f(end + 9) + "," + f(top + 6 + BAR / 2) + " "
                + f(end) + "," + f(top + 10 + BAR) : null;
        String label = c.name() + (c.dose() != null ? " " + c.dose()
                : c.kind().equals("procedure") || c.kind().equals("psychotherapy") ? "" : ", dose not recorded");
        List<String> note = new ArrayList<>();
        note.add(c.key());
        note.add(c.adequacy().word + (c.adequacy() == Adequacy.UNKNOWN || c.adequacy() == Adequacy.NOT_JUDGED
                ? " (" + c.adequacyWhy() + ")" : ""));
        note.add(c.outcome());
        if (c.open()) {
            note.add(c.plannedEnd() == null ? "ongoing" : "ongoing, planned end " + c.plannedEnd());
        } else if (c.endUnknown()) {
            note.add("end not recorded");
        }
        if (!c.countedIds().isEmpty()) {
            note.add("counted by " + c.countedIds().size() + (c.countedIds().size() == 1 ? " definition"
                    : " definitions"));
        }
        c.pseudo().forEach(w -> note.add("check: " + w));
        String noteText = String.join(" \u00b7 ", note);
        double noteX = Math.min(x0, PLOT_RIGHT - Math.min(PLOT_RIGHT - PLOT_LEFT, noteText.length() * 5.6));
        StringBuilder css = new StringBuilder("course ").append(c.css()).append(' ').append(c.adequacy().css);
        c.countedBy().forEach(i -> css.append(" c").append(i));
        if (!c.countedBy().isEmpty()) {
            css.append(" counted");
        }
        String title = c.key() + " " + label + ": " + c.adequacy().word + " (" + c.adequacyWhy() + "); " + c.outcome()
                + (c.countedIds().isEmpty() ? "; counted by no definition"
                : "; counted by " + String.join(", ", c.countedIds()));
        return new Lane(c.key(), label, title, c.addOn(), f(PLOT_LEFT - 8), f(top + 6 + BAR / 2 + 4), f(x0), f(barY),
                f(width), f(h), css.toString(), c.adequacy().word, c.adequacy().css, c.open(), arrow,
                f(c.open() ? end + 16 : end), f(top + 6 + BAR / 2), c.outcomeSymbol(), c.outcomeCss(), f(noteX),
                f(top + 6 + BAR + 14), noteText, !c.countedBy().isEmpty());
    }

    private static ScoreChart chart(Instrument instrument, List<Measurement> ms, Scale x, double top,
                                    TrdConfig config) {
        List<Measurement> sorted = new ArrayList<>(ms);
        sorted.sort((m1, m2) -> m1.date().compareTo(m2.date()));
        double max = instrument.max();
        java.util.function.DoubleUnaryOperator yOf = s -> top + CHART - (Math.max(0, Math.min(max, s)) / max) * CHART;
        List<ScorePoint> pts = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (Measurement m : sorted) {
            double px = x.at(m.date());
            double py = yOf.applyAsDouble(m.score());
            boolean item9 = m.item9() != null && m.item9() > 0;
            pts.add(new ScorePoint(f(px), f(py), num(m.score()), instrumentName(instrument) + " " + num(m.score()) + " on " + m.date()
                    + (m.item9() == null ? "" : ", item 9 = " + m.item9()), item9));
            line.append(line.length() == 0 ? "" : " ").append(f(px)).append(',').append(f(py));
        }
        List<Tick> yt = new ArrayList<>();
        for (double v : new double[] {0, max / 2, max}) {
            yt.add(new Tick(f(yOf.applyAsDouble(v)), num(v)));
        }
        double remission = config.remissionAtOrBelow(instrument);
        double first = sorted.get(0).score();
        double response = first * (1 - config.responsePercent() / 100.0);
        return new ScoreChart(instrumentName(instrument), f(top), f(CHART), f(top - 4), yt, line.toString(), pts,
                f(yOf.applyAsDouble(remission)), "remission \u2264 " + num(remission),
                f(yOf.applyAsDouble(response)), "response: " + num(config.responsePercent())
                + " % below the first score (\u2264 " + num(response) + ")");
    }

    static String instrumentName(Instrument i) {
        return switch (i) {
            case PHQ9 -> "PHQ-9";
            case QIDS_SR16 -> "QIDS-SR16";
            case HAMD17 -> "HAM-D17";
            case MADRS -> "MADRS";
        };
    }

    /** Axis ticks at whole months, years or multiples of them, at most about ten. */
    private static List<Tick> ticks(Scale x) {
        long months = ChronoUnit.MONTHS.between(x.d0, x.d1) + 1;
        int[] steps = {1, 2, 3, 6, 12, 24, 60, 120, 240};
        int step = 240;
        for (int s : steps) {
            if (months / s <= 10) {
                step = s;
                break;
            }
        }
        LocalDate t = x.d0.withDayOfMonth(1).plusMonths(1);
        if (step >= 12) {
            t = LocalDate.of(x.d0.getYear() + 1, 1, 1);
            while (t.getYear() % (step / 12) != 0) {
                t = t.plusYears(1);
            }
        } else {
            while ((t.getMonthValue() - 1) % step != 0) {
                t = t.plusMonths(1);
            }
        }
        List<Tick> out = new ArrayList<>();
        for (; t.isBefore(x.d1); t = t.plusMonths(step)) {
            out.add(new Tick(f(x.at(t)), step >= 12 ? Integer.toString(t.getYear())
                    : t.getYear() + "-" + String.format(Locale.ROOT, "%02d", t.getMonthValue())));
        }
        return out;
    }

    private static double niceStep(double top) {
        for (double s : new double[] {1, 2, 4, 8, 13, 26, 52, 104, 260}) {
            if (top / s <= 10) {
                return s;
            }
        }
        return 520;
    }

    /** Dates to x positions in the plot. */
    private record Scale(LocalDate d0, LocalDate d1) {
        double at(LocalDate d) {
            double span = Math.max(1, ChronoUnit.DAYS.between(d0, d1));
            double v = ChronoUnit.DAYS.between(d0, d) / span;
            return PLOT_LEFT + Math.max(0, Math.min(1, v)) * (PLOT_RIGHT - PLOT_LEFT);
        }
    }

    // ---- formatting --------------------------------------------------------------------------------------------

    private static String age(Patient p, LocalDate eval) {
        Integer age = p.ageAt(eval);
        return age == null ? "not recorded" : age + " years";
    }

    static String dose(Double mg) {
        return mg == null ? null : num(mg) + " mg/d";
    }

    static String num(double d) {
        double r = Math.round(d * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }

    /** A coordinate with one decimal, never in exponent notation. */
    static String f(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return b.isBefore(a) ? b : a;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return b.isAfter(a) ? b : a;
    }
}
