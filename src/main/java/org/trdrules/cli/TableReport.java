package org.trdrules.cli;

import java.util.List;
import java.util.Locale;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.SafetyFinding;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.PseudoResistanceFinding;
import org.trdrules.assessment.RiskFactor;
import org.trdrules.assessment.RiskResult;
import org.trdrules.assessment.StagingItem;
import org.trdrules.assessment.StagingResult;
import org.trdrules.engine.Explain;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TreatmentReview;
import org.trdrules.assessment.Verdict;
import org.trdrules.assessment.Warning;
import org.trdrules.json.JsonCodec;

/** Renders assessments as a plain-text report a clinician can read. Stateless. */
final class TableReport {
    private TableReport() {}

    static String render(List<AssessmentResult> results, JsonCodec codec) {
        StringBuilder b = new StringBuilder();
        for (AssessmentResult r : results) {
            b.append("=".repeat(100)).append('\n');
            b.append("Patient ").append(r.patientId() == null ? "#" + r.index() : r.patientId());
            if (!r.ok()) {
                b.append(" - NOT ASSESSED\n  ").append(codec.error(r.failure()).toPrettyString()
                        .replace("\n", "\n  ")).append("\n\n");
                continue;
            }
            Assessment a = r.assessment();
            b.append("   (evaluated ").append(a.evaluationDate()).append(", rules ").append(a.rulesVersion())
                    .append(")\n\n");
            for (SafetyFinding f : a.safety()) {
                b.append("  !! SAFETY (").append(f.severity()).append("): ").append(f.summary()).append('\n')
                        .append("     ").append(f.action()).append('\n')
                        .append("     because: ").append(String.join("; ", f.explanation().reasons())).append("\n\n");
            }
            b.append(String.format(Locale.ROOT, "  %-22s %-14s %s%n", "DEFINITION", "VERDICT", "WHY"));
            for (DefinitionResult d : a.definitions()) {
                b.append(String.format(Locale.ROOT, "  %-22s %-14s %s%n", d.id(), d.verdict(),
                        d.explanation().reasons().isEmpty() ? "" : d.explanation().reasons().get(0)));
                if (!d.explanation().factsUsed().isEmpty()) {
                    b.append(String.format(Locale.ROOT, "  %-37s counted: %s%n", "",
                            String.join(", ", d.explanation().factsUsed())));
                }
                for (TreatmentJudgement j : d.treatments()) {
                    if (j.counted() == Verdict.NOT_MET && !j.reasons().isEmpty()) {
                        b.append(String.format(Locale.ROOT, "  %-37s not counted %s: %s%n", "", j.treatmentId(),
                                String.join("; ", j.reasons())));
                    }
                }
                if (!d.explanation().missingData().isEmpty()) {
                    b.append(String.format(Locale.ROOT, "  %-37s missing: %s%n", "",
                            String.join("; ", d.explanation().missingData())));
                }
                for (String w : d.whatWouldChange()) {
                    b.append(String.format(Locale.ROOT, "  %-37s would change it: %s%n", "", w));
                }
            }
            b.append('\n');
            b.append(String.format(Locale.ROOT, "  %-22s %-26s %s%n", "STAGING MODEL", "STAGE / SCORE", "BREAKDOWN"));
            for (StagingResult s : a.stages()) {
                String value = s.stage() != null ? s.stage()
                        : s.score() != null ? Explain.num(s.score()) + (s.band() == null ? "" : " (" + s.band() + ")")
                        : Explain.num(s.low()) + " to " + Explain.num(s.high())
                                + (s.band() == null ? "" : " (" + s.band() + ")");
                StringBuilder items = new StringBuilder();
                for (StagingItem i : s.items()) {
                    items.append(items.length() == 0 ? "" : "; ").append(i.name()).append(' ')
                            .append(i.high() != null && i.low() == i.high() ? Explain.num(i.low())
                                    : Explain.num(i.low()) + "-" + (i.high() == null ? "?" : Explain.num(i.high())));
                }
                b.append(String.format(Locale.ROOT, "  %-22s %-26s %s%n", s.id(), value, items));
                if (!s.explanation().missingData().isEmpty()) {
                    b.append(String.format(Locale.ROOT, "  %-49s missing: %s%n", "",
                            String.join("; ", s.explanation().missingData())));
                }
            }
            b.append('\n');
            if (!a.pseudoResistance().isEmpty()) {
                b.append("  PSEUDO-RESISTANCE CHECKS\n");
                for (PseudoResistanceFinding f : a.pseudoResistance()) {
                    b.append(String.format(Locale.ROOT, "  %-18s %-14s %s%n", f.category(),
                            f.treatmentIds().isEmpty() ? "-" : String.join(",", f.treatmentIds()), f.reason()));
                }
                b.append('\n');
            }
            risk(b, a.risk());
            options(b, a.options());
            b.append('\n');
            b.append(String.format(Locale.ROOT, "  %-6s %-40s %-6s %-9s %-9s %-9s %s%n", "ID", "TREATMENT", "WEEKS",
                    "DOSE", "ADHERENCE", "EPISODE", "OUTCOME"));
            for (TreatmentReview t : a.treatments()) {
                b.append(String.format(Locale.ROOT, "  %-6s %-40s %-6s %-9s %-9s %-9s %s%n", t.id(),
                        cut(t.label(), 40), t.weeks() == null ? "?" : String.format(Locale.ROOT, "%.1f", t.weeks()),
                        t.dose(), t.adherence(), t.currentEpisode() == Verdict.MET ? "current"
                                : t.currentEpisode() == Verdict.NOT_MET ? "previous" : "unknown",
                        t.outcome() + (t.improvementPercent() == null ? ""
                                : String.format(Locale.ROOT, " (%.0f %%)", t.improvementPercent()))));
            }
            for (Warning w : a.warnings()) {
                b.append("  warning ").append(w.code()).append(" at ").append(w.path()).append(": ")
                        .append(w.message()).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static void risk(StringBuilder b, RiskResult r) {
        if (r == null) {
            return;
        }
        b.append(String.format(Locale.ROOT, "  RISK FACTORS: total %.2f (log odds, Kautzky 2019 factors present) - %s%n",
                r.total(), "a screening aid, not a validated prediction"));
        for (RiskFactor f : r.factors()) {
            if (f.status() == Verdict.NOT_MET) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "  %-14s %-34s %-30s %s%n",
                    f.status() == Verdict.MET ? "present" : "unknown", f.name(),
                    f.effect() + (f.inTotal() && f.status() == Verdict.MET
                            ? String.format(Locale.ROOT, " (+%.2f)", f.contribution()) : ""), f.basis()));
        }
        b.append('\n');
    }

    /**
     * Options ranked by status: eligible drug options of a family on one line, every other option on its own line
     * with its reasons.
     */
    private static void options(StringBuilder b, List<OptionResult> options) {
        java.util.Map<EligibilityStatus, Long> counts = new java.util.EnumMap<>(EligibilityStatus.class);
        options.forEach(o -> counts.merge(o.status(), 1L, Long::sum));
        b.append("  TREATMENT OPTIONS (").append(options.size()).append("): ").append(counts).append('\n');
        // drug options of one family sharing status and reasons are shown on one line
        java.util.Map<String, List<String>> grouped = new java.util.LinkedHashMap<>();
        List<String> single = new java.util.ArrayList<>();
        for (OptionResult o : options) {
            boolean drugFamily = o.family().equals("switch") || o.family().equals("combine")
                    || o.family().equals("augment");
            if (!drugFamily) {
                single.add(String.format(Locale.ROOT, "  %-16s %-28s %s%n", o.status(), o.id(),
                        String.join("; ", o.reasons())));
                continue;
            }
            boolean plainEligible = o.status() == EligibilityStatus.ELIGIBLE && o.reasons().size() == 1;
            String why = plainEligible ? "" : String.join("; ", o.reasons());
            grouped.computeIfAbsent(o.status() + "|" + o.family() + "|" + why, k -> new java.util.ArrayList<>())
                    .add(o.id().substring(o.family().length() + 1));
        }
        single.forEach(b::append);
        grouped.forEach((key, ids) -> {
            String[] k = key.split("\\|", 3);
            b.append(String.format(Locale.ROOT, "  %-16s %-28s %s%n", k[0], k[1] + " (" + ids.size() + ")",
                    String.join(", ", ids) + (k[2].isEmpty() ? "" : ": " + k[2])));
        });
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    /** The FHIR mapping report of one file, one line per note. */
    static String mapping(String file, List<org.trdrules.fhir.MappingNote> notes) {
        StringBuilder b = new StringBuilder("FHIR MAPPING REPORT (").append(file).append(")\n");
        for (org.trdrules.fhir.MappingNote n : notes) {
            b.append(String.format(Locale.ROOT, "  %-9s %-40s %s%s%n", n.status(), n.resource(), n.reason(),
                    n.path().isEmpty() ? "" : " [" + n.path() + "]"));
        }
        return b.toString();
    }
}
