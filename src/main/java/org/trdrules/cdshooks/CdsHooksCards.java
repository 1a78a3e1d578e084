package org.trdrules.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.SafetyFinding;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.Verdict;

/**
 * Renders an {@link Assessment} as CDS Hooks 2.0 responses: the discovery document, {@code patient-view} cards (TRD
 * status and staging, and the safety finding) and {@code order-select} / {@code order-sign} cards (eligibility and
 * safety of the drug or procedure being ordered). Cards carry a summary under 140 characters, an indicator, a
 * Markdown detail with the explanation and missing data, a source label, a stable uuid, and no null or empty
 * attribute. Immutable and thread-safe.
 */
public final class CdsHooksCards {

    /** Service ids in the discovery document. */
    public static final String PATIENT_VIEW = "trd-patient-view";
    /** Service id of the order-select hook. */
    public static final String ORDER_SELECT = "trd-order-select";
    /** Service id of the order-sign hook. */
    public static final String ORDER_SIGN = "trd-order-sign";

    private static final int MAX_SUMMARY = 139;
    private final ObjectMapper mapper = new ObjectMapper();

    /** The discovery document ({@code GET /cds-services}), as JSON. */
    public String discovery() {
        return json(discoveryNode());
    }

    ObjectNode discoveryNode() {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode services = root.putArray("services");
        service(services, "patient-view", PATIENT_VIEW, "TRD status",
                "Treatment-resistant depression definitions, staging and safety for the patient in view.");
        service(services, "order-select", ORDER_SELECT, "TRD treatment eligibility",
                "Eligibility and safety checks for the antidepressant, augmentation or procedure being selected.");
        service(services, "order-sign", ORDER_SIGN, "TRD treatment safety at signing",
                "Eligibility and safety checks for the antidepressant, augmentation or procedure being signed.");
        return root;
    }

    private void service(ArrayNode services, String hook, String id, String title, String description) {
        ObjectNode s = services.addObject();
        s.put("hook", hook);
        s.put("id", id);
        s.put("title", title);
        s.put("description", description);
        ObjectNode prefetch = s.putObject("prefetch");
        PREFETCH.forEach(prefetch::put);
    }

    /**
     * Prefetch templates the service asks for, by key, in discovery order (unmodifiable); {@code patient} is
     * required, the rest are used when present.
     */
    public static final java.util.Map<String, String> PREFETCH = prefetch();

    private static java.util.Map<String, String> prefetch() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("patient", "Patient/{{context.patientId}}");
        m.put("conditions", "Condition?patient={{context.patientId}}");
        m.put("medicationRequests", "MedicationRequest?patient={{context.patientId}}");
        m.put("medicationDispenses", "MedicationDispense?patient={{context.patientId}}");
        m.put("medicationStatements", "MedicationStatement?patient={{context.patientId}}");
        m.put("observations", "Observation?patient={{context.patientId}}&code=http://loinc.org|44261-6,"
                + "http://loinc.org|44260-8");
        m.put("procedures", "Procedure?patient={{context.patientId}}");
        m.put("allergies", "AllergyIntolerance?patient={{context.patientId}}");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Cards for {@code patient-view} as a CDS Hooks response (JSON): the safety finding first, then TRD status. */
    public String patientView(Assessment a) {
        return json(patientViewNode(a));
    }

    ObjectNode patientViewNode(Assessment a) {
        return patientViewNode(a, 0);
    }

    /** Cards for {@code patient-view}, saying how many records of the prefetch were left out or used in part. */
    ObjectNode patientViewNode(Assessment a, int dataGaps) {
        return patientViewNode(a, dataGaps, null);
    }

    /** The label of the TRD status card's link to the clinician report. */
    static final String REPORT_LINK_LABEL = "Clinician report (timeline, definitions, options)";

