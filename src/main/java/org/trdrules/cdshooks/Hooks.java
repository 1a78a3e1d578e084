package org.trdrules.cdshooks;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trdrules.ErrorCode;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.TrdInputException;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.OptionFamily;
import org.trdrules.fhir.FhirMapping;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.model.InvalidPatientException;
import org.trdrules.model.Patient;
import org.trdrules.model.ValidationProblem;

/**
 * The CDS Hooks service logic, without HTTP: a hook request body in, a status and a JSON answer out. Reads the
 * prefetch (fetching what is missing from the request's {@code fhirServer} when allowed), maps it with the FHIR
 * reader, assesses it and renders cards; every refusal is a typed OperationOutcome with a registry code and the
 * field's path, never a stack trace or an input value. Logs carry structural facts only. Thread-safe.
 */
final class Hooks {

    private static final Logger LOG = LoggerFactory.getLogger(Hooks.class);
    /** A FHIR resource id (FHIR R4 datatypes: id). */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    static final String CODE_SYSTEM = "urn:trd-rules:error-code";

    /** A status and a JSON body (null for none). */
    record Answer(int status, JsonNode body) {}

    private final TrdEngine engine;
    /**
     * The engine of the patient-view card, which suggests only procedures: it judges only procedure options. Each
     * option is judged on its own, so they are judged exactly as among all options, at a fraction of the cost
     * (eligibility is most of an assessment; docs/cds-hooks.md).
     */
    private final TrdEngine patientView;
    /** Hook calls reading and assessing at once ({@link CdsHooksConfig#maxConcurrentAssessments()}), fair. */
    private final java.util.concurrent.Semaphore assessing;
    private final FhirPatientReader reader = FhirPatientReader.create();
    private final CdsHooksCards cards = new CdsHooksCards();
    private final ObjectMapper mapper;
    private final FhirFetcher fetcher;
    private final List<String> fhirServers;
    private final ReportLinks reports;

    Hooks(TrdEngine engine, ObjectMapper mapper, FhirFetcher fetcher, List<String> fhirServers, ReportLinks reports,
          int maxConcurrentAssessments) {
        this.assessing = new java.util.concurrent.Semaphore(maxConcurrentAssessments, true);
        this.engine = engine;
        this.patientView = proceduresOnly(engine);
        this.mapper = mapper;
        this.fetcher = fetcher;
        this.fhirServers = fhirServers;
        this.reports = reports;
    }

