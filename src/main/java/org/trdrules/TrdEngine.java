package org.trdrules;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.engine.Evaluator;
import org.trdrules.model.Patient;

/**
 * The entry point: build once, share across threads, call {@link #assess(Patient)} as often as needed.
 *
 * <pre>{@code
 * TrdEngine engine = TrdEngine.builder()
 *         .config(TrdConfig.defaults().withMinimumTrialWeeks(6))
 *         .evaluationDate(LocalDate.of(2026, 11, 1))
 *         .build();
 * Assessment a = engine.assess(patient);
 * a.requireDefinition("two-adequate-trials").verdict();
 * }</pre>
 *
 * <p>Thread-safety: an engine is immutable and thread-safe; each assessment runs in its own short-lived rule session.
 * Building loads the pre-compiled rules (well under a second) and should happen once per application.
 */
public final class TrdEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TrdEngine.class);

    private final Evaluator evaluator;
    private final Clock clock;
    private final LocalDate fixedDate;
    private final TrdConfig config;
    private final DrugCatalog catalog;

    private TrdEngine(Builder b) {
        long t0 = System.nanoTime();
        this.config = b.config;
        this.catalog = b.catalog;
        this.evaluator = new Evaluator(b.catalog, b.config);
        this.clock = b.clock;
        this.fixedDate = b.evaluationDate;
        LOG.info("trd-rules engine built: rules version {}, {} rules, {} definitions, {} ms",
                evaluator.rulesVersion(), evaluator.rules().size(), evaluator.specs().size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Assesses one patient at the engine's evaluation date.
     *
     * @throws org.trdrules.model.InvalidPatientException (code TRD-INPUT-001) naming every impossible field
     */
    public Assessment assess(Patient patient) {
        return evaluator.assess(patient, evaluationDate());
    }

    /**
     * Assesses every patient, in order: one result per patient, a typed failure in the slot of a patient that could
     * not be assessed. Never throws for one bad patient.
     */
    public List<AssessmentResult> assessAll(Collection<Patient> patients) {
        LocalDate today = evaluationDate();
        List<AssessmentResult> out = new ArrayList<>(patients.size());
        int i = 0;
        int failed = 0;
        for (Patient p : patients) {
            try {
                out.add(AssessmentResult.success(i, evaluator.assess(p, today)));
            } catch (RuntimeException e) {
                failed++;
                out.add(AssessmentResult.failure(i, p == null ? null : p.id(), e));
            }
            i++;
        }
        LOG.debug("batch assessed: {} patients, {} failed", out.size(), failed);
        return out;
    }

    /** The date assessments are made at: the fixed date, or today's date from the configured clock. */
    public LocalDate evaluationDate() {
        return fixedDate != null ? fixedDate : LocalDate.now(clock);
    }

    /** Version of the rule content, reported in every assessment. */
    public String rulesVersion() {
        return evaluator.rulesVersion();
    }

    /** The configuration in force. */
    public TrdConfig config() {
        return config;
    }

    private TrdEngine(TrdEngine base, LocalDate date) {
        this.config = base.config;
        this.catalog = base.catalog;
        this.evaluator = base.evaluator;
        this.clock = null;
        this.fixedDate = date;
    }

    private TrdEngine(TrdEngine base, TrdConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.catalog = base.catalog;
        this.evaluator = base.evaluator.withConfig(config);
        this.clock = base.clock;
        this.fixedDate = base.fixedDate;
    }

    /**
     * This engine at a fixed evaluation date: the same rules, catalogue and configuration (shared, so it costs
     * nothing to make), for example to assess later, at the same day, a patient read for a request made now.
     */
    public TrdEngine at(LocalDate date) {
        return new TrdEngine(this, Objects.requireNonNull(date, "date"));
    }

    /**
     * A new engine with this one's catalogue and evaluation date (or clock) and another configuration, for
     * example one judging only some option families ({@link TrdConfig#withOptionFamilies}). It shares this
     * engine's compiled rules (the rule base does not depend on the configuration), so only the per-configuration
     * parts are prepared; make it once, not per assessment.
     */
    public TrdEngine withConfig(TrdConfig config) {
        return new TrdEngine(this, config);
    }

    /** The definitions this engine judges, in report order. */
    public List<DefinitionSpec> definitions() {
        return evaluator.specs();
    }

    /** Metadata of every compiled rule (id, stage, criterion, citation), for documentation and audit. */
    public List<RuleInfo> ruleCatalogue() {
        return List.copyOf(evaluator.rules());
    }

    /**
     * Builder for {@link TrdEngine}. Each call validates its argument at once, and each option may be set once: a
     * second call, or a clock after an evaluation date (or the reverse), fails at once with {@code TRD-CONFIG-004},
     * as Caffeine's builder does, so a conflicting setup never builds silently. An evaluation date or a clock is
     * required: the engine never reads the wall clock implicitly. Not thread-safe; use one per thread.
     */
    public static final class Builder {
        private TrdConfig config;
        private DrugCatalog catalog;
        private Clock clock;
        private LocalDate evaluationDate;

        private Builder() {}

        private static void once(Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(ErrorCode.CONFIG_CONFLICT.message(what + " was already set"));
            }
        }

        /** Thresholds and definitions (default {@link TrdConfig#defaults()}). */
        public Builder config(TrdConfig config) {
            once(this.config, "config");
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The drug catalogue (default {@link DrugCatalog#bundled()}). */
        public Builder catalog(DrugCatalog catalog) {
            once(this.catalog, "catalog");
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** A fixed evaluation date; not together with {@link #clock(Clock)}. */
        public Builder evaluationDate(LocalDate date) {
            once(this.evaluationDate, "evaluationDate");
            once(this.clock, "clock");
            this.evaluationDate = Objects.requireNonNull(date, "evaluationDate");
            return this;
        }

        /** A clock whose date is read at each assessment; not together with {@link #evaluationDate(LocalDate)}. */
        public Builder clock(Clock clock) {
            once(this.clock, "clock");
            once(this.evaluationDate, "evaluationDate");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the engine.
         *
         * @throws IllegalStateException with code TRD-CONFIG-003 when neither an evaluation date nor a clock is set
         */
        public TrdEngine build() {
            if (evaluationDate == null && clock == null) {
                throw new IllegalStateException(ErrorCode.CONFIG_NO_EVALUATION_DATE.message("set evaluationDate(..)"
                        + " or clock(..); the engine never reads the wall clock implicitly"));
            }
            if (config == null) {
                config = TrdConfig.defaults();
            }
            if (catalog == null) {
                catalog = DrugCatalog.bundled();
            }
            return new TrdEngine(this);
        }
    }
}
