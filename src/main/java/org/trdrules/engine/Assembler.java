package org.trdrules.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.trdrules.ErrorCode;
import org.trdrules.RuleInfo;
import org.trdrules.TrdConfig;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.Explanation;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.PseudoResistanceFinding;
import org.trdrules.assessment.RiskFactor;
import org.trdrules.assessment.RiskResult;
import org.trdrules.assessment.SafetyFinding;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.StagingStatus;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TreatmentReview;
import org.trdrules.assessment.Verdict;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;

/**
 * Reads the final state of an assessment's facts back into the immutable result: definitions with their
 * explanations, treatment reviews, staging, safety, pseudo-resistance, risk and options. Only presentation (order,
 * wording of counts, which notes explain what); every conclusion was written by a rule. Immutable and thread-safe.
 */
final class Assembler {

    private final RuleBase rules;

    Assembler(RuleBase rules) {
        this.rules = rules;
    }

    /** The assessment of one finished run. */
    Assessment assessment(Patient patient, LocalDate today, PhaseRunner.Run r) {
        List<DefinitionResult> defs = new ArrayList<>(r.specs().size());
        for (int i = 0; i < r.specs().size(); i++) {
            defs.add(definition(r.specs().get(i), r.tallies().get(i), r.evals().get(i)));
        }
        defs.add(r.switches().result());
        List<TreatmentReview> reviews = new ArrayList<>(r.normalised().treatments.size());
        for (TreatmentFact u : r.normalised().treatments) {
            reviews.add(review(u));
        }
        List<StagingResult> stages = new ArrayList<>(r.staging().size());
        for (StagingFact f : r.staging()) {
            stages.add(stage(f));
        }
        return new Assessment(patient.id(), today, rules.version(), safety(r.safety()), defs, stages,
                pseudo(r.pseudo()), risk(r.risk()), options(r.options()), reviews, r.normalised().warnings);
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

    /** Finding order within an option: worst status first, then rule id, then reason text (docs/json-format.md). */
    private static final java.util.Comparator<OptionFact.Finding> FINDING_ORDER =
            java.util.Comparator.comparing(OptionFact.Finding::status, java.util.Comparator.reverseOrder())
                    .thenComparing(OptionFact.Finding::rule).thenComparing(OptionFact.Finding::reason);

    /** The ranking key of an option: status (eligible first), then graded before ungraded, then catalogue order. */
    private static long rank(OptionFact o) {
        EligibilityStatus st = o.getStatus() != null ? o.getStatus() : EligibilityStatus.NEEDS_REVIEW;
        return ((long) st.ordinal() << 33) | (o.isGraded() ? 0L : 1L << 32) | o.def().index();
    }

    /**
     * Options ranked by status (eligible first), then graded before ungraded, then in catalogue order; reasons in
     * {@link #FINDING_ORDER}, so the order never depends on the order in which rules fired.
     */
    private List<OptionResult> options(List<OptionFact> facts) {
        List<OptionFact> sorted = new ArrayList<>(facts);
        sorted.sort(java.util.Comparator.comparingLong(Assembler::rank));
        List<OptionResult> out = new ArrayList<>(sorted.size());
        for (OptionFact o : sorted) {
            List<OptionFact.Finding> fs = o.findings();
            List<String> reasons;
            List<String> ruleIds;
            List<String> cites;
            if (fs.size() == 1) { // most options: one finding, nothing to order or merge
                OptionFact.Finding f = fs.get(0);
                reasons = List.of(f.reason());
                ruleIds = List.of(f.rule());
                cites = List.of(rules.rules().get(f.rule()).citation());
            } else {
                fs = new ArrayList<>(fs);
                fs.sort(FINDING_ORDER);
                reasons = new ArrayList<>(fs.size() + 1);
                java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
                java.util.LinkedHashSet<String> cs = new java.util.LinkedHashSet<>();
                for (OptionFact.Finding f : fs) {
                    if (!reasons.contains(f.reason())) { // two rules may state the same fact: it is listed once
                        reasons.add(f.reason());
                    }
                    ids.add(f.rule());
                    cs.add(rules.rules().get(f.rule()).citation());
                }
                if (o.getStatus() == null) {
                    reasons.add("no rule judged this option");
                }
                ruleIds = List.copyOf(ids);
                cites = List.copyOf(cs);
            }
            EligibilityStatus st = o.getStatus() != null ? o.getStatus() : EligibilityStatus.NEEDS_REVIEW;
            OptionCatalog.Def d = o.def();
            out.add(new OptionResult(d.id(), d.familyType(), d.label(), st, reasons, ruleIds, cites, d.evidence(),
                    d.noGradeReason()));
        }
        return out;
    }

    /** The safety findings; the suicide-risk finding is never suppressed. Rules and texts come from rule metadata. */
    private List<SafetyFinding> safety(SafetyFact f) {
        if (!f.isSuicideRisk()) {
            return List.of();
        }
        List<String> ruleIds = new ArrayList<>();
        List<String> criteria = new ArrayList<>();
        List<String> citations = new ArrayList<>();
        for (String id : rules.findingRules(SUICIDE_RISK)) {
            RuleInfo r = rules.rules().get(id);
            ruleIds.add(id);
            criteria.add(r.criterion());
            citations.add(r.citation());
        }
        Explanation x = new Explanation(ruleIds, String.join(" Or: ", criteria), String.join("; ", citations),
                f.positiveItem9Ids(), f.basis(), List.of());
        return List.of(new SafetyFinding(SUICIDE_RISK, org.trdrules.assessment.SafetySeverity.CRITICAL,
                rules.meta(SUICIDE_RISK_VERDICT, "title"), rules.meta(SUICIDE_RISK_VERDICT, "action"), x));
    }

    static final String SUICIDE_RISK = "suicide-risk";
    /** The rule that concludes the suicide-risk verdict and carries the finding's title and action. */
    static final String SUICIDE_RISK_VERDICT = "suicide-risk-verdict";

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
                s.status(), s.statusNote());
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
