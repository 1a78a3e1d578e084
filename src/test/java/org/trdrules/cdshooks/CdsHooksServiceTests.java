package org.trdrules.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trdrules.Vignettes;

/** The reference CDS Hooks service, end to end over real HTTP on the loopback address. */
class CdsHooksServiceTests {

    private static final ObjectMapper JSON = CdsHttp.JSON;
    private static CdsHooksService service;

    @BeforeAll
    static void start() throws Exception {
        service = CdsHooksService.start(Vignettes.engine(),
                CdsHooksConfig.builder().port(0).insecureNoAuth(true).build());
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CdsHttp.get(service.port(), path);
    }

    private static HttpResponse<String> post(String path, JsonNode body) throws Exception {
        return CdsHttp.post(service.port(), path, body, null);
    }

    private static ObjectNode request(String hook) throws Exception {
        return CdsHttp.request(hook);
    }

    @Test
    void discovery() throws Exception {
        HttpResponse<String> r = get("/cds-services");
        assertEquals(200, r.statusCode());
        assertEquals(3, JSON.readTree(r.body()).get("services").size());
    }

    @Test
    void patientViewAnswersWithCards() throws Exception {
        HttpResponse<String> r = post("/cds-services/trd-patient-view", request("patient-view"));
        assertEquals(200, r.statusCode());
        JsonNode cards = JSON.readTree(r.body()).get("cards");
        assertEquals("critical", cards.get(0).get("indicator").asText(), "PHQ-9 item 9 in the prefetch");
        assertTrue(cards.get(1).get("summary").asText().startsWith("TRD "));
    }

    @Test
    void orderSelectJudgesTheDraftOrder() throws Exception {
        ObjectNode req = request("order-select");
        ObjectNode order = JSON.createObjectNode().put("resourceType", "MedicationRequest").put("id", "draft")
                .put("status", "draft").put("intent", "order");
        order.putObject("medicationCodeableConcept").putArray("coding").addObject()
                .put("system", "http://www.nlm.nih.gov/research/umls/rxnorm").put("code", "6130").put("display", "ketamine");
        ((ObjectNode) req.get("context")).putObject("draftOrders").put("resourceType", "Bundle")
                .putArray("entry").addObject().set("resource", order);
        HttpResponse<String> r = post("/cds-services/trd-order-select", req);
        assertEquals(200, r.statusCode());
        JsonNode cards = JSON.readTree(r.body()).get("cards");
        assertEquals("critical", cards.get(0).get("indicator").asText(), "the safety card comes first");
        assertEquals("critical", cards.get(1).get("indicator").asText(), "ketamine hypersensitivity in the prefetch");
        assertTrue(r.body().contains("IV ketamine (off-label): contraindicated"), r.body());
    }

    @Test
    void missingPrefetchIs412WithAnOperationOutcome() throws Exception {
        ObjectNode req = request("patient-view");
        req.remove("prefetch");
        HttpResponse<String> r = post("/cds-services/trd-patient-view", req);
        assertEquals(412, r.statusCode());
        assertEquals("OperationOutcome", JSON.readTree(r.body()).get("resourceType").asText());
    }

    @Test
    void unknownServiceIs404() throws Exception {
        assertEquals(404, post("/cds-services/nope", JSON.createObjectNode()).statusCode());
    }

    @Test
    void aPatientPrefetchThatIsNotAnObjectIs400NotATrdNotMetCard() throws Exception {
        ObjectNode req = request("patient-view");
        ((ObjectNode) req.get("prefetch")).put("patient", "Patient/p1");
        HttpResponse<String> r = post("/cds-services/trd-patient-view", req);
        assertEquals(400, r.statusCode());
        assertEquals("OperationOutcome", JSON.readTree(r.body()).get("resourceType").asText());
    }

    @Test
    void anUnreadablePrefetchIs400WithTheRegistryCodeAndNoStackTrace() throws Exception {
        ObjectNode req = request("patient-view");
        ObjectNode deep = (ObjectNode) req.get("prefetch").get("patient");
        com.fasterxml.jackson.databind.node.ArrayNode a = deep.putArray("extension");
        for (int i = 0; i < 150; i++) {
            a = a.addArray();
        }
        HttpResponse<String> r = post("/cds-services/trd-patient-view", req);
        assertEquals(400, r.statusCode());
        JsonNode issue = JSON.readTree(r.body()).get("issue").get(0);
        assertEquals("TRD-FHIR-001", issue.get("details").get("coding").get(0).get("code").asText());
        assertTrue(!r.body().contains("Exception"), r.body());
    }
}
