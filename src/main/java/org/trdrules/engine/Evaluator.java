package org.trdrules.engine;

import org.trdrules.ErrorCode;
import org.trdrules.RuleInfo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.trdrules.TrdConfig;
import org.kie.api.runtime.KieSession;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.Explanation;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TreatmentReview;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.StagingStatus;
import org.trdrules.assessment.SafetyFinding;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.RiskFactor;
import org.trdrules.assessment.PseudoResistanceFinding;
import org.trdrules.assessment.RiskResult;
import org.trdrules.model.Episode;
import org.trdrules.assessment.Verdict;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.InvalidPatientException;
import org.trdrules.model.Patient;
import org.trdrules.model.ValidationProblem;

/**
 * Runs the rules for one patient: validate, normalise, insert facts into a fresh session in three phases (one per group of stages), and read
 * the conclusions back into an immutable {@link Assessment}. Thread-safe: holds only immutable state; every call
 * uses its own session and facts.
 */
public final class Evaluator {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Evaluator.class);

    /** Id of the internal definition whose judgements the staging models read. */
    static final String STAGING_BASIS_ID = TrdConfig.RESERVED_STAGING_BASIS_ID;

    /** Staging models in report order; each is computed by the rule of the same name. */
    static final List<String> STAGING_MODELS = List.of("thase-rush", "european-staging", "mgh-s", "maudsley", "dm-trd");

    private final RuleBase rules;
    private final DrugCatalog catalog;
    private final TrdConfig config;
    private final Settings settings;
    private final List<DefinitionSpec> specs;
    private final DefinitionSpec stagingBasis;
    private final List<DefinitionSpec> allSpecs;
    private final OptionCatalog optionCatalog;

    public Evaluator(RuleBase rules, DrugCatalog catalog, TrdConfig config) {
        this.rules = rules;
        this.catalog = catalog;
        this.config = config;
        this.settings = new Settings(config);
        this.specs = config.definitions();
        this.stagingBasis = new DefinitionSpec(STAGING_BASIS_ID, "staging basis", 1, 1, config.responsePercent(),
                config.minimumTrialWeeks(), org.trdrules.assessment.EpisodeScope.CURRENT_EPISODE,
                java.util.EnumSet.of(org.trdrules.assessment.TreatmentKind.ANTIDEPRESSANT,
                        org.trdrules.assessment.TreatmentKind.AUGMENTATION,
                        org.trdrules.assessment.TreatmentKind.COMBINATION, org.trdrules.assessment.TreatmentKind.ECT),
                "Failed adequate treatments of the current episode under the regulatory thresholds (staging input).",
                "MGH-S adequacy: >=6 weeks at an adequate dose (Fava 2003)", "internal");
        this.allSpecs = new ArrayList<>(specs);
        this.allSpecs.add(stagingBasis);
        this.optionCatalog = config.eligibility() ? OptionCatalog.load(catalog) : null;
    }

    public List<DefinitionSpec> specs() {
        return specs;
    }

    public Assessment assess(Patient patient, LocalDate today) {
        List<ValidationProblem> problems = PatientCheck.validate(patient, today);
        if (!problems.isEmpty()) {
            throw new InvalidPatientException(problems);
        }
        Normaliser n = new Normaliser(catalog, today, settings, config.baselineWindowDays()).run(patient);
        // Phases follow the rule stages: each phase's facts are inserted only when the stages they read have
        // finished, so later rules read earlier conclusions through references instead of joins (docs/design.md).
        List<DefinitionTally> tallies = new ArrayList<>(specs.size());
        List<StagingFact> staging = new ArrayList<>(STAGING_MODELS.size());
        List<OptionFact> options = List.of();
        RiskFact risk = null;
        PseudoFact pseudo = null;
        List<List<SpecEval>> evals = new ArrayList<>(specs.size());
        SafetyFact safety = safetyFact(patient);
        KieSession session = rules.newStatefulSession();
        try {
            session.insert(safety);
            for (TreatmentFact u : n.treatments) {
                session.insert(u);
            }
            session.fireAllRules();                       // phase 1: adequacy and outcome per treatment
            for (DefinitionSpec s : allSpecs) {
                List<SpecEval> es = new ArrayList<>(n.treatments.size());
                for (TreatmentFact u : n.treatments) {
                    if (s.counts(u.getKind())) {
                        SpecEval e = new SpecEval(s, u);
                        es.add(e);
                        session.insert(e);
                    }
                }
                evals.add(es);
            }
            session.fireAllRules();                       // phase 2: per-definition criteria and counting
            for (DefinitionSpec s : specs) {
                DefinitionTally t = new DefinitionTally(s);
                tallies.add(t);
                session.insert(t);
            }
            Episode cur = n.currentEpisode;
            for (String model : STAGING_MODELS) {
                StagingFact f = new StagingFact(model, today.toEpochDay(),
                        cur == null || cur.onset() == null ? null : cur.onset().toEpochDay(),
                        cur == null || cur.end() == null ? null : cur.end().toEpochDay(),
                        cur == null || cur.severity() == null ? null : cur.severity().name(),
                        cur == null ? null : cur.psychoticFeatures());
                staging.add(f);
                session.insert(f);
            }
            risk = riskFact(patient, today, n, safety);
            session.insert(risk);
            pseudo = pseudoFact(patient, n);
            session.insert(pseudo);
            session.fireAllRules();                       // phase 3: tally and verdict per definition; staging; risk
            // phase 4: eligibility of every treatment option, reading the conclusions of phases 1-3
            if (config.eligibility()) {
                EligibilityContext ctx = Eligibility.context(patient, today, n, safety,
                        tallyVerdict(tallies, "two-adequate-trials"), tallyVerdict(tallies, "four-treatments"),
                        evals.get(evals.size() - 1), evals.get(specIndex("canadian-2021")), catalog);
                options = Eligibility.options(optionCatalog, ctx);
                for (OptionFact o : options) {
                    session.insert(o);
                }
                session.fireAllRules();
            }
        } finally {
            session.dispose();
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("assessed: {} episodes, {} treatments, {} definitions", n.episodes.size(),
                    n.treatments.size(), specs.size());
        }

        List<DefinitionResult> defs = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            defs.add(definition(specs.get(i), tallies.get(i), evals.get(i)));
        }
        List<TreatmentReview> reviews = new ArrayList<>(n.treatments.size());
        for (TreatmentFact u : n.treatments) {
            reviews.add(review(u));
        }
        List<StagingResult> stages = new ArrayList<>(staging.size());
        for (StagingFact f : staging) {
            stages.add(stage(f));
        }
        return new Assessment(patient.id(), today, rules.version(), safety(safety), defs, stages, pseudo(pseudo),
                risk(risk), options(options), reviews, n.warnings);
    }

    private PseudoFact pseudoFact(Patient p, Normaliser n) {
        List<PseudoFact.Med> meds = new ArrayList<>(p.medications().size());
        for (org.trdrules.model.Medication m : p.medications()) {
            String ingredient = catalog.find(m.drug()).map(org.trdrules.catalog.Drug::ingredient)
                    .orElse(m.drug().trim().toLowerCase(java.util.Locale.ROOT));
            meds.add(new PseudoFact.Med(m.id(), ingredient, Normaliser.day(m.start()), Normaliser.day(m.end())));
        }
        List<PseudoFact.Event> events = new ArrayList<>(p.lifeEvents().size());
        for (org.trdrules.model.LifeEvent e : p.lifeEvents()) {
            events.add(new PseudoFact.Event(e.id(), e.type().name(), Normaliser.day(e.date())));
        }
        List<TreatmentFact> current = new ArrayList<>();
        for (TreatmentFact t : n.treatments) {
            if (t.getEpisodeVerdict() == Verdict.MET) {
                current.add(t);
            }
        }
        Episode cur = n.currentEpisode;
        return new PseudoFact(Codes.of(p.conditions()), meds, events, current,
                cur == null ? null : Normaliser.day(cur.onset()));
    }

    private List<PseudoResistanceFinding> pseudo(PseudoFact f) {
        List<PseudoResistanceFinding> out = new ArrayList<>(f.findings().size());
        for (PseudoFact.Finding x : f.findings()) {
            out.add(new PseudoResistanceFinding(
                    org.trdrules.assessment.PseudoResistanceCategory.valueOf(x.category()), x.treatmentIds(), x.reason(), x.rule(),
                    rules.rules().get(x.rule()).citation()));
        }
        // stable order: by category, then by the first treatment affected
        out.sort(java.util.Comparator.comparing(PseudoResistanceFinding::category)
                .thenComparing(x -> x.treatmentIds().isEmpty() ? "" : x.treatmentIds().get(0))
                .thenComparing(PseudoResistanceFinding::reason));
        return out;
    }

    private static RiskFact riskFact(Patient p, LocalDate today, Normaliser n, SafetyFact safety) {
        Episode cur = n.currentEpisode;
        LocalDate firstOnset = p.episodes().stream().map(Episode::onset).filter(java.util.Objects::nonNull)
                .min(LocalDate::compareTo).orElse(null);
        Integer ageAtOnset = null;
        if (firstOnset != null && p.birthDate() != null) {
            ageAtOnset = java.time.Period.between(p.birthDate(), firstOnset).getYears();
        } else if (firstOnset != null && p.ageAt(today) != null) {
            ageAtOnset = p.ageAt(today) - java.time.Period.between(firstOnset, today).getYears();
        }
        Boolean inpatient = null;
        for (Episode e : p.episodes()) {
            if (Boolean.TRUE.equals(e.inpatient())) {
                inpatient = true;
                break;
            }
            if (Boolean.FALSE.equals(e.inpatient())) {
                inpatient = false;
            }
        }
        Verdict suicidal = safety.isSuicideRisk() ? Verdict.MET
                : Boolean.FALSE.equals(p.suicidalIdeation()) || safety.getMaxItem9() != null ? Verdict.NOT_MET
                : Verdict.INDETERMINATE;
        java.util.Set<String> tried = new java.util.HashSet<>();
        for (TreatmentFact t : n.treatments) {
            if (t.getKind() == org.trdrules.assessment.TreatmentKind.ANTIDEPRESSANT
                    || t.getKind() == org.trdrules.assessment.TreatmentKind.COMBINATION) {
                tried.add(t.getIngredient() != null ? t.getIngredient() : t.getLabel());
            }
        }
        Double weeks = n.currentEpisodeWeeks();
        return new RiskFact(p.sex() == null ? null : p.sex().name(), p.ageAt(today), ageAtOnset, p.episodes().size(),
                cur == null || cur.severity() == null ? null : cur.severity().name(),
                cur == null ? null : cur.psychoticFeatures(), cur == null ? null : cur.melancholicFeatures(), inpatient,
                suicidal, Codes.of(p.conditions()), tried.size(), weeks);
    }

    static final String RISK_MODEL = "sum of natural-log odds ratios of the Kautzky et al. 2019 factors present"
            + " (Acta Psychiatr Scand 2019;139(1):78-88), without the model's intercept or other variables";
    static final String RISK_STATEMENT = "A screening aid, not a validated prediction: the total is not a"
            + " probability and has not been validated as a score; factors without a confirmed effect size are"
            + " listed as unquantified and do not enter it.";

    private RiskResult risk(RiskFact f) {
        List<RiskFactor> out = new ArrayList<>(f.factors().size());
        double total = 0;
        for (RiskFact.Factor x : f.factors()) {
            out.add(new RiskFactor(x.id(), x.name(), org.trdrules.assessment.FactorStatus.of(x.status()), x.effect(), x.contribution(), x.inTotal(), x.basis(),
                    rules.rules().get(x.rule()).citation()));
            if (x.inTotal()) {
                total += x.contribution();
            }
        }
        // stable report order: the weighted factors first, then the others, each alphabetically by id
        out.sort(java.util.Comparator.comparing((RiskFactor x) -> !x.inTotal()).thenComparing(RiskFactor::id));
        return new RiskResult(out, total, RISK_MODEL, RISK_STATEMENT);
    }

    private static String classes(int n) {
        return n + (n == 1 ? " class" : " classes");
    }

    private int specIndex(String id) {
        for (int i = 0; i < allSpecs.size(); i++) {
            if (allSpecs.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalStateException(ErrorCode.ENGINE_DEFINITION_MISSING.message("built-in definition " + id + " missing"));
    }

    private static Verdict tallyVerdict(List<DefinitionTally> tallies, String id) {
        for (DefinitionTally t : tallies) {
            if (t.getSpec().id().equals(id)) {
                return t.getVerdict();
            }
        }
        return Verdict.INDETERMINATE;
    }

    /** Finding order within an option: worst status first, then rule id, then reason text (docs/json-format.md). */
    private static final java.util.Comparator<OptionFact.Finding> FINDING_ORDER =
            java.util.Comparator.comparing(OptionFact.Finding::status, java.util.Comparator.reverseOrder())
                    .thenComparing(OptionFact.Finding::rule).thenComparing(OptionFact.Finding::reason);

    /**
     * Options ranked by status (eligible first), then graded before ungraded, then in catalogue order; reasons in
     * {@link #FINDING_ORDER}, so the order never depends on the order in which rules fired.
     */
    private List<OptionResult> options(List<OptionFact> facts) {
        List<OptionFact> sorted = new ArrayList<>(facts);
        sorted.sort(java.util.Comparator.comparing((OptionFact o) -> o.getStatus() != null ? o.getStatus()
                        : EligibilityStatus.NEEDS_REVIEW)
                .thenComparing(o -> !o.isGraded()).thenComparingInt(o -> o.def().index()));
        List<OptionResult> out = new ArrayList<>(sorted.size());
        for (OptionFact o : sorted) {
            List<OptionFact.Finding> fs = new ArrayList<>(o.findings());
            fs.sort(FINDING_ORDER);
            List<String> reasons = new ArrayList<>(fs.size());
            java.util.LinkedHashSet<String> ruleIds = new java.util.LinkedHashSet<>();
            java.util.LinkedHashSet<String> cites = new java.util.LinkedHashSet<>();
            for (OptionFact.Finding f : fs) {
                reasons.add(f.reason());
                ruleIds.add(f.rule());
                cites.add(rules.rules().get(f.rule()).citation());
            }
            EligibilityStatus st = o.getStatus() != null ? o.getStatus() : EligibilityStatus.NEEDS_REVIEW;
            if (o.getStatus() == null) {
                reasons.add("no rule judged this option");
            }
            OptionCatalog.Def d = o.def();
            out.add(new OptionResult(d.id(), org.trdrules.assessment.OptionFamily.ofId(d.family()), d.label(), st,
                    reasons, List.copyOf(ruleIds), List.copyOf(cites), d.evidence(), d.noGradeReason()));
        }
        return out;
    }

    private static SafetyFact safetyFact(Patient p) {
        java.util.Set<String> codes = Codes.of(p.conditions());
        Integer max = null;
        List<String> positive = new ArrayList<>();
        for (int i = 0; i < p.measurements().size(); i++) {
            org.trdrules.model.Measurement m = p.measurements().get(i);
            if (m.item9() != null) {
                max = max == null ? m.item9() : Math.max(max, m.item9());
                if (m.item9() > 0) {
                    positive.add(m.id() != null ? m.id() : "measurements[" + i + "]");
                }
            }
        }
        boolean bipolar = false;
        boolean possible = false;
        for (org.trdrules.model.CodedCondition c : p.conditions()) {
            boolean b = Codes.normalise(c.code()).startsWith("F31") || BipolarCodes.SNOMED.contains(c.code().trim());
            if (Boolean.TRUE.equals(c.provisional())) {
                possible |= b;
            } else {
                bipolar |= b;
            }
        }
        return new SafetyFact(p.suicidalIdeation(), codes, max, positive, bipolar, possible);
    }

    /** The safety findings; the suicide-risk finding is never suppressed. */
    private List<SafetyFinding> safety(SafetyFact f) {
        if (!f.isSuicideRisk()) {
            return List.of();
        }
        List<String> ruleIds = new ArrayList<>();
        List<String> criteria = new ArrayList<>();
        List<String> citations = new ArrayList<>();
        for (String id : List.of("suicide-risk-flag", "suicide-risk-coded-condition", "suicide-risk-phq9-item9")) {
            RuleInfo r = rules.rules().get(id);
            ruleIds.add(id);
            criteria.add(r.criterion());
            citations.add(r.citation());
        }
        Explanation x = new Explanation(ruleIds, String.join(" Or: ", criteria), String.join("; ", citations),
                f.positiveItem9Ids(), f.basis(), List.of());
        return List.of(new SafetyFinding("suicide-risk", org.trdrules.assessment.SafetySeverity.CRITICAL,
                "Suicidal ideation or behaviour recorded: urgent clinical review",
                "Assess suicide risk now and follow local crisis procedures. In the US, the 988 Suicide and Crisis"
                        + " Lifeline (call or text 988) is available 24/7. Treatments with an indication for acute"
                        + " suicidal ideation: esketamine with an oral antidepressant (Spravato label) and ECT (APA).",
                x));
    }

    private StagingResult stage(StagingFact f) {
        RuleInfo info = rules.rules().get(f.getModel());
        List<String> missing = new ArrayList<>();
        for (Note note : f.notes()) {
            missing.add(note.text());
        }
        boolean unsupported = "unsupported".equals(f.getLowStage());
        boolean decided = !unsupported && f.getLow() == f.getHigh();
        boolean stageModel = f.getLowStage() != null && !unsupported;
        String stage = !stageModel ? (unsupported ? "unsupported" : null)
                : decided ? f.getLowStage() : f.getLowStage() + " to " + f.getHighStage();
        Double score = !stageModel && !unsupported && decided ? f.getLow() : null;
        List<String> reasons = new ArrayList<>();
        if (!decided && !unsupported) {
            reasons.add("missing data leaves a range: " + Explain.num(f.getLow()) + " to "
                    + (Double.isInfinite(f.getHigh()) ? "unbounded" : Explain.num(f.getHigh())));
        }
        Explanation x = new Explanation(List.of(f.getModel()), info.criterion(), info.citation(), f.used(), reasons,
                missing);
        return new StagingResult(f.getModel(), info.name(), unsupported ? StagingStatus.UNSUPPORTED
                : decided ? StagingStatus.DECIDED : StagingStatus.RANGE, stage,
                score, f.getLow(), f.getHigh(), f.getBand(), f.items(), x);
    }

    private TreatmentReview review(TreatmentFact u) {
        List<String> reasons = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Note note : u.notes()) {
            (note.verdict() == Verdict.INDETERMINATE ? missing : reasons).add(note.text());
        }
        return new TreatmentReview(u.getId(), u.getKind(), u.getLabel(), u.getIngredient(), u.getDrugClass(),
                u.getWeeks(), u.getDoseVerdict(), u.getAdherenceVerdict(), u.getEpisodeVerdict(), u.getOutcome(),
                u.getImprovementPercent(), reasons, missing);
    }

    private DefinitionResult definition(DefinitionSpec s, DefinitionTally t, List<SpecEval> evals) {
        Set<String> ruleIds = new LinkedHashSet<>();
        List<String> used = new ArrayList<>();
        List<String> missingAll = new ArrayList<>();
        List<TreatmentJudgement> judged = new ArrayList<>(evals.size());
        for (SpecEval e : evals) {
            TreatmentFact u = e.getTreatment();
            List<String> reasons = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            collect(u.notes(), e.getCounted(), reasons, missing, ruleIds, true);
            collect(e.notes(), e.getCounted(), reasons, missing, ruleIds, false);
            if (e.getCounted() == Verdict.MET) {
                used.add(u.getId());
            } else if (e.getCounted() == Verdict.INDETERMINATE) {
                missingAll.addAll(missing);
            }
            judged.add(new TreatmentJudgement(u.getId(), u.getLabel(), e.getCounted(), reasons, missing));
        }
        Verdict v = t.getVerdict();
        List<String> reasons = new ArrayList<>();
        for (Note note : t.notes()) {
            reasons.add(note.text());
            ruleIds.add(note.rule());
            if (note.verdict() == Verdict.INDETERMINATE) {
                missingAll.add(note.text()); // a definition-level open question (a provisional exclusion)
            }
        }
        reasons.add(t.getCertainTreatments() + " distinct failed adequate treatment"
                + (t.getCertainTreatments() == 1 ? "" : "s")
                + (s.classRule() ? " from " + classes(t.getCertainClasses()) : "") + " certain; "
                + s.minFailures() + (s.classRule() ? " from " + classes(s.minClasses()) : "") + " required");
        Explanation x = new Explanation(List.copyOf(ruleIds), s.criterion(), s.citation(), used, reasons,
                v == Verdict.INDETERMINATE ? missingAll : List.of());
        return new DefinitionResult(s.id(), s.name(), v, x, judged, WhatWouldChange.of(s, t, evals),
                s.status());
    }

    /**
     * Adds the notes that explain the treatment's standing: for a counted treatment every reason; for an excluded
     * one the NOT_MET reasons; for an undecided one the missing data. Unit-level episode/outcome notes are copied
     * into the definition-level notes by the rules where they matter, so they are skipped here.
     */
    private static void collect(List<Note> notes, Verdict counted, List<String> reasons, List<String> missing,
                                Set<String> ruleIds, boolean unitLevel) {
        for (Note n : notes) {
            if (unitLevel && ("episode".equals(n.aspect()) || "outcome".equals(n.aspect()))) {
                continue;
            }
            if (n.verdict() == Verdict.INDETERMINATE) {
                if (counted == Verdict.INDETERMINATE) {
                    missing.add(n.text());
                    ruleIds.add(n.rule());
                }
            } else if (counted == Verdict.MET || n.verdict() == Verdict.NOT_MET
                    || (counted == Verdict.INDETERMINATE && n.verdict() == Verdict.MET)) {
                reasons.add(n.text());
                ruleIds.add(n.rule());
            }
        }
    }
}
