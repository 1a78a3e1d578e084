package org.trdrules.assessment;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The result of assessing one patient: every definition's verdict side by side, the per-treatment review and the
 * warnings, with the rules version that produced it. A pure function of (patient, configuration, rules version,
 * evaluation date). Immutable and thread-safe.
 *
 * @param patientId      the caller's id, echoed
 * @param evaluationDate the date the history was judged at
 * @param rulesVersion   version of the rule content
 * @param safety         safety findings (e.g. suicide risk), shown first; never suppressed by configuration
 * @param definitions    definition results in report order
 * @param stages         staging model results in report order
 * @param pseudoResistance possible reasons other than true resistance (adherence, dose, duration, other drugs,
 *                       medical conditions, stressors), each with the treatments it affects
 * @param risk           TRD risk-factor screening (a screening aid, not a validated prediction)
 * @param options        treatment options ranked by status (eligible first), each with reasons and citations
 * @param treatments     per-treatment review
 * @param warnings       input the rules could not use
 */
public record Assessment(String patientId, LocalDate evaluationDate, String rulesVersion,
                         List<SafetyFinding> safety, List<DefinitionResult> definitions, List<StagingResult> stages,
                         List<PseudoResistanceFinding> pseudoResistance, RiskResult risk, List<OptionResult> options, List<TreatmentReview> treatments,
                         List<Warning> warnings) {

    /** Copies the lists, so the value cannot change after construction. */
    public Assessment {
        safety = List.copyOf(safety);
        definitions = List.copyOf(definitions);
        stages = List.copyOf(stages);
        options = List.copyOf(options);
        pseudoResistance = List.copyOf(pseudoResistance);
        treatments = List.copyOf(treatments);
        warnings = List.copyOf(warnings);
    }

    /** The result of the definition with this id. */
    public Optional<DefinitionResult> definition(String id) {
        return definitions.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The result of the staging model with this id ({@code thase-rush}, {@code maudsley}, ...). */
    public Optional<StagingResult> stage(String id) {
        return stages.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The eligibility of the option with this id ({@code esketamine}, {@code switch-bupropion}, ...). */
    public Optional<OptionResult> option(String id) {
        return options.stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /** The result of the definition with this id, or an exception naming the known ids. */
    public DefinitionResult requireDefinition(String id) {
        return definition(id).orElseThrow(() -> new IllegalArgumentException("unknown definition id '" + id
                + "'; known: " + definitions.stream().map(DefinitionResult::id).toList()));
    }
}
