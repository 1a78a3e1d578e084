package org.trdrules.cli;

import java.util.Comparator;
import java.util.List;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.RuleInfo;

/**
 * Renders docs/definitions.md from the engine's own definitions, thresholds and rule metadata, so the document
 * cannot drift from the rules (a test compares the file with this output). Stateless.
 */
public final class DefinitionsDoc {
    private DefinitionsDoc() {}

    /** The Markdown document for the given engine. */
    public static String render(TrdEngine engine) {
        StringBuilder b = new StringBuilder();
        b.append("# TRD definitions, side by side\n\n");
        b.append("<!-- Generated from the rule metadata and TrdConfig by `trd-rules definitions`; do not edit."
                + " DefinitionsDocTests fails when this file and the rules disagree. -->\n\n");
        b.append("Rules version ").append(engine.rulesVersion()).append(". Every definition is judged by the same"
                + " counting rules (`rules/definitions/counting.drl`) with its own parameters.\n\n");
        b.append("| id | failures | classes | failure = improvement below | min. weeks | scope | counts | status |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (DefinitionSpec s : engine.definitions()) {
            b.append("| `").append(s.id()).append("` | ").append(s.minFailures()).append(" | ")
                    .append(s.minClasses()).append(" | ").append(num(s.failureBelowPercent())).append(" % | ")
                    .append(num(s.minimumWeeks())).append(" | ").append(s.scope()).append(" | ")
                    .append(s.counted().stream().map(Enum::name).sorted().toList()).append(" | ")
                    .append(s.status()).append(" |\n");
        }
        b.append("\n## Criteria and sources\n\n");
        for (DefinitionSpec s : engine.definitions()) {
            b.append("- **`").append(s.id()).append("`** (").append(s.name()).append("): ").append(s.criterion())
                    .append(" Source: ").append(s.citation()).append(".\n");
        }
        b.append("\n## Thresholds (TrdConfig)\n\n| setting | default | source | status |\n|---|---|---|---|\n");
        for (TrdConfig.Setting s : engine.config().settings()) {
            b.append("| `").append(s.name()).append("` | ").append(s.value()).append(" | ").append(s.citation())
                    .append(" | ").append(s.status()).append(" |\n");
        }
        b.append("\n## FHIR reader options (FhirPatientReader.Options)\n\n| option | default | source | status |\n"
                + "|---|---|---|---|\n");
        for (TrdConfig.Setting s : org.trdrules.fhir.FhirPatientReader.Options.defaults().settings()) {
            b.append("| `").append(s.name()).append("` | ").append(s.value()).append(" | ").append(s.citation())
                    .append(" | ").append(s.status()).append(" |\n");
        }
        b.append("\n## Rules\n\n| rule | stage | criterion | citation |\n|---|---|---|---|\n");
        List<RuleInfo> rules = engine.ruleCatalogue().stream()
                .sorted(Comparator.comparing(RuleInfo::stage).thenComparing(RuleInfo::id)).toList();
        for (RuleInfo r : rules) {
            b.append("| `").append(r.id()).append("` | ").append(r.stage()).append(" | ").append(r.criterion())
                    .append(" | ").append(r.citation()).append(" |\n");
        }
        return b.toString();
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
