package org.trdrules.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trdrules.Histories;
import org.trdrules.Vignettes;
import org.trdrules.assessment.Assessment;
import org.trdrules.model.Patient;

/** CDS Hooks cards: valid against a schema written from the specification, no null or empty attribute. */
class CdsHooksCardsTests {

    private static final CdsHooksCards CARDS = new CdsHooksCards();

    static List<Error> validate(JsonNode response) throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("docs/schema/cds-hooks-response.schema.json")), InputFormat.JSON);
        return schema.validate(response.toString(), InputFormat.JSON);
    }

    /** Every value is present: no null, no empty string, array or object. */
    private static void assertNoEmpty(JsonNode n, String path) {
        assertTrue(!n.isNull() && !(n.isTextual() && n.asText().isEmpty())
                && !((n.isArray() || n.isObject()) && n.isEmpty() && !path.endsWith("cards")), "empty at " + path);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            assertNoEmpty(e.getValue(), path + "." + e.getKey());
        }
        for (int i = 0; i < n.size() && n.isArray(); i++) {
            assertNoEmpty(n.get(i), path + "[" + i + "]");
        }
    }

    private static Assessment atrq() {
        return Vignettes.engine().assess(Vignettes.load("atrq-worked-example"));
    }

    @Test
    void patientViewCardsFollowTheSpec() throws Exception {
        JsonNode r = CARDS.patientViewNode(atrq());
        assertEquals(List.of(), validate(r));
        assertNoEmpty(r, "response");
        JsonNode card = r.get("cards").get(0);
        assertTrue(card.get("summary").asText().startsWith("TRD met (FDA: 2 adequate trials)"));
        assertEquals("warning", card.get("indicator").asText());
        assertTrue(card.get("detail").asText().contains("two-adequate-trials | MET"));
        assertEquals("at-most-one", card.get("selectionBehavior").asText());
    }

    @Test
    void safetyCardComesFirstAndIsCritical() throws Exception {
        JsonNode r = CARDS.patientViewNode(Vignettes.engine().assess(Patient.builder("p").suicidalIdeation(true).build()));
        assertEquals(List.of(), validate(r));
        assertEquals("critical", r.get("cards").get(0).get("indicator").asText());
        assertTrue(r.get("cards").get(0).get("detail").asText().contains("988"));
    }

    @Test
    void orderCardsReportTheOptionStatus() throws Exception {
        Patient seizure = Patient.builder("p").ageYears(40)
                .condition(org.trdrules.model.CodedCondition.icd10("G40.909", null))
                .trial(Histories.failedTrial("t1", "sertraline", 100).episodeId(null).build()).build();
        JsonNode r = CARDS.orderNode(Vignettes.engine().assess(seizure), "Bupropion");
        assertEquals(List.of(), validate(r));
        assertNoEmpty(r, "response");
        assertEquals("critical", r.get("cards").get(0).get("indicator").asText());
        assertTrue(r.get("cards").get(0).get("summary").asText().contains("contraindicated"));
    }

    @Test
    void uuidsAreStableAndDistinct() {
        Assessment a = atrq();
        JsonNode one = CARDS.patientViewNode(a);
        JsonNode two = CARDS.patientViewNode(a);
        assertEquals(one.get("cards").get(0).get("uuid"), two.get("cards").get(0).get("uuid"));
        assertTrue(!CdsHooksCards.uuid(a, "x").equals(CdsHooksCards.uuid(a, "y")));
    }

    @Test
    void discoveryListsTheThreeHooksWithPrefetch() {
        JsonNode d = CARDS.discoveryNode();
        assertEquals(3, d.get("services").size());
        assertEquals("patient-view", d.get("services").get(0).get("hook").asText());
        assertEquals("Patient/{{context.patientId}}", d.get("services").get(0).get("prefetch").get("patient").asText());
    }

    @Test
    void thePublicApiGivesTheResponseAsJsonTextWithoutJacksonTypes() throws Exception {
        Assessment a = atrq();
        assertEquals(CARDS.patientViewNode(a), new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(CARDS.patientView(a)));
        for (java.lang.reflect.Method m : CdsHooksCards.class.getMethods()) {
            assertTrue(!m.getReturnType().getName().startsWith("com.fasterxml"), m.toString());
        }
    }

    @Test
    void cardTextNamesTreatmentsNeverTheirInternalIds() throws Exception {
        String bundle = Files.readString(Path.of("docs/examples/fhir-bundle.json"));
        var m = org.trdrules.fhir.FhirPatientReader.create().read(bundle, Vignettes.engine().evaluationDate());
        Assessment a = Vignettes.engine().assess(m.patient());
        assertTrue(a.treatments().stream().anyMatch(t -> t.id().equals("rx2")), "the reader's ids are rx1, rx2, ...");
        JsonNode r = CARDS.patientViewNode(a, m.gapRecords());
        assertEquals(List.of(), validate(r));
        String text = r.toString();
        assertTrue(!java.util.regex.Pattern.compile("\\brx\\d").matcher(text).find(), text);
        assertTrue(text.contains("outcome or percent improvement of escitalopram"), text);
    }

    @Test
    void eligibleProceduresAreSuggestedAsDraftReferralsAndEveryCardOffersOverrideReasons() throws Exception {
        JsonNode r = CARDS.patientViewNode(atrq());
        JsonNode card = r.get("cards").get(0);
        JsonNode action = card.get("suggestions").get(0).get("actions").get(0);
        assertEquals("create", action.get("type").asText());
        assertEquals("ServiceRequest", action.get("resource").get("resourceType").asText());
        assertEquals("proposal", action.get("resource").get("intent").asText());
        assertEquals(3, card.get("overrideReasons").size());
        assertEquals(CdsHooksCards.OVERRIDE_SYSTEM, card.get("overrideReasons").get(0).get("system").asText());
    }

    @Test
    void plainTextReplacesIdsWithNamesAndNumbersRepeatedCourses() {
        Patient p = Patient.builder("p").ageYears(40)
                .trial(Histories.failedTrial("t1", "sertraline", 100).episodeId(null).build())
                .trial(Histories.failedTrial("t2", "sertraline", 150).episodeId(null).build()).build();
        Assessment a = Vignettes.engine().assess(p);
        assertEquals("dose of sertraline (course 2) and sertraline (course 1); t10",
                CdsHooksCards.plain(a, "dose of t2 (sertraline) and t1; t10"));
    }
}
