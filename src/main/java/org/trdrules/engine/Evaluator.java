package org.trdrules.engine;

import java.time.LocalDate;
import java.util.List;
import org.trdrules.TrdConfig;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.InvalidPatientException;
import org.trdrules.model.Patient;
import org.trdrules.model.ValidationProblem;

/**
 * Assesses one patient: validate, normalise, run the rules in phases ({@link PhaseRunner}, with the facts of a
 * {@link FactFactory}) and read the conclusions back into an immutable {@link Assessment} ({@link Assembler}).
 * The one entry point of this internal package for {@code TrdEngine}: it loads the compiled rules itself, so the rule
 * base and the phases stay package-private. Thread-safe: holds only immutable state; every call uses its own session
 * and facts.
 */
public final class Evaluator {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Evaluator.class);

    /** Id of the internal definition whose judgements the staging models read. */
    static final String STAGING_BASIS_ID = TrdConfig.RESERVED_STAGING_BASIS_ID;

    private final RuleBase rules;
    private final DrugCatalog catalog;
    private final TrdConfig config;
    private final Settings settings;
    private final List<DefinitionSpec> specs;
    private final PhaseRunner runner;
    private final Assembler assembler;

    /**
     * Loads the compiled rules and prepares the phases for this catalogue and configuration.
     *
     * @param catalog the drug catalogue
     * @param config  the thresholds and definitions
     */
    public Evaluator(DrugCatalog catalog, TrdConfig config) {
        this(RuleBase.load(), catalog, config);
    }

    private Evaluator(RuleBase rules, DrugCatalog catalog, TrdConfig config) {
        this.rules = rules;
        this.catalog = catalog;
        this.config = config;
        this.settings = new Settings(config);
        this.specs = config.definitions();
        FactFactory facts = new FactFactory(catalog, settings, ValueSets.bundled());
        this.runner = new PhaseRunner(rules, facts, catalog, config, specs, FactFactory.stagingBasis(config));
        this.assembler = new Assembler(rules);
    }

    /** An evaluator of the same compiled rules and catalogue with another configuration. */
    public Evaluator withConfig(TrdConfig config) {
        return new Evaluator(rules, catalog, config);
    }

    /** Version of the rule content. */
    public String rulesVersion() {
        return rules.version();
    }

    /** Metadata of every compiled rule, in a stable order. */
    public java.util.Collection<org.trdrules.RuleInfo> rules() {
        return rules.rules().values();
    }

    /** The definitions judged, in report order. */
    public List<DefinitionSpec> specs() {
        return specs;
    }

    /** Assesses one patient at the given date ({@code TRD-INPUT-001} for an impossible history). */
    public Assessment assess(Patient patient, LocalDate today) {
        List<ValidationProblem> problems = PatientCheck.validate(patient, today);
        if (!problems.isEmpty()) {
            throw new InvalidPatientException(problems);
        }
        Normaliser n = new Normaliser(catalog, today, settings, config.baselineWindowDays()).run(patient);
        PhaseRunner.Run run = runner.run(patient, today, n);
        if (LOG.isDebugEnabled()) {
            LOG.debug("assessed: {} episodes, {} treatments, {} definitions", n.episodes.size(),
                    n.treatments.size(), specs.size());
        }
        return assembler.assessment(patient, today, run);
    }
}
