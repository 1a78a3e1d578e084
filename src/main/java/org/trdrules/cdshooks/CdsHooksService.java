package org.trdrules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trdrules.ErrorCode;
import org.trdrules.TrdEngine;
import org.trdrules.TrdInputException;
import org.trdrules.assessment.Assessment;
import org.trdrules.fhir.FhirMapping;
import org.trdrules.fhir.FhirPatientReader;

/**
 * A small reference CDS Hooks service on the JDK's built-in HTTP server ({@code com.sun.net.httpserver}): discovery
 * at {@code GET /cds-services}, and {@code POST /cds-services/{id}} for patient-view, order-select and order-sign.
 * The FHIR data comes from prefetch; without the required {@code patient} prefetch it answers HTTP 412 with an
 * OperationOutcome. Logs carry no patient data. Thread-safe; start once, stop with {@link #stop()}.
 */
public final class CdsHooksService {

    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksService.class);

    private final HttpServer server;
    private final TrdEngine engine;
    private final FhirPatientReader reader = FhirPatientReader.create();
    private final CdsHooksCards cards = new CdsHooksCards();
    private final ObjectMapper mapper = new ObjectMapper();

    private CdsHooksService(TrdEngine engine, InetSocketAddress address) throws IOException {
        this.engine = engine;
        this.server = HttpServer.create(address, 0);
        server.createContext("/cds-services", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    }

    /** Starts a service on the address (port 0 picks a free port). */
    public static CdsHooksService start(TrdEngine engine, InetSocketAddress address) throws IOException {
        CdsHooksService s = new CdsHooksService(engine, address);
        s.server.start();
        LOG.info("CDS Hooks service listening on port {}", s.port());
        return s;
    }

    /** The port the service listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops the service. */
    public void stop() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/cds-services") || path.equals("/cds-services/")) {
                if (!ex.getRequestMethod().equals("GET")) {
                    send(ex, 405, error("method not allowed"));
                    return;
                }
                send(ex, 200, cards.discoveryNode());
                return;
            }
            String id = path.substring("/cds-services/".length());
            if (!id.equals(CdsHooksCards.PATIENT_VIEW) && !id.equals(CdsHooksCards.ORDER_SELECT)
                    && !id.equals(CdsHooksCards.ORDER_SIGN)) {
                send(ex, 404, error("unknown service"));
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 405, error("method not allowed"));
                return;
            }
            JsonNode request;
            try {
                request = mapper.readTree(ex.getRequestBody());
            } catch (IOException e) {
                send(ex, 400, error("request body is not JSON"));
                return;
            }
            JsonNode prefetch = request == null ? null : request.get("prefetch");
            if (prefetch == null || !prefetch.has("patient") || prefetch.get("patient").isNull()) {
                send(ex, 412, outcome("required prefetch 'patient' is missing"));
                return;
            }
            if (!prefetch.isObject() || !prefetch.get("patient").isObject()) {
                send(ex, 400, outcome("invalid", null, "prefetch and prefetch.patient must be JSON objects"));
                return;
            }
            FhirMapping m = reader.read(bundle(prefetch).toString(), engine.evaluationDate());
            Assessment a = engine.assess(m.patient());
            if (id.equals(CdsHooksCards.PATIENT_VIEW)) {
                send(ex, 200, cards.patientViewNode(a, m.gapRecords()));
            } else {
                String ordered = orderedDrug(request.path("context")).orElse("");
                send(ex, 200, ordered.isEmpty() ? cards.patientViewNode(a, m.gapRecords())
                        : cards.orderNode(a, ordered));
            }
            LOG.debug("CDS Hooks request answered: service {}", id);
        } catch (TrdInputException e) {
            // unreadable FHIR (400) or an impossible history (422): the registry code, paths and codes only
            LOG.info("CDS Hooks request refused: {}", e.code());
            send(ex, e.code() == ErrorCode.INPUT_INVALID ? 422 : 400, outcome("invalid", e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("CDS Hooks request failed: {}", e.getClass().getSimpleName());
            send(ex, 500, error("request could not be processed"));
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

    private ObjectNode error(String message) {
        return mapper.createObjectNode().put("error", message);
    }

    private ObjectNode outcome(String diagnostics) {
        return outcome("required", null, diagnostics);
    }

    /** A FHIR OperationOutcome with one error issue; {@code details} carries the library's error code when known. */
    private ObjectNode outcome(String issueType, ErrorCode code, String diagnostics) {
        ObjectNode o = mapper.createObjectNode();
        o.put("resourceType", "OperationOutcome");
        ObjectNode issue = o.putArray("issue").addObject();
        issue.put("severity", "error");
        issue.put("code", issueType);
        if (code != null) {
            issue.putObject("details").putArray("coding").addObject()
                    .put("system", "urn:trd-rules:error-code").put("code", code.code());
        }
        issue.put("diagnostics", diagnostics);
        return o;
    }

    private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
