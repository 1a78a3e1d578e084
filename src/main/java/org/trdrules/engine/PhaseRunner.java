package org.trdrules.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.KieSession;
import org.trdrules.ErrorCode;
import org.trdrules.TrdConfig;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.Verdict;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.Patient;

/**
 * Runs one assessment's session in phases that follow the rule stages (docs/design.md, "Phases"): each phase's
 * facts are inserted only when the stages they read have finished, so later rules read earlier conclusions through
 * references instead of joins. (1) safety and treatments: adequacy, outcome, suicide risk; (2) one {@code SpecEval}
 * per treatment and group of definitions with the same criteria: criteria and counting; (3) tallies, staging, risk,
 * pseudo-resistance; (4) options. Immutable and thread-safe: every run takes a session of its own from the rule
 * base's pool and disposes it (which resets it) at the end.
 */
final class PhaseRunner {

    /** The facts of a finished run, in their final state. */
    record Run(Normaliser normalised, List<DefinitionSpec> specs, List<List<SpecEval>> evals,
               List<DefinitionTally> tallies, List<StagingFact> staging, SafetyFact safety, RiskFact risk,
               PseudoFact pseudo, SwitchPhenotype switches, List<OptionFact> options) {}

    private final RuleBase rules;
    private final FactFactory facts;
    private final DrugCatalog catalog;
    private final boolean eligibility;
    private final List<DefinitionSpec> specs;
    private final List<DefinitionSpec> allSpecs;
    /** For each definition (allSpecs order), the index of its group of definitions that share SpecEvals. */
    private final int[] group;
    private final int groups;
    /** The option catalogue, read once per engine (null when eligibility is off). */
    private final OptionCatalog optionCatalog;

    PhaseRunner(RuleBase rules, FactFactory facts, DrugCatalog catalog, TrdConfig config, List<DefinitionSpec> specs,
                DefinitionSpec stagingBasis) {
        this.rules = rules;
        this.facts = facts;
        this.catalog = catalog;
        this.eligibility = config.eligibility();
        this.specs = specs;
        List<DefinitionSpec> all = new ArrayList<>(specs);
        all.add(stagingBasis);
        this.allSpecs = List.copyOf(all);
        // definitions with the same scope, minimum weeks and failure threshold judge a treatment alike: one SpecEval
        this.group = new int[allSpecs.size()];
        List<List<Object>> keys = new ArrayList<>();
        for (int i = 0; i < allSpecs.size(); i++) {
            DefinitionSpec s = allSpecs.get(i);
            List<Object> k = List.of(s.scope(), s.minimumWeeks(), s.failureBelowPercent());
            int g = keys.indexOf(k);
            if (g < 0) {
                g = keys.size();
                keys.add(k);
            }
            group[i] = g;
        }
        this.groups = keys.size();
        this.optionCatalog = eligibility ? OptionCatalog.load(catalog).only(config.optionFamilies()) : null;
    }

    Run run(Patient patient, LocalDate today, Normaliser n) {
        List<DefinitionTally> tallies = new ArrayList<>(specs.size());
        List<StagingFact> staging = List.of();
        List<OptionFact> options = List.of();
        RiskFact risk = null;
        PseudoFact pseudo = null;
        SwitchPhenotype switches = null;
        List<List<SpecEval>> evals = new ArrayList<>(allSpecs.size());
        Conditions conditions = facts.conditions(patient);
        SafetyFact safety = facts.safety(patient, conditions, today);
        KieSession session = rules.newStatefulSession();
        try {
            session.insert(safety);
            for (TreatmentFact u : n.treatments) {
                session.insert(u);
            }
            session.fireAllRules();                       // phase 1: adequacy and outcome per treatment; safety
            for (int i = 0; i < allSpecs.size(); i++) {
                evals.add(new ArrayList<>(n.treatments.size()));
            }
            SpecEval[] shared = new SpecEval[groups];
            for (TreatmentFact u : n.treatments) {
                java.util.Arrays.fill(shared, null);
                for (int i = 0; i < allSpecs.size(); i++) {
                    DefinitionSpec s = allSpecs.get(i);
                    if (s.counts(u.getKind())) {
                        SpecEval e = shared[group[i]];
                        if (e == null) {
                            e = shared[group[i]] = new SpecEval(s, u);
                        }
                        e.countFor(i, s);
                        evals.get(i).add(e);
                    }
                }
                for (SpecEval e : shared) {
                    if (e != null) {
                        session.insert(e);
                    }
                }
            }
            session.fireAllRules();                       // phase 2: per-definition criteria and counting
            for (int i = 0; i < specs.size(); i++) {
                DefinitionTally t = new DefinitionTally(specs.get(i), i);
                tallies.add(t);
                session.insert(t);
            }
            staging = facts.staging(rules.stagingModels(), today, n);
            for (StagingFact f : staging) {
                session.insert(f);
            }
            risk = facts.risk(patient, today, n, safety, conditions);
            session.insert(risk);
            pseudo = facts.pseudo(patient, n, conditions);
            session.insert(pseudo);
            switches = new SwitchPhenotype(n.treatments, today.toEpochDay()); // rules/definitions/fabbri-2021.drl
            session.insert(switches.fact);
            switches.courses.forEach(session::insert);
            session.fireAllRules();                       // phase 3: tally and verdict per definition; staging; risk
            // phase 4: eligibility of every treatment option, reading the conclusions of phases 1-3
            if (eligibility) {
                EligibilityContext ctx = Eligibility.context(patient, today, n, safety,
                        tallyVerdict(tallies, "two-adequate-trials"), tallyVerdict(tallies, "four-treatments"),
                        evals.get(evals.size() - 1), evals.get(specIndex("canadian-2021")), catalog, conditions,
                        facts.settings());
                options = Eligibility.options(optionCatalog, ctx);
                for (OptionFact o : options) {
                    session.insert(o);
                }
                session.fireAllRules();
            }
        } finally {
            session.dispose();
        }
        return new Run(n, specs, evals, tallies, staging, safety, risk, pseudo, switches, options);
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
}
