package org.trdrules.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trdrules.TrdEngine;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.Explanation;
import org.trdrules.assessment.StagingItem;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TreatmentReview;
import org.trdrules.assessment.Warning;
import org.trdrules.model.AddOn;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Episode;
import org.trdrules.model.Measurement;
import org.trdrules.model.Patient;
import org.trdrules.model.Procedure;
import org.trdrules.model.Psychotherapy;
import org.trdrules.model.ValidationProblem;

/**
 * The published JSON Schemas in {@code docs/schema/} describe what the library really reads and writes: the example
 * and vignette inputs validate, the real batch output validates, the schemas' objects have exactly the fields of the
 * Java records, and wrong documents are rejected. Files are read relative to the project root (Maven's working
 * directory for tests); the schemas' {@code $id}s are mapped to those files, so nothing is fetched.
 */
class JsonSchemaTests {

    private static final Path SCHEMA_DIR = Path.of("docs", "schema");
    private static final Path EXAMPLES = Path.of("docs", "examples", "patients.json");
    private static final Path VIGNETTES = Path.of("src", "test", "resources", "vignettes");
    private static final String ID_PREFIX = "https://trdrules.org/schema/";
    private static final String PATIENT = "patient.schema.json";
    private static final String INPUT = "patient-input.schema.json";
    private static final String OUTPUT = "assessment-batch.schema.json";
    private static final String META = "https://json-schema.org/draft/2020-12/schema";
    private static final LocalDate EVALUATION_DATE = LocalDate.of(2026, 11, 1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SCHEMA_TEXT = new LinkedHashMap<>();
    private static SchemaRegistry registry;
    private static TrdEngine engine;

    @BeforeAll
    static void load() throws IOException {
        for (String name : List.of(PATIENT, INPUT, OUTPUT)) {
            SCHEMA_TEXT.put(ID_PREFIX + name, Files.readString(SCHEMA_DIR.resolve(name), StandardCharsets.UTF_8));
        }
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b
                .schemas(SCHEMA_TEXT)
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        engine = TrdEngine.builder().evaluationDate(EVALUATION_DATE).build();
    }

    private static Schema schema(String name) {
        return registry.getSchema(SchemaLocation.of(ID_PREFIX + name));
    }

    private static List<Error> validate(String schemaName, String json) {
        return schema(schemaName).validate(json, InputFormat.JSON);
    }

    private static void assertValid(String schemaName, String json, String what) {
        List<Error> errors = validate(schemaName, json);
        assertTrue(errors.isEmpty(), what + " does not match " + schemaName + ": " + errors);
    }

    private static JsonNode readTree(Path file) {
        try {
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the schemas themselves

    @Test
    void everySchemaIsAValidDraft202012Schema() {
        Schema meta = registry.getSchema(SchemaLocation.of(META));
        SCHEMA_TEXT.forEach((id, text) -> {
            List<Error> errors = meta.validate(text, InputFormat.JSON);
            assertTrue(errors.isEmpty(), id + " is not a valid 2020-12 schema: " + errors);
            JsonNode node = readTree(SCHEMA_DIR.resolve(id.substring(ID_PREFIX.length())));
            assertEquals(META, node.path("$schema").asText(), id);
            assertEquals(id, node.path("$id").asText(), "$id of " + id);
        });
    }

    /** Each object in the schemas lists exactly the fields of its Java record: a new field must be documented. */
    @Test
    void schemaObjectsHaveExactlyTheFieldsOfTheJavaRecords() {
        JsonNode in = readTree(SCHEMA_DIR.resolve(PATIENT));
        assertFields(in, Patient.class);
        Map<String, Class<?>> inDefs = Map.of("codedCondition", CodedCondition.class, "episode", Episode.class,
                "antidepressantTrial", AntidepressantTrial.class, "addOn", AddOn.class, "procedure", Procedure.class,
                "psychotherapy", Psychotherapy.class, "measurement", Measurement.class);
        inDefs.forEach((def, type) -> assertFields(in.path("$defs").path(def), type));

        JsonNode out = readTree(SCHEMA_DIR.resolve(OUTPUT));
        assertFields(out.path("$defs").path("safetyFinding"), org.trdrules.assessment.SafetyFinding.class);
        assertFields(out.path("$defs").path("optionResult"), org.trdrules.assessment.OptionResult.class);
        assertFields(out.path("$defs").path("riskResult"), org.trdrules.assessment.RiskResult.class);
        assertFields(out.path("$defs").path("pseudoResistanceFinding"),
                org.trdrules.assessment.PseudoResistanceFinding.class);
        assertFields(in.path("$defs").path("medication"), org.trdrules.model.Medication.class);
        assertFields(in.path("$defs").path("lifeEvent"), org.trdrules.model.LifeEvent.class);
        assertFields(out.path("$defs").path("riskFactor"), org.trdrules.assessment.RiskFactor.class);
        Map<String, Class<?>> outDefs = Map.of("assessment", Assessment.class, "definitionResult",
                DefinitionResult.class, "explanation", Explanation.class, "treatmentJudgement",
                TreatmentJudgement.class, "treatmentReview", TreatmentReview.class, "warning", Warning.class,
                "problem", ValidationProblem.class, "stagingResult", StagingResult.class, "stagingItem",
                StagingItem.class);
        outDefs.forEach((def, type) -> assertFields(out.path("$defs").path(def), type));
    }

    private static void assertFields(JsonNode objectSchema, Class<?> record) {
        Set<String> documented = new TreeSet<>();
        objectSchema.path("properties").properties().forEach(f -> documented.add(f.getKey()));
        Set<String> actual = Arrays.stream(record.getRecordComponents()).map(c -> c.getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(actual, documented, "schema properties of " + record.getSimpleName());
        assertFalse(objectSchema.path("additionalProperties").asBoolean(true),
                record.getSimpleName() + " must forbid additional properties");
        objectSchema.path("properties").properties().forEach(f -> assertTrue(
                f.getValue().hasNonNull("description") || f.getValue().has("$ref"),
                record.getSimpleName() + "." + f.getKey() + " has no description"));
    }

    // ---------------------------------------------------------------- (a) inputs

    @Test
    void everyExamplePatientMatchesThePatientSchema() {
        JsonNode all = readTree(EXAMPLES);
        assertTrue(all.isArray() && all.size() > 0, "examples are an array of patients");
        for (JsonNode p : all) {
            assertValid(PATIENT, p.toString(), "example patient " + p.path("id").asText());
        }
        assertValid(INPUT, all.toString(), EXAMPLES.toString());
    }

    @Test
    void everyVignetteMatchesTheInputSchema() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(VIGNETTES)) { // one folder per vignette, its patient in patient.json
            files = s.map(d -> d.resolve("patient.json")).filter(Files::isRegularFile).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no vignettes found");
        for (Path f : files) {
            assertValid(INPUT, Files.readString(f, StandardCharsets.UTF_8), f.getParent().getFileName() + "/patient.json");
        }
    }

    @Test
    void nullMeansNotRecordedAndIsAccepted() {
        assertValid(PATIENT, """
                {"id":"p","ageYears":null,"sex":null,"episodes":[{"id":"e1","end":null,"severity":null}],
                 "trials":[{"id":"t1","drug":"sertraline","dailyDoseMg":null,"outcome":null,"addOns":null}],
                 "measurements":[{"instrument":"PHQ9","score":27,"date":"2026-01-31","item9":null}]}""",
                "a patient with null fields");
    }

    /** The guide's two examples (its first and second json blocks) are a valid input and a valid output. */
    @Test
    void theGuideExamplesMatchTheSchemas() throws IOException {
        String guide = Files.readString(Path.of("docs", "json-format.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertEquals(3, blocks.size(), "json blocks in docs/json-format.md");
        assertValid(INPUT, blocks.get(0), "the guide's input example");
        assertValid(INPUT, blocks.get(1), "the guide's physiology and pharmacogenomics example");
        assertValid(OUTPUT, blocks.get(2), "the guide's output example");
    }

    // ---------------------------------------------------------------- (b) output

    @Test
    void theBatchOutputForTheExamplesMatchesTheOutputSchema() throws IOException {
        JsonCodec codec = new JsonCodec();
        List<Patient> patients = new ArrayList<>();
        for (JsonCodec.ReadResult r : codec.readPatients(new StringReader(readTree(EXAMPLES).toString()))) {
            assertEquals(null, r.error(), "example " + r.index() + " reads");
            patients.add(r.patient());
        }
        String json = codec.writeBatch(engine.assessAll(patients));
        assertValid(OUTPUT, json, "writeBatch output for " + EXAMPLES);
        JsonNode out = JSON.readTree(json);
        assertEquals(JsonCodec.OUTPUT_FORMAT, out.path("format").asText());
        assertEquals(patients.size(), out.path("results").size());
    }

    @Test
    void errorResultsMatchTheOutputSchema() throws IOException {
        JsonCodec codec = new JsonCodec();
        Patient impossible = Patient.builder("bad")
                .trial(AntidepressantTrial.builder("t1", "sertraline").dailyDoseMg(-5.0).build())
                .build();
        List<AssessmentResult> results = new ArrayList<>(engine.assessAll(List.of(impossible)));
        JsonCodec.ReadResult unreadable = codec.readPatients(new StringReader(
                "[{\"id\":\"x\",\"trials\":[{\"id\":\"t1\",\"drug\":\"a\",\"colour\":\"red\"}]}]")).get(0);
        results.add(AssessmentResult.failure(1, null, unreadable.error()));
        results.add(AssessmentResult.failure(2, "p3", new IllegalStateException("boom")));
        String json = codec.writeBatch(results);
        assertValid(OUTPUT, json, "error batch");
        JsonNode r = JSON.readTree(json).path("results");
        assertEquals("TRD-INPUT-001", r.path(0).path("error").path("code").asText());
        assertEquals("trials[0].dailyDoseMg", r.path(0).path("error").path("problems").path(0).path("path").asText());
        assertEquals("TRD-JSON-001", r.path(1).path("error").path("code").asText());
        String path = r.path(1).path("error").path("path").asText();
        assertTrue(path.startsWith("[0]") && path.endsWith("trials[0].colour"), path);
        assertEquals("TRD-ENGINE-000", r.path(2).path("error").path("code").asText());
    }

    /**
     * European staging's resistance duration is unbounded above when a possibly failed trial has no known duration:
     * the item's {@code high} is then absent, never an infinite number (invalid JSON) or the string "Infinity".
     */
    @Test
    void anUnboundedStagingItemHasNoHigh() throws IOException {
        Patient p = Patient.builder("unbounded")
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 9, 1)).current(true).build())
                .trial(AntidepressantTrial.builder("t1", "sertraline").episodeId("e1").dailyDoseMg(150.0)
                        .start(LocalDate.of(2025, 10, 1)).end(LocalDate.of(2026, 1, 15)).adherencePercent(90.0)
                        .improvementPercent(10.0).build())
                .trial(AntidepressantTrial.builder("t2", "escitalopram").episodeId("e1").dailyDoseMg(20.0)
                        .adherencePercent(90.0).improvementPercent(10.0).build())
                .build();
        String json = new JsonCodec().writeBatch(engine.assessAll(List.of(p)));
        assertValid(OUTPUT, json, "output with an unbounded staging item");
        assertFalse(json.contains("Infinity") || json.contains("NaN"), json);
        JsonNode european = null;
        for (JsonNode s : JSON.readTree(json).path("results").path(0).path("assessment").path("stages")) {
            if (s.path("id").asText().equals("european-staging")) {
                european = s;
            }
        }
        assertTrue(european != null, "european-staging result");
        assertEquals("RANGE", european.path("status").asText());
        JsonNode duration = european.path("items").path(1);
        assertEquals("resistance duration (weeks)", duration.path("name").asText());
        assertTrue(duration.path("low").isNumber(), duration.toString());
        assertFalse(duration.has("high"), duration.toString());
    }

    // ---------------------------------------------------------------- (c) wrong documents

    private static final String VALID = """
            {"id":"p1","ageYears":40,"sex":"FEMALE",
             "episodes":[{"id":"e1","onset":"2025-01-01","severity":"MODERATE","current":true}],
             "trials":[{"id":"t1","episodeId":"e1","drug":"sertraline","dailyDoseMg":100,"start":"2025-02-01",
                        "end":"2025-04-01","adherencePercent":90,"improvementPercent":10,
                        "addOns":[{"id":"a1","kind":"AUGMENTATION","drug":"lithium","dailyDoseMg":600,"weeks":6}]}],
             "procedures":[{"id":"p1x","type":"ECT","sessions":12,"laterality":"BILATERAL"}],
             "psychotherapies":[{"id":"c1","type":"CBT","sessions":16}],
             "measurements":[{"instrument":"PHQ9","score":20,"date":"2025-01-20","item9":1}]}""";

    private static ObjectNode valid() {
        try {
            return (ObjectNode) JSON.readTree(VALID);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Arguments wrong(String name, Consumer<ObjectNode> change) {
        ObjectNode p = valid();
        change.accept(p);
        return Arguments.of(name, p.toString());
    }

    private static ObjectNode trial(ObjectNode p) {
        return (ObjectNode) p.withArray("trials").get(0);
    }

    private static ObjectNode measurement(ObjectNode p) {
        return (ObjectNode) p.withArray("measurements").get(0);
    }

    static Stream<Arguments> wrongPatients() {
        return Stream.of(
                wrong("negative dose", p -> trial(p).put("dailyDoseMg", -10)),
                wrong("unknown top-level field", p -> p.put("colour", "red")),
                wrong("unknown trial field", p -> trial(p).put("doseMgPerDay", 100)),
                wrong("missing patient id", p -> p.remove("id")),
                wrong("blank patient id", p -> p.put("id", "  ")),
                wrong("missing trial drug", p -> trial(p).remove("drug")),
                wrong("missing trial id", p -> trial(p).remove("id")),
                wrong("missing episode id", p -> ((ObjectNode) p.withArray("episodes").get(0)).remove("id")),
                wrong("adherence above 100", p -> trial(p).put("adherencePercent", 101)),
                wrong("improvement above 100", p -> trial(p).put("improvementPercent", 150)),
                wrong("negative weeks", p -> ((ObjectNode) trial(p).withArray("addOns").get(0)).put("weeks", -1)),
                wrong("unknown outcome", p -> trial(p).put("outcome", "CURED")),
                wrong("unknown sex", p -> p.put("sex", "X")),
                wrong("age above 130", p -> p.put("ageYears", 131)),
                wrong("date in another format", p -> trial(p).put("start", "01/02/2025")),
                wrong("impossible date", p -> trial(p).put("end", "2025-02-30")),
                wrong("procedure without type", p -> ((ObjectNode) p.withArray("procedures").get(0)).remove("type")),
                wrong("negative sessions", p -> ((ObjectNode) p.withArray("psychotherapies").get(0)).put("sessions", -2)),
                wrong("measurement without score", p -> measurement(p).remove("score")),
                wrong("measurement without date", p -> measurement(p).remove("date")),
                wrong("measurement without instrument", p -> measurement(p).remove("instrument")),
                wrong("PHQ-9 score above 27", p -> measurement(p).put("score", 28)),
                wrong("MADRS score above 60", p -> measurement(p).put("instrument", "MADRS").put("score", 61)
                        .putNull("item9")),
                wrong("item 9 on MADRS", p -> measurement(p).put("instrument", "MADRS")),
                wrong("item 9 above 3", p -> measurement(p).put("item9", 4)),
                wrong("null trial entry", p -> p.withArray("trials").addNull()),
                wrong("trials not an array", p -> p.put("trials", "sertraline")));
    }

    @Test
    void theTemplateForWrongDocumentsIsValid() {
        assertValid(PATIENT, VALID, "the valid template");
        ObjectNode madrs = valid();
        measurement(madrs).put("instrument", "MADRS").put("score", 60).remove("item9");
        assertValid(PATIENT, madrs.toString(), "a MADRS score of 60");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongPatients")
    void aWrongPatientIsRejected(String name, String json) {
        assertFalse(validate(PATIENT, json).isEmpty(), name + " must be rejected by the patient schema");
        ArrayNode batch = JSON.createArrayNode();
        batch.add(valid());
        try {
            batch.add(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(validate(INPUT, batch.toString()).isEmpty(), name + " must be rejected inside an array");
    }

    @Test
    void anInputThatIsNeitherAPatientNorAnArrayIsRejected() {
        assertFalse(validate(INPUT, "\"p1\"").isEmpty());
        assertFalse(validate(INPUT, "[[" + VALID + "]]").isEmpty());
    }

    @Test
    void aWrongOutputIsRejected() throws IOException {
        String json = new JsonCodec().writeBatch(engine.assessAll(List.of(Patient.builder("p").build())));
        assertValid(OUTPUT, json, "output for an empty history");
        ObjectNode out = (ObjectNode) JSON.readTree(json);
        ObjectNode definition = (ObjectNode) out.withArray("results").get(0).path("assessment")
                .withArray("definitions").get(0);
        definition.put("verdict", "YES");
        assertFalse(validate(OUTPUT, out.toString()).isEmpty(), "an unknown verdict must be rejected");

        ObjectNode both = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) both.withArray("results").get(0)).putObject("error").put("code", "TRD-ENGINE-000")
                .put("message", "m");
        assertFalse(validate(OUTPUT, both.toString()).isEmpty(), "assessment and error together must be rejected");

        ObjectNode infinite = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) infinite.withArray("results").get(0).path("assessment").withArray("stages").get(1)
                .withArray("items").get(1)).put("high", "Infinity");
        assertFalse(validate(OUTPUT, infinite.toString()).isEmpty(),
                "a staging item high of \"Infinity\" must be rejected");

        ObjectNode unknownModel = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) unknownModel.withArray("results").get(0).path("assessment").withArray("stages").get(0))
                .put("id", "thase-rush-2");
        assertFalse(validate(OUTPUT, unknownModel.toString()).isEmpty(),
                "an unknown staging model id must be rejected");

        ObjectNode format = (ObjectNode) JSON.readTree(json);
        format.put("format", "trd-rules/assessment-batch/1");
        assertFalse(validate(OUTPUT, format.toString()).isEmpty(), "another format version must be rejected");
    }
}