    /**
     * Cards for {@code patient-view}; the TRD status card links to the clinician report at {@code reportUrl} (an
     * absolute URL, CDS Hooks 2.0 link type {@code absolute}) when it is not null.
     */
    ObjectNode patientViewNode(Assessment a, int dataGaps, String reportUrl) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode cards = root.putArray("cards");
        safetyCards(cards, a);
        DefinitionResult fda = a.requireDefinition("two-adequate-trials");
        long met = a.definitions().stream().filter(d -> d.verdict() == Verdict.MET).count();
        Optional<StagingResult> maudsley = a.stage("maudsley");
        String summary = "TRD " + label(fda.verdict()) + " (FDA: 2 adequate trials); " + met + " of "
                + a.definitions().size() + " definitions met"
                + maudsley.map(m -> m.score() != null ? "; Maudsley " + fmt(m.score()) + " (" + m.band() + ")" : "")
                        .orElse("");
        StringBuilder detail = new StringBuilder("| definition | verdict | why |\n|---|---|---|\n");
        for (DefinitionResult d : a.definitions()) {
            detail.append("| ").append(d.id()).append(" | ").append(d.verdict()).append(" | ")
                    .append(String.join("; ", d.explanation().reasons())).append(" |\n");
        }
        List<String> missing = fda.explanation().missingData();
        if (!missing.isEmpty()) {
            detail.append("\n**Missing data that would decide it:** ").append(String.join("; ", missing)).append('\n');
        }
        if (!fda.whatWouldChange().isEmpty()) {
            detail.append("\n**What would change it:** ").append(String.join("; ", fda.whatWouldChange())).append('\n');
        }
        detail.append("\n**Staging:** ");
        for (StagingResult s : a.stages()) {
            detail.append(s.id()).append(' ').append(s.stage() != null ? s.stage()
                    : s.score() != null ? fmt(s.score()) : fmt(s.low()) + "-" + fmt(s.high())).append("; ");
        }
        if (dataGaps > 0) {
            detail.append("\n\n**Record data:** ").append(dataGaps).append(dataGaps == 1 ? " record was" : " records were")
                    .append(" left out or used only in part (for example an order without a supply duration); the"
                            + " FHIR mapping report lists each.");
        }
        detail.append("\n\nDecision support for review by a clinician; citation: ").append(fda.explanation().citation());
        ObjectNode card = card(cards, a, "trd-status", summary, fda.verdict() == Verdict.MET ? "warning" : "info",
                detail.toString(), "trd-rules " + a.rulesVersion() + ": TRD definitions");
        if (reportUrl != null) {
            card.putArray("links").addObject().put("label", REPORT_LINK_LABEL).put("url", reportUrl)
                    .put("type", "absolute");
        }
        List<OptionResult> procedures = a.options().stream()
                .filter(o -> o.family() == org.trdrules.assessment.OptionFamily.PROCEDURE && o.status() == EligibilityStatus.ELIGIBLE).toList();
        if (!procedures.isEmpty()) {
            ArrayNode suggestions = card.putArray("suggestions");
            for (OptionResult o : procedures) {
                ObjectNode s = suggestions.addObject();
                s.put("label", "Refer for " + o.label() + " (eligible)");
                s.put("uuid", uuid(a, "suggestion-" + o.id()));
                s.put("isRecommended", false);
                // CDS Hooks 2.0 suggestion action: a draft referral the clinician can accept into the order list
                ObjectNode action = s.putArray("actions").addObject();
                action.put("type", "create");
                action.put("description", "Draft a referral for " + o.label());
                ObjectNode request = action.putObject("resource");
                request.put("resourceType", "ServiceRequest");
                request.put("status", "draft");
                request.put("intent", "proposal");
                if (a.patientId() != null && !a.patientId().isBlank()) {
                    request.putObject("subject").put("reference", "Patient/" + a.patientId());
                }
                request.putObject("code").put("text", capitalise(o.label()));
                request.putArray("reasonCode").addObject().put("text", "Treatment-resistant depression: "
                        + plain(a, o.reasons().isEmpty() ? "eligible" : o.reasons().get(0)));
            }
            card.put("selectionBehavior", "at-most-one");
        }
        return root;
    }

    /**
     * Cards for {@code order-select} / {@code order-sign}: the safety finding, then one card per option matching the
     * ordered drug ingredient or procedure id (e.g. {@code bupropion}, {@code esketamine}, {@code ect}).
     */
    public String order(Assessment a, String orderedIngredientOrProcedure) {
        return json(orderNode(a, orderedIngredientOrProcedure));
    }

    ObjectNode orderNode(Assessment a, String orderedIngredientOrProcedure) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode cards = root.putArray("cards");
        safetyCards(cards, a);
        String key = orderedIngredientOrProcedure.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        if (key.equals("ketamine")) {
            key = "iv-ketamine"; // racemic ketamine for depression is the off-label IV option
        }
        for (OptionResult o : a.options()) {
            boolean match = o.id().equals(key) || o.id().equals("switch-" + key) || o.id().equals("combine-" + key)
                    || o.id().equals("augment-" + key);
            if (!match) {
                continue;
            }
            String indicator = o.status() == EligibilityStatus.CONTRAINDICATED ? "critical"
                    : o.status() == EligibilityStatus.ELIGIBLE ? "info" : "warning";
            String summary = capitalise(o.label()) + ": " + o.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (o.reasons().isEmpty() ? "" : " - " + o.reasons().get(0));
            StringBuilder detail = new StringBuilder();
            for (int i = 0; i < o.reasons().size(); i++) {
                detail.append("- ").append(o.reasons().get(i)).append('\n');
            }
            detail.append("\nSources: ").append(String.join("; ", o.citations()));
            card(cards, a, o.id(), summary, indicator, detail.toString(), "trd-rules " + a.rulesVersion()
                    + ": treatment eligibility");
        }
        return root;
    }

    private void safetyCards(ArrayNode cards, Assessment a) {
        for (SafetyFinding f : a.safety()) {
            card(cards, a, f.id(), f.summary(), f.severity().name().toLowerCase(Locale.ROOT), f.action() + "\n\nBecause: "
                    + String.join("; ", f.explanation().reasons()), "trd-rules " + a.rulesVersion() + ": safety");
        }
    }

    private ObjectNode card(ArrayNode cards, Assessment a, String id, String summary, String indicator, String detail,
                            String sourceLabel) {
        ObjectNode c = cards.addObject();
        String plainSummary = plain(a, summary);
        c.put("uuid", uuid(a, id));
        c.put("summary", plainSummary.length() > MAX_SUMMARY ? plainSummary.substring(0, MAX_SUMMARY - 1) + "~"
                : plainSummary);
        c.put("indicator", indicator);
        c.put("detail", plain(a, detail));
        c.putObject("source").put("label", sourceLabel);
        ArrayNode reasons = c.putArray("overrideReasons");
        OVERRIDE_REASONS.forEach((code, display) -> reasons.addObject().put("code", code)
                .put("system", OVERRIDE_SYSTEM).put("display", display));
        return c;
    }

    /** Code system of the override reasons a clinician can give in feedback. */
    static final String OVERRIDE_SYSTEM = "urn:trd-rules:cds-override-reason";
    private static final java.util.Map<String, String> OVERRIDE_REASONS = java.util.Map.of(
            "history-incomplete", "The treatment history in the record is incomplete",
            "clinical-judgement", "Clinical judgement differs",
            "already-addressed", "Already addressed");

    /**
     * The text with the record's internal treatment ids (such as {@code rx2} or {@code rx2a1}, made up by the FHIR
     * reader or the caller) replaced by the treatment's plain-language name: a clinician never sees an id.
     */
    static String plain(Assessment a, String text) {
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (org.trdrules.assessment.TreatmentReview t : a.treatments()) {
            seen.merge(t.label(), 1, Integer::sum);
        }
        java.util.Map<String, Integer> nth = new java.util.HashMap<>();
        for (org.trdrules.assessment.TreatmentReview t : a.treatments()) {
            int n = nth.merge(t.label(), 1, Integer::sum);
            names.put(t.id(), seen.get(t.label()) > 1 ? t.label() + " (course " + n + ")" : t.label());
        }
        String out = text;
        List<String> ids = new java.util.ArrayList<>(names.keySet());
        ids.sort((x, y) -> y.length() - x.length());
        for (String id : ids) {
            if (id.isEmpty() || !out.contains(id)) {
                continue;
            }
            String name = names.get(id);
            String label = a.treatments().stream().filter(t -> t.id().equals(id)).findFirst().get().label();
            out = out.replace(id + " (" + label + ")", name).replace(label + " (" + id + ")", name)
                    .replace(" (" + id + ")", "");
            out = out.replaceAll("(?<![A-Za-z0-9_-])" + java.util.regex.Pattern.quote(id) + "(?![A-Za-z0-9_-])",
                    java.util.regex.Matcher.quoteReplacement(name));
        }
        return out;
    }

    /** A uuid stable for the same patient, evaluation date, rules version and card. */
    static String uuid(Assessment a, String card) {
        String name = a.patientId() + "|" + a.evaluationDate() + "|" + a.rulesVersion() + "|" + card;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String label(Verdict v) {
        return v == Verdict.MET ? "met" : v == Verdict.NOT_MET ? "not met" : "undecided";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private String json(ObjectNode n) {
        try {
            return mapper.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(org.trdrules.ErrorCode.ENGINE_UNEXPECTED.message("cards not writable"), e);
        }
    }
}
