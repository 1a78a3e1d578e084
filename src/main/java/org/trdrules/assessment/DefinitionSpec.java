package org.trdrules.assessment;

import org.trdrules.ErrorCode;
import org.trdrules.SourceStatus;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A count-based TRD definition: "at least {@code minFailures} failed adequate treatments [from at least
 * {@code minClasses} pharmacological classes] in {@code scope}, where failed means improvement below
 * {@code failureBelowPercent} and adequate means at least {@code minimumWeeks} at an adequate dose with adequate
 * adherence". The built-in definitions are instances of this record (see {@code TrdConfig}); integrators add their
 * own variant with its own id. Validated at construction. Immutable and thread-safe.
 *
 * @param id                  stable id, lower-case letters, digits and dashes (e.g. {@code two-adequate-trials})
 * @param name                short display name
 * @param minFailures         number of distinct failed adequate treatments required (1-20)
 * @param minClasses          number of distinct pharmacological classes among them (1 = no class rule)
 * @param failureBelowPercent a treatment failed when its improvement is below this percent (0-100)
 * @param minimumWeeks        minimum weeks for an adequate antidepressant trial
 * @param scope               current episode or the whole history
 * @param counted             the treatment kinds that count
 * @param criterion           the criterion in plain language
 * @param citation            the published source
 * @param status              {@code CONFIRMED} when every threshold is from the source, {@code PARTLY_CONFIRMED}
 *                            or {@code UNCONFIRMED} when some or all are defaults (default {@code UNCONFIRMED})
 * @param statusNote          which values are defaults, in plain language (may be empty)
 */
public record DefinitionSpec(String id, String name, int minFailures, int minClasses, double failureBelowPercent,
                             double minimumWeeks, EpisodeScope scope, Set<TreatmentKind> counted, String criterion,
                             String citation, SourceStatus status, String statusNote) {

    /** Validates the components and copies the lists (see the type description for each one). */
    public DefinitionSpec {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9-]{1,63}")) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message("definition id '" + id
                    + "' must be lower-case letters, digits and dashes"));
        }
        if (minFailures < 1 || minFailures > 20) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message(id + ".minFailures must be 1-20"));
        }
        if (minClasses < 1 || minClasses > minFailures) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message(id + ".minClasses must be 1-minFailures"));
        }
        if (!(failureBelowPercent > 0 && failureBelowPercent <= 100)) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message(id + ".failureBelowPercent must be in (0, 100]"));
        }
        if (!(minimumWeeks > 0 && minimumWeeks <= 52)) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message(id + ".minimumWeeks must be in (0, 52]"));
        }
        Objects.requireNonNull(scope, "scope");
        if (counted == null || counted.isEmpty()) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message(id + ".counted must name at least one kind"));
        }
        counted = Set.copyOf(EnumSet.copyOf(counted));
        name = name == null ? id : name;
        criterion = criterion == null ? "" : criterion;
        citation = citation == null ? "" : citation;
        status = status == null ? SourceStatus.UNCONFIRMED : status;
        statusNote = statusNote == null ? "" : statusNote;
    }

    /** True when the definition counts this kind of treatment. */
    public boolean counts(TreatmentKind kind) {
        return counted.contains(kind);
    }

    /** True when the definition requires failures from different classes. */
    public boolean classRule() {
        return minClasses > 1;
    }

    /**
     * A builder for an integrator-defined definition with the given id. Defaults, which each setter may change: 2
     * failed adequate treatments, no class rule, failure below 50 % improvement, 6 weeks, the current episode,
     * antidepressant trials, augmentations and combinations counted, status UNCONFIRMED. The spec is validated by
     * {@link Builder#build()}.
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builder for {@link DefinitionSpec}; not thread-safe, use one per thread. */
    public static final class Builder {
        private final String id;
        private String name;
        private int minFailures = 2;
        private int minClasses = 1;
        private double failureBelowPercent = 50;
        private double minimumWeeks = 6;
        private EpisodeScope scope = EpisodeScope.CURRENT_EPISODE;
        private Set<TreatmentKind> counted = EnumSet.of(TreatmentKind.ANTIDEPRESSANT, TreatmentKind.AUGMENTATION,
                TreatmentKind.COMBINATION);
        private String criterion;
        private String citation;
        private SourceStatus status;
        private String statusNote;

        private Builder(String id) {
            this.id = id;
        }

        /**
         * Sets {@link DefinitionSpec#name()}.
         *
         * @param v the value (null: the default)
         * @return this builder
         */
        public Builder name(String v) { name = v; return this; }
        /**
         * Sets {@link DefinitionSpec#minFailures()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder minFailures(int v) { minFailures = v; return this; }
        /**
         * Sets {@link DefinitionSpec#minClasses()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder minClasses(int v) { minClasses = v; return this; }
        /**
         * Sets {@link DefinitionSpec#failureBelowPercent()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder failureBelowPercent(double v) { failureBelowPercent = v; return this; }
        /**
         * Sets {@link DefinitionSpec#minimumWeeks()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder minimumWeeks(double v) { minimumWeeks = v; return this; }
        /**
         * Sets {@link DefinitionSpec#scope()}.
         *
         * @param v the value (null: the default)
         * @return this builder
         */
        public Builder scope(EpisodeScope v) { scope = v; return this; }
        /**
         * Sets {@link DefinitionSpec#counted()}.
         *
         * @param v the value (null: the default)
         * @return this builder
         */
        public Builder counted(Set<TreatmentKind> v) { counted = v; return this; }
        /**
         * Sets {@link DefinitionSpec#criterion()}.
         *
         * @param v the value (null: the default)
         * @return this builder
         */
        public Builder criterion(String v) { criterion = v; return this; }
        /**
         * Sets {@link DefinitionSpec#citation()}.
         *
         * @param v the value (null: the default)
         * @return this builder
         */
        public Builder citation(String v) { citation = v; return this; }
        /**
         * Sets {@link DefinitionSpec#status()}.
         *
         * @param v the value (null: the default)
         * @return this builder
         */
        public Builder status(SourceStatus v) { status = v; return this; }
        /**
         * Sets {@link DefinitionSpec#statusNote()}.
         *
         * @param v the value (null: the default)
         * @return this builder
         */
        public Builder statusNote(String v) { statusNote = v; return this; }

        /** The validated spec ({@code TRD-CONFIG-001} naming the field when a value is out of range). */
        public DefinitionSpec build() {
            return new DefinitionSpec(id, name, minFailures, minClasses, failureBelowPercent, minimumWeeks, scope,
                    counted, criterion, citation, status, statusNote);
        }
    }
}