    /** Work under the {@code assessing} bound (the report's assessment, made when its link is opened). */
    private <T> T bounded(java.util.function.Supplier<T> work) {
        assessing.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            assessing.release();
        }
    }

    /** The engine judging only the procedures of {@code engine}'s option families (no eligibility when none). */
    static TrdEngine proceduresOnly(TrdEngine engine) {
        TrdConfig c = engine.config();
        if (!c.eligibility() || c.optionFamilies().equals(EnumSet.of(OptionFamily.PROCEDURE))) {
            return engine;
        }
        return engine.withConfig(c.optionFamilies().contains(OptionFamily.PROCEDURE)
                ? c.withOptionFamilies(EnumSet.of(OptionFamily.PROCEDURE)) : c.withEligibility(false));
    }

    /** The stored clinician report page under a token, or null when unknown or expired. */
    byte[] reportPage(String token) {
        return reports.page(token);
    }

    /** A JSON mapper that refuses documents nested deeper than the FHIR reader would read. */
    static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
        return m;
    }

    static boolean isService(String id) {
        return id.equals(CdsHooksCards.PATIENT_VIEW) || id.equals(CdsHooksCards.ORDER_SELECT)
                || id.equals(CdsHooksCards.ORDER_SIGN);
    }

    private static String hookOf(String id) {
        return switch (id) {
            case CdsHooksCards.PATIENT_VIEW -> "patient-view";
            case CdsHooksCards.ORDER_SELECT -> "order-select";
            default -> "order-sign";
        };
    }

    ObjectNode discovery() {
        return cards.discoveryNode();
    }

    /** Answers a hook call; {@code authenticated} says whether the caller's token was verified. */
    Answer hook(String id, byte[] body, boolean authenticated) {
        JsonNode request = parse(body);
        if (request == null || !request.isObject()) {
            return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "", "the body is not a JSON object");
        }
        if (request.has("hook") && !hookOf(id).equals(request.get("hook").asText())) {
            return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "hook", "this service answers the "
                    + hookOf(id) + " hook");
        }
        JsonNode context = request.path("context");
        if (request.has("context") && !context.isObject()) {
            return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "context", "must be a JSON object");
        }
        JsonNode prefetchNode = request.get("prefetch");
        if (prefetchNode != null && !prefetchNode.isNull() && !prefetchNode.isObject()) {
            return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "prefetch", "must be a JSON object");
        }
        ObjectNode prefetch = prefetchNode instanceof ObjectNode o ? o.deepCopy() : mapper.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = prefetch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull() && !e.getValue().isObject()) {
                return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "prefetch." + pathKey(e.getKey()),
                        "must be a FHIR resource (a JSON object) or null");
            }
            if ("OperationOutcome".equals(e.getValue().path("resourceType").asText())) {
                it.remove(); // the client could not prefetch it: as if absent
            }
        }
        Answer fetched = fetchMissing(request, context, prefetch, authenticated);
        if (fetched != null) {
            return fetched;
        }
        if (!prefetch.has("patient") || prefetch.get("patient").isNull()) {
            return refuse(412, "required", ErrorCode.CDS_DATA_UNAVAILABLE, "prefetch.patient",
                    "the required prefetch 'patient' is missing and no allowed fhirServer was given to fetch it");
        }
        if (!"Patient".equals(prefetch.get("patient").path("resourceType").asText())) {
            return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "prefetch.patient", "must be a Patient");
        }
        assessing.acquireUninterruptibly(); // bounded wait: the clients' own timeouts and maxThreads bound it
        try {
            // one day for the whole request, and for the report assessed later from it (an engine on a clock
            // would otherwise judge the report at the day its link is opened)
            java.time.LocalDate day = engine.evaluationDate();
            TrdEngine full = engine.at(day);
            TrdEngine procedures = patientView.at(day);
            FhirMapping m = reader.read(bundle(prefetch).toString(), day);
            Patient patient = m.patient();
            String ordered = id.equals(CdsHooksCards.PATIENT_VIEW) ? "" : orderedDrug(context).orElse("");
            ObjectNode answer;
            if (id.equals(CdsHooksCards.PATIENT_VIEW)) {
                // the report shows every option: judged by the full engine, only if the link is opened
                answer = cards.patientViewNode(procedures.assess(patient), m.gapRecords(),
                        reports.link(patient, () -> bounded(() -> full.assess(patient))).orElse(null));
            } else if (ordered.isEmpty()) {
                answer = cards.patientViewNode(procedures.assess(patient), m.gapRecords());
            } else {
                answer = cards.orderNode(full.assess(patient), ordered);
            }
            LOG.debug("CDS Hooks request answered: service {}, {} cards", id, answer.path("cards").size());
            return new Answer(200, answer);
        } catch (InvalidPatientException e) {
            LOG.info("CDS Hooks request refused: {}, {} problems", e.code(), e.problems().size());
            ObjectNode o = outcome();
            for (ValidationProblem p : e.problems()) {
                issue(o, "invalid", e.code(), p.path(), e.code().summary() + " (" + p.code() + ")");
            }
            return new Answer(422, o);
        } catch (TrdInputException e) {
            // unreadable FHIR: the registry code and the path only (the message could quote the input)
            LOG.info("CDS Hooks request refused: {}", e.code());
            return refuse(e.code() == ErrorCode.INPUT_INVALID ? 422 : 400, "invalid", e.code(), e.path(),
                    e.code().summary());
        } finally {
            assessing.release();
        }
    }

    /** Fills missing prefetch keys from the request's fhirServer; an answer when that is refused or fails. */
    private Answer fetchMissing(JsonNode request, JsonNode context, ObjectNode prefetch, boolean authenticated) {
        Map<String, String> missing = new LinkedHashMap<>();
        CdsHooksCards.PREFETCH.forEach((k, v) -> {
            if (!prefetch.has(k)) {
                missing.put(k, v);
            }
        });
        JsonNode server = request.get("fhirServer");
        if (missing.isEmpty() || server == null || server.isNull()) {
            return null;
        }
        if (!server.isTextual() || !isHttpUrl(server.asText())) {
            return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "fhirServer", "must be an http(s) URL");
        }
        String base = server.asText();
        // deny by default: only servers on the configured allow-list, never the caller's choice alone
        boolean allowed = fhirServers.stream()
                .anyMatch(p -> base.equals(p) || base.startsWith(p.endsWith("/") ? p : p + "/"));
        if (!allowed) {
            LOG.info("CDS Hooks request: fhirServer not allowed, prefetch not fetched");
            return null; // as if no server was given: the required patient is then 412
        }
        JsonNode patientId = context.get("patientId");
        if (patientId == null || !patientId.isTextual() || !FHIR_ID.matcher(patientId.asText()).matches()
                || patientId.asText().matches("\\.+")) {
            return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "context.patientId", "must be a FHIR id");
        }
        JsonNode auth = request.path("fhirAuthorization");
        String token = auth.path("access_token").isTextual() ? auth.get("access_token").asText() : null;
        if (request.has("fhirAuthorization") && !request.get("fhirAuthorization").isNull() && (!auth.isObject()
                || token == null || auth.has("token_type") && !"bearer".equalsIgnoreCase(auth.path("token_type").asText()))) {
            return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "fhirAuthorization",
                    "must be an object with access_token and token_type Bearer");
        }
        try {
            Map<String, JsonNode> got = fetcher.fetch(base, token, patientId.asText(), missing);
            got.forEach(prefetch::set);
            LOG.debug("CDS Hooks request: {} prefetch keys fetched from the FHIR server", got.size());
            return null;
        } catch (FhirFetcher.Unavailable e) {
            LOG.info("CDS Hooks request: prefetch {} not fetched: {}", e.key, e.getMessage());
            return refuse(412, "transient", ErrorCode.CDS_DATA_UNAVAILABLE, "prefetch." + e.key,
                    "could not be fetched from fhirServer: " + e.getMessage());
        } catch (FhirFetcher.Busy e) {
            LOG.info("CDS Hooks request: prefetch not fetched, too many FHIR fetches at once");
            return refuse(503, "throttled", ErrorCode.CDS_DATA_UNAVAILABLE, "prefetch",
                    "the service is fetching for too many requests at once; retry later or send the prefetch");
        }
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null && u.getRawQuery() == null && u.getRawFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A prefetch key as a path: the key when it is a plain name, else a placeholder (never echo input). */
    private static String pathKey(String key) {
        return key.matches("[A-Za-z0-9_\\-]{1,64}") ? key : "<key>";
    }

    /** Answers feedback ({@code POST /cds-services/{id}/feedback}): counts logged, nothing else kept. */
    Answer feedback(String id, byte[] body) {
        JsonNode request = parse(body);
        JsonNode items = request == null ? null : request.get("feedback");
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > 1000) {
            return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "feedback",
                    "must be an array of 1-1000 feedback objects");
        }
        int accepted = 0;
        int overridden = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode f = items.get(i);
            String outcome = f.path("outcome").asText("");
            if (!f.isObject() || !f.path("card").isTextual() || !(outcome.equals("accepted")
                    || outcome.equals("overridden"))) {
                return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "feedback[" + i + "]",
                        "needs card (a uuid) and outcome (accepted or overridden)");
            }
            if (f.has("acceptedSuggestions") && !f.get("acceptedSuggestions").isArray()
                    || f.has("overrideReason") && !f.get("overrideReason").isObject()) {
                return refuse(400, "invalid", ErrorCode.CDS_REQUEST_INVALID, "feedback[" + i + "]",
                        "acceptedSuggestions must be an array and overrideReason an object");
            }
            if (outcome.equals("accepted")) {
                accepted++;
            } else {
                overridden++;
            }
        }
        LOG.info("CDS Hooks feedback: service {}, {} accepted, {} overridden", id, accepted, overridden);
        return new Answer(200, null);
    }

    private JsonNode parse(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** All prefetched resources (single resources or Bundles) as one collection Bundle. */
    private ObjectNode bundle(JsonNode prefetch) {
        ObjectNode b = mapper.createObjectNode();
        b.put("resourceType", "Bundle");
        b.put("type", "collection");
        ArrayNode entries = b.putArray("entry");
        for (Iterator<Map.Entry<String, JsonNode>> it = prefetch.fields(); it.hasNext(); ) {
            JsonNode v = it.next().getValue();
            if (v == null || v.isNull()) {
                continue;
            }
            if ("Bundle".equals(v.path("resourceType").asText())) {
                for (JsonNode e : v.path("entry")) {
                    if (e.has("resource")) {
                        ObjectNode entry = entries.addObject();
                        if (e.path("fullUrl").isTextual()) {
                            entry.set("fullUrl", e.get("fullUrl")); // references by urn:uuid need it
                        }
                        entry.set("resource", e.get("resource"));
                    }
                }
            } else if (v.has("resourceType")) {
                entries.addObject().set("resource", v);
            }
        }
        return b;
    }

    /** The ingredient (or procedure id) of the first draft medication order in the context. */
    private Optional<String> orderedDrug(JsonNode context) {
        for (JsonNode e : context.path("draftOrders").path("entry")) {
            JsonNode r = e.path("resource");
            JsonNode code = r.path("medicationCodeableConcept");
            String rx = null;
            for (JsonNode c : code.path("coding")) {
                if ("http://www.nlm.nih.gov/research/umls/rxnorm".equals(c.path("system").asText())) {
                    rx = c.path("code").asText();
                }
            }
            String text = code.has("text") ? code.get("text").asText()
                    : code.path("coding").path(0).path("display").asText(null);
            Optional<String> ingredient = reader.resolve(rx, text).map(res -> res.drug().ingredient());
            if (ingredient.isPresent()) {
                return ingredient;
            }
        }
        return Optional.empty();
    }

    ObjectNode outcome() {
        ObjectNode o = mapper.createObjectNode();
        o.put("resourceType", "OperationOutcome");
        o.putArray("issue");
        return o;
    }

    /** Adds an error issue; {@code details} carries the registry code, {@code expression} the field's path. */
    static void issue(ObjectNode o, String issueType, ErrorCode code, String path, String diagnostics) {
        ObjectNode issue = o.withArray("issue").addObject();
        issue.put("severity", "error");
        issue.put("code", issueType);
        if (code != null) {
            issue.putObject("details").putArray("coding").addObject().put("system", CODE_SYSTEM)
                    .put("code", code.code()).put("display", code.summary());
        }
        issue.put("diagnostics", code == null ? diagnostics : code.code() + ": " + diagnostics);
        if (path != null && !path.isEmpty()) {
            issue.putArray("expression").add(path);
        }
    }

    /** A refusal: an OperationOutcome with one issue. */
    Answer refuse(int status, String issueType, ErrorCode code, String path, String diagnostics) {
        ObjectNode o = outcome();
        issue(o, issueType, code, path, diagnostics);
        return new Answer(status, o);
    }
}
