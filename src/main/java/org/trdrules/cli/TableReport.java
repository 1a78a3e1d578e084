package org.trdrules.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.PseudoResistanceFinding;
import org.trdrules.assessment.RiskFactor;
import org.trdrules.assessment.RiskResult;
import org.trdrules.assessment.SafetyFinding;
import org.trdrules.assessment.StagingItem;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TreatmentReview;
import org.trdrules.assessment.Verdict;
import org.trdrules.assessment.FactorStatus;
import org.trdrules.assessment.Warning;
import org.trdrules.engine.Explain;
import org.trdrules.fhir.MappingNote;
import org.trdrules.json.JsonCodec;

/**
 * Renders assessments as a plain-text report a clinician can read: safety first, then the definitions side by side,
 * staging, pseudo-resistance, risk factors, treatment options and the treatments. Every line fits {@link #WIDTH}
 * columns: each cell is wrapped inside its column, never cut. Stateless.
 */
final class TableReport {

    /** No line of the report is longer than this. */
    static final int WIDTH = 120;

    /** Drug families whose options are shown together, one line per shared reason. */
    private static final List<String> DRUG_FAMILIES = List.of("switch", "combine", "augment");

    private TableReport() {}

    static String render(List<AssessmentResult> results, JsonCodec codec) {
        StringBuilder b = new StringBuilder();
        for (AssessmentResult r : results) {
            b.append("=".repeat(WIDTH)).append('\n');
            String who = "Patient " + (r.patientId() == null ? "#" + r.index() : r.patientId());
            if (!r.ok()) {
                paragraph(b, 0, who + " - NOT ASSESSED");
                failure(b, r.failure());
                b.append('\n');
                continue;
            }
            Assessment a = r.assessment();
            paragraph(b, 0, who + "   (evaluated " + a.evaluationDate() + ", rules " + a.rulesVersion() + ")");
            b.append('\n');
            safety(b, a.safety());
            definitions(b, a.definitions());
            staging(b, a.stages());
            pseudoResistance(b, a.pseudoResistance());
            risk(b, a.risk());
            options(b, a.options());
            treatments(b, a.treatments());
            for (Warning w : a.warnings()) {
                paragraph(b, 2, "warning " + w.code() + " at " + w.path() + ": " + w.message());
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A typed error: its code, path and message, and each problem of an invalid history on a line of its own. */
    /** A failure as text: its registry code, path and message, and every problem of an impossible history. */
    private static void failure(StringBuilder b, RuntimeException e) {
        if (e instanceof org.trdrules.model.InvalidPatientException ip) {
            paragraph(b, 2, ip.code().code() + ": invalid patient history");
            for (org.trdrules.model.ValidationProblem p : ip.problems()) {
                paragraph(b, 4, p.path() + " (" + p.code() + "): " + p.message());
            }
        } else if (e instanceof org.trdrules.TrdInputException in) {
            paragraph(b, 2, in.getMessage());
        } else {
            // never echo an unexpected exception's message: it may carry patient values
            paragraph(b, 2, org.trdrules.ErrorCode.ENGINE_UNEXPECTED.message("unexpected error ("
                    + e.getClass().getSimpleName() + ")"));
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : "";
    }

    private static void safety(StringBuilder b, List<SafetyFinding> findings) {
        for (SafetyFinding f : findings) {
            paragraph(b, 2, "!! SAFETY (" + f.severity().name().toLowerCase(Locale.ROOT) + "): " + f.summary());
            paragraph(b, 5, f.action());
            paragraph(b, 5, "because: " + String.join("; ", f.explanation().reasons()));
            b.append('\n');
        }
    }

    private static void definitions(StringBuilder b, List<DefinitionResult> definitions) {
        Columns c = new Columns(2, 20, 13);
        c.row(b, "DEFINITION", "VERDICT", "WHY");
        for (DefinitionResult d : definitions) {
            List<String> why = new ArrayList<>(d.explanation().reasons());
            if (why.isEmpty()) {
                why.add("");
            }
            c.row(b, d.id(), d.verdict().name(), why.get(0));
            for (String reason : why.subList(1, why.size())) {
                c.row(b, "", "", reason);
            }
            if (!d.explanation().factsUsed().isEmpty()) {
                c.row(b, "", "", "counted: " + String.join(", ", d.explanation().factsUsed()));
            }
            for (TreatmentJudgement j : d.treatments()) {
                if (j.counted() == Verdict.NOT_MET && !j.reasons().isEmpty()) {
                    c.row(b, "", "", "not counted " + j.treatmentId() + ": " + String.join("; ", j.reasons()));
                }
            }
            if (!d.explanation().missingData().isEmpty()) {
                c.row(b, "", "", "missing: " + String.join("; ", d.explanation().missingData()));
            }
            for (String w : d.whatWouldChange()) {
                c.row(b, "", "", "would change it: " + w);
            }
        }
        b.append('\n');
    }

    private static void staging(StringBuilder b, List<StagingResult> stages) {
        Columns c = new Columns(2, 17, 26);
        c.row(b, "STAGING MODEL", "STAGE / SCORE", "BREAKDOWN");
        for (StagingResult s : stages) {
            String band = s.band() == null ? "" : " (" + s.band() + ")";
            String value = s.stage() != null ? s.stage()
                    : s.score() != null ? Explain.num(s.score()) + band
                    : Explain.num(s.low()) + " to " + Explain.num(s.high()) + band;
            List<String> items = new ArrayList<>();
            for (StagingItem i : s.items()) {
                items.add(i.name() + ' ' + (i.high() != null && i.low() == i.high() ? Explain.num(i.low())
                        : Explain.num(i.low()) + "-" + (i.high() == null ? "?" : Explain.num(i.high()))));
            }
            c.row(b, s.id(), value, String.join("; ", items));
            if (!s.explanation().missingData().isEmpty()) {
                c.row(b, "", "", "missing: " + String.join("; ", s.explanation().missingData()));
            }
        }
        b.append('\n');
    }

    private static void pseudoResistance(StringBuilder b, List<PseudoResistanceFinding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        Columns c = new Columns(2, 18, 14);
        c.row(b, "PSEUDO-RESISTANCE", "TREATMENTS", "CHECK");
        for (PseudoResistanceFinding f : findings) {
            c.row(b, f.category().name(), f.treatmentIds().isEmpty() ? "-" : String.join(", ", f.treatmentIds()),
                    f.reason());
        }
        b.append('\n');
    }

    /**
     * The total as what it is: an index, the sum of the natural-log odds ratios of the factors present whose effect
     * size is confirmed (one model, without its intercept), so neither a probability nor calibrated.
     */
    private static void risk(StringBuilder b, RiskResult r) {
        if (r == null) {
            return;
        }
        int present = 0;
        int unknownWeighted = 0;
        List<String> absent = new ArrayList<>();
        for (RiskFactor f : r.factors()) {
            if (f.inTotal() && f.status() == FactorStatus.PRESENT) {
                present++;
            } else if (f.inTotal() && f.status() == FactorStatus.UNKNOWN) {
                unknownWeighted++;
            }
            if (f.status() == FactorStatus.ABSENT) {
                absent.add(f.name());
            }
        }
        paragraph(b, 2, String.format(Locale.ROOT, "TRD RISK FACTORS: risk index %.2f (sum of the log odds ratios of"
                + " %s present; not a probability, uncalibrated)", r.total(),
                plural(present, "confirmed factor", "confirmed factors")));
        paragraph(b, 4, "The index is the " + r.model() + "; " + (unknownWeighted == 1
                ? "1 factor with a confirmed odds ratio is unknown (not recorded) and adds nothing"
                : unknownWeighted + " factors with a confirmed odds ratio are unknown (not recorded) and add nothing")
                + ". " + r.statement());
        Columns c = new Columns(2, 7, 33, 34);
        Columns wide = new Columns(2, 7);
        c.row(b, "STATUS", "FACTOR", "EFFECT", "BASIS");
        for (RiskFactor f : r.factors()) {
            if (f.status() == FactorStatus.ABSENT) {
                continue;
            }
            c.row(b, f.status() == FactorStatus.PRESENT ? "present" : "unknown", f.name(),
                    f.effect() + (f.inTotal() && f.status() == FactorStatus.PRESENT
                            ? String.format(Locale.ROOT, " (%+.2f)", f.contribution()) : ""), f.basis());
        }
        if (!absent.isEmpty()) {
            wide.row(b, "absent", String.join(", ", absent));
        }
        b.append('\n');
    }

    /**
     * Options by status, worst last as the library ranks them. Each non-drug option has a line of its own; drug
     * options of one family and status are shown together, one line per reason with the options it applies to (so
     * one washout reason shared by 41 options is one line, not 41).
     */
    private static void options(StringBuilder b, List<OptionResult> options) {
        Map<EligibilityStatus, Long> counts = new EnumMap<>(EligibilityStatus.class);
        for (EligibilityStatus s : EligibilityStatus.values()) {
            counts.put(s, 0L);
        }
        options.forEach(o -> counts.merge(o.status(), 1L, Long::sum));
        List<String> words = new ArrayList<>();
        counts.forEach((s, n) -> words.add(n + " " + statusWords(s, n)));
        paragraph(b, 2, "TREATMENT OPTIONS (" + options.size() + "): " + String.join(", ", words));
        Map<String, List<String>> family = new LinkedHashMap<>();
        for (OptionResult o : options) {
            if (DRUG_FAMILIES.contains(o.family().id())) {
                family.computeIfAbsent(o.family().id(), k -> new ArrayList<>()).add(drug(o));
            }
        }
        Columns c = new Columns(2, 15, 22);
        c.row(b, "STATUS", "OPTION", "REASONS");
        for (EligibilityStatus status : EligibilityStatus.values()) {
            for (OptionResult o : options) {
                if (o.status() == status && !DRUG_FAMILIES.contains(o.family().id())) {
                    c.row(b, status.name(), o.id(), String.join("; ", o.reasons()));
                }
            }
            for (String f : DRUG_FAMILIES) {
                List<OptionResult> group = options.stream()
                        .filter(o -> o.status() == status && o.family().id().equals(f)).toList();
                if (!group.isEmpty()) {
                    drugGroup(c, b, status, f, group, family.get(f));
                }
            }
        }
        b.append('\n');
    }

    /** One family's options of one status: a line per reason, then the options it applies to. */
    private static void drugGroup(Columns c, StringBuilder b, EligibilityStatus status, String family,
                                  List<OptionResult> group, List<String> wholeFamily) {
        Map<String, Set<String>> byReason = new LinkedHashMap<>();
        List<String> plain = new ArrayList<>();
        for (OptionResult o : group) {
            boolean any = false;
            for (String reason : o.reasons()) {
                String shared = shared(reason, drug(o));
                if (shared != null && !shared.isEmpty()) {
                    byReason.computeIfAbsent(shared, k -> new LinkedHashSet<>()).add(drug(o));
                    any = true;
                }
            }
            if (!any) {
                plain.add(drug(o));
            }
        }
        List<String> lines = new ArrayList<>();
        if (!plain.isEmpty()) {
            lines.add((byReason.isEmpty() ? "" : "no further finding: ")
                    + drugs(plain, family, wholeFamily, group.size()));
        }
        byReason.entrySet().stream()
                .sorted((x, y) -> Integer.compare(y.getValue().size(), x.getValue().size()))
                .forEach(e -> {
                    List<String> ids = List.copyOf(e.getValue());
                    if (ids.size() == 1) {
                        lines.add(ids.get(0) + ": " + e.getKey());
                    } else {
                        lines.add(e.getKey());
                        lines.add("for " + drugs(ids, family, wholeFamily, group.size()));
                    }
                });
        c.row(b, status.name(), family + " (" + group.size() + ")", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            c.row(b, "", "", line);
        }
    }

    /**
     * The options a line applies to: "all 48 switch options", "41: every switch option except a, b" when that is
     * shorter than the list, or "3: a, b, c"; without the count when they are the whole group (its count is shown).
     */
    private static String drugs(List<String> ids, String family, List<String> wholeFamily, int groupSize) {
        if (ids.size() == wholeFamily.size()) {
            return "all " + ids.size() + " " + family + " options";
        }
        String count = ids.size() == groupSize ? "" : ids.size() + ": ";
        List<String> others = wholeFamily.stream().filter(d -> !ids.contains(d)).toList();
        if (ids.size() >= 8 && others.size() * 2 < ids.size()) {
            return count + "every " + family + " option except " + String.join(", ", others);
        }
        return count + String.join(", ", ids);
    }

    /** The drug of a drug option: its id without the family ({@code switch-st-johns-wort} is st-johns-wort). */
    private static String drug(OptionResult o) {
        return o.id().startsWith(o.family().id() + "-") ? o.id().substring(o.family().id().length() + 1) : o.id();
    }

    /**
     * A reason as shared by the options of a family: the family's own description ("switch to citalopram (SSRI)",
     * "add mirtazapine (NASSA) to the current sertraline (SSRI)") loses the drug and its class, so it is empty for
     * a switch and "add to the current sertraline (SSRI)" for a combination; any other reason stays as it is.
     */
    private static String shared(String reason, String drug) {
        for (String name : new String[] {drug, drug.replace('-', ' ')}) {
            for (String verb : new String[] {"switch to ", "add "}) {
                if (reason.startsWith(verb + name)) {
                    String rest = reason.substring((verb + name).length()).trim();
                    if (rest.startsWith("(") && rest.indexOf(')') > 0) {
                        rest = rest.substring(rest.indexOf(')') + 1).trim();
                    }
                    return rest.isEmpty() ? "" : verb.trim() + " " + rest;
                }
            }
        }
        return reason;
    }

    private static String statusWords(EligibilityStatus s, long n) {
        return switch (s) {
            case ELIGIBLE -> "eligible";
            case NEEDS_REVIEW -> n == 1 ? "needs review" : "need review";
            case NOT_ELIGIBLE -> "not eligible";
            case CONTRAINDICATED -> "contraindicated";
        };
    }

    private static void treatments(StringBuilder b, List<TreatmentReview> treatments) {
        if (treatments.isEmpty()) {
            return;
        }
        Columns c = new Columns(2, 6, 32, 6, 13, 13, 8);
        c.row(b, "ID", "TREATMENT", "WEEKS", "DOSE", "ADHERENCE", "EPISODE", "OUTCOME");
        for (TreatmentReview t : treatments) {
            c.row(b, t.id(), t.label(), t.weeks() == null ? "?" : String.format(Locale.ROOT, "%.1f", t.weeks()),
                    String.valueOf(t.dose()), String.valueOf(t.adherence()),
                    t.currentEpisode() == Verdict.MET ? "current"
                            : t.currentEpisode() == Verdict.NOT_MET ? "previous" : "unknown",
                    t.outcome() + (t.improvementPercent() == null ? ""
                            : String.format(Locale.ROOT, " (%.0f %%)", t.improvementPercent())));
        }
    }

    /** The FHIR mapping report of one file, one line per note. */
    static String mapping(String file, List<MappingNote> notes) {
        StringBuilder b = new StringBuilder();
        paragraph(b, 0, "FHIR MAPPING REPORT (" + file + ")");
        Columns c = new Columns(2, 9, 34);
        for (MappingNote n : notes) {
            c.row(b, n.status().name(), n.resource(), n.reason() + (n.path().isEmpty() ? "" : " [" + n.path() + "]"));
        }
        return b.toString();
    }

    static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** Free text from column {@code indent}, wrapped at {@link #WIDTH}, continuation lines indented 2 more. */
    private static void paragraph(StringBuilder b, int indent, String text) {
        for (String line : wrap(text, WIDTH - indent)) {
            b.append(" ".repeat(indent)).append(line).append('\n');
        }
    }

    /**
     * Lines of at most {@code width} characters, broken at spaces; a word longer than a line is broken inside.
     * Continuation lines start with two spaces (a hanging indent).
     */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        String line = "";
        for (String word : (text == null ? "" : text.strip()).split("\\s+")) {
            while (!word.isEmpty()) {
                int room = Math.max(1, out.isEmpty() ? width : width - 2);
                if (line.isEmpty() && word.length() > room) {
                    out.add(word.substring(0, room)); // a word longer than a line
                    word = word.substring(room);
                } else if (line.isEmpty()) {
                    line = word;
                    word = "";
                } else if (line.length() + 1 + word.length() <= room) {
                    line = line + " " + word;
                    word = "";
                } else {
                    out.add(line);
                    line = "";
                }
            }
        }
        if (!line.isEmpty() || out.isEmpty()) {
            out.add(line);
        }
        for (int i = 1; i < out.size(); i++) {
            out.set(i, "  " + out.get(i));
        }
        return out;
    }

    /** Fixed-width columns two spaces apart; the last column takes the rest of {@link #WIDTH}. */
    static final class Columns {
        private static final int GAP = 2;
        private final int indent;
        private final int[] widths;

        Columns(int indent, int... fixed) {
            this.indent = indent;
            this.widths = java.util.Arrays.copyOf(fixed, fixed.length + 1);
            int used = indent;
            for (int w : fixed) {
                used += w + GAP;
            }
            widths[fixed.length] = WIDTH - used;
        }

        /** One row: each cell wrapped inside its column, as many lines as its tallest cell. */
        void row(StringBuilder b, String... cells) {
            List<List<String>> wrapped = new ArrayList<>();
            int height = 1;
            for (int i = 0; i < widths.length; i++) {
                List<String> w = wrap(i < cells.length ? cells[i] : "", widths[i]);
                wrapped.add(w);
                height = Math.max(height, w.size());
            }
            for (int l = 0; l < height; l++) {
                StringBuilder line = new StringBuilder(" ".repeat(indent));
                for (int i = 0; i < widths.length; i++) {
                    String cell = l < wrapped.get(i).size() ? wrapped.get(i).get(l) : "";
                    line.append(cell);
                    if (i < widths.length - 1) {
                        line.append(" ".repeat(widths[i] - cell.length() + GAP));
                    }
                }
                b.append(line.toString().stripTrailing()).append('\n');
            }
        }
    }
}
