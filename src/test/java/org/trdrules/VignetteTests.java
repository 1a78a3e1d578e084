package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.Explanation;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.PseudoResistanceFinding;
import org.trdrules.assessment.RiskFactor;
import org.trdrules.assessment.SafetyFinding;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TreatmentReview;
import org.trdrules.assessment.Warning;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.Patient;

/**
 * Vignettes as data: every folder under {@code src/test/resources/vignettes/} holds a {@code patient.json} (the
 * library's patient JSON, read by {@link JsonCodec}) and an {@code expected.json} (described by
 * {@code expected.schema.json} beside them). One dynamic test per folder, named after it, assesses the patient at the
 * vignette's evaluation date and checks only what the vignette states; a failure lists every expected-versus-actual
 * difference with the explanation of the result concerned. How to add one: docs/testing.md.
 */
class VignetteTests {

    static final Path DIR = Path.of("src", "test", "resources", "vignettes");
    private static final String SCHEMA_ID = "https://trdrules.org/test/vignette-expected.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The vignette folders, sorted by name. */
    static List<Path> vignettes() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static Schema schema() throws IOException {
        String text = Files.readString(DIR.resolve("expected.schema.json"), StandardCharsets.UTF_8);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b
                .schemas(Map.of(SCHEMA_ID, text))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        return registry.getSchema(SchemaLocation.of(SCHEMA_ID));
    }

    @TestFactory
    Stream<DynamicTest> vignette() throws IOException {
        Schema schema = schema();
        List<Path> dirs = vignettes();
        assertFalse(dirs.isEmpty(), "no vignettes found under " + DIR);
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), d.toUri(),
                () -> run(d, schema)));
    }

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.println("VignetteTests: " + CHECKS.get() + " checks passed");
    }

    @Test
    void everyVignetteFolderHasBothFilesAndNothingElse() throws IOException {
        for (Path d : vignettes()) {
            try (Stream<Path> s = Files.list(d)) {
                List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
                assertTrue(names.equals(List.of("expected.json", "patient.json")), d + " holds " + names);
            }
        }
    }

    private static void run(Path dir, Schema schema) throws IOException {
        String expectedText = Files.readString(dir.resolve("expected.json"), StandardCharsets.UTF_8);
        var errors = schema.validate(expectedText, InputFormat.JSON);
        assertTrue(errors.isEmpty(), dir.getFileName() + "/expected.json does not match expected.schema.json: " + errors);
        JsonNode expected = JSON.readTree(expectedText);
        Patient patient = new JsonCodec().readPatient(Files.readString(dir.resolve("patient.json"),
                StandardCharsets.UTF_8));
        LocalDate date = LocalDate.parse(expected.path("evaluationDate").asText());
        TrdEngine engine = date.equals(Vignettes.DATE) ? Vignettes.engine()
                : TrdEngine.builder().evaluationDate(date).build();
        Assessment a = engine.assess(patient);
        Check c = new Check();
        definitions(expected.path("definitions"), a, c);
        if (expected.has("allDefinitions")) {
            for (DefinitionResult d : a.definitions()) {
                definition("allDefinitions[" + d.id() + "]", expected.get("allDefinitions"), d, c);
            }
        }
        staging(expected.path("staging"), a, c);
        options(expected.path("options"), a, c);
        if (expected.has("safety")) {
            safety(expected.get("safety"), a, c);
        }
        pseudo(expected, a, c);
        risk(expected.path("riskFactors"), a, c);
        treatments(expected.path("treatments"), a, c);
        warnings(expected.path("warnings"), a, c);
        for (String r : RepeatedReasons.in(a)) { // every vignette: no reason written twice in one list
            c.failures.add("repeated reason " + r);
        }
        c.checks++;
        assertTrue(c.checks > 1, dir.getFileName() + ": expected.json states nothing to check");
        if (!c.failures.isEmpty()) {
            throw new AssertionError(dir.getFileName() + ": " + expected.path("description").asText() + "\n"
                    + c.failures.size() + " of " + c.checks + " checks failed:\n" + String.join("\n", c.failures));
        }
        CHECKS.addAndGet(c.checks);
    }

    /** Checks run by all vignettes that passed, for the record (docs/testing.md). */
    static final java.util.concurrent.atomic.AtomicInteger CHECKS = new java.util.concurrent.atomic.AtomicInteger();

    /** Collects every difference instead of stopping at the first. */
    private static final class Check {
        int checks;
        final List<String> failures = new ArrayList<>();

        void equal(String path, Object expected, Object actual, Explanation why) {
            checks++;
            if (!Objects.equals(expected, actual)) {
                failures.add("  " + path + ": expected " + expected + ", actual " + actual + explain(why));
            }
        }

        void that(String path, boolean ok, String expected, Object actual, Explanation why) {
            checks++;
            if (!ok) {
                failures.add("  " + path + ": expected " + expected + ", actual " + actual + explain(why));
            }
        }

        private static String explain(Explanation x) {
            if (x == null) {
                return "";
            }
            return "\n      reasons: " + x.reasons() + "\n      missing data: " + x.missingData()
                    + "\n      facts used: " + x.factsUsed() + "\n      rules: " + x.rules();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode n) {
        return n::fields;
    }

    private static void definitions(JsonNode expected, Assessment a, Check c) {
        for (Map.Entry<String, JsonNode> e : fields(expected)) {
            String path = "definitions." + e.getKey();
            DefinitionResult d = a.definition(e.getKey()).orElse(null);
            c.that(path, d != null, "a result", "none", null);
            if (d != null) {
                definition(path, e.getValue(), d, c);
            }
        }
    }

    private static void definition(String path, JsonNode x, DefinitionResult d, Check c) {
        Explanation why = d.explanation();
        if (x.isTextual()) {
            c.equal(path + ".verdict", x.asText(), d.verdict().name(), why);
            return;
        }
        if (x.has("verdict")) {
            c.equal(path + ".verdict", x.get("verdict").asText(), d.verdict().name(), why);
        }
        if (x.has("factsUsed")) {
            c.equal(path + ".factsUsed", strings(x.get("factsUsed")), why.factsUsed(), why);
        }
        if (x.has("whatWouldChange")) {
            c.equal(path + ".whatWouldChange", strings(x.get("whatWouldChange")), d.whatWouldChange(), why);
        }
        if (x.has("firstWhatWouldChangeStartsWith")) {
            String want = x.get("firstWhatWouldChangeStartsWith").asText();
            c.that(path + ".whatWouldChange[0]", !d.whatWouldChange().isEmpty()
                    && d.whatWouldChange().get(0).startsWith(want), "to start with '" + want + "'",
                    d.whatWouldChange(), why);
        }
        if (x.has("citationContains")) {
            String want = x.get("citationContains").asText();
            c.that(path + ".citation", why.citation().contains(want), "to contain '" + want + "'", why.citation(), null);
        }
        if (x.has("firstReasonContains")) {
            String want = x.get("firstReasonContains").asText();
            c.that(path + ".reasons[0]", !why.reasons().isEmpty() && why.reasons().get(0).contains(want),
                    "to contain '" + want + "'", why.reasons(), why);
        }
        for (JsonNode want : x.path("reasonsContain")) {
            c.that(path + ".reasons", why.reasons().stream().anyMatch(r -> r.contains(want.asText())),
                    "a reason containing '" + want.asText() + "'", why.reasons(), why);
        }
        for (JsonNode want : x.path("missingDataContains")) {
            c.that(path + ".missingData", why.missingData().stream().anyMatch(m -> m.contains(want.asText())),
                    "an item containing '" + want.asText() + "'", why.missingData(), why);
        }
        for (Map.Entry<String, JsonNode> t : fields(x.path("treatments"))) {
            String tp = path + ".treatments." + t.getKey();
            TreatmentJudgement j = d.treatments().stream().filter(u -> u.treatmentId().equals(t.getKey())).findFirst()
                    .orElse(null);
            c.that(tp, j != null, "a judgement", "none", why);
            if (j == null) {
                continue;
            }
            JsonNode tx = t.getValue();
            if (tx.has("counted")) {
                c.equal(tp + ".counted", tx.get("counted").asText(), j.counted().name(), why);
            }
            if (tx.has("firstReasonStartsWith")) {
                String want = tx.get("firstReasonStartsWith").asText();
                c.that(tp + ".reasons[0]", !j.reasons().isEmpty() && j.reasons().get(0).startsWith(want),
                        "to start with '" + want + "'", j.reasons(), null);
            }
            if (tx.has("firstReasonContains")) {
                String want = tx.get("firstReasonContains").asText();
                c.that(tp + ".reasons[0]", !j.reasons().isEmpty() && j.reasons().get(0).contains(want),
                        "to contain '" + want + "'", j.reasons(), null);
            }
        }
    }

    private static Double num(JsonNode n) {
        return n.isNull() ? null : n.asDouble();
    }

    private static void staging(JsonNode expected, Assessment a, Check c) {
        for (Map.Entry<String, JsonNode> e : fields(expected)) {
            String path = "staging." + e.getKey();
            StagingResult s = a.stage(e.getKey()).orElse(null);
            c.that(path, s != null, "a result", "none", null);
            if (s == null) {
                continue;
            }
            JsonNode x = e.getValue();
            Explanation why = s.explanation();
            if (x.has("stage")) {
                c.equal(path + ".stage", x.get("stage").isNull() ? null : x.get("stage").asText(), s.stage(), why);
            }
            if (x.has("score")) {
                c.equal(path + ".score", num(x.get("score")), s.score(), why);
            }
            if (x.has("low")) {
                c.equal(path + ".low", num(x.get("low")), s.low(), why);
            }
            if (x.has("high")) {
                c.equal(path + ".high", num(x.get("high")), s.high(), why);
            }
            if (x.has("band")) {
                c.equal(path + ".band", x.get("band").isNull() ? null : x.get("band").asText(), s.band(), why);
            }
            if (x.has("status")) {
                c.equal(path + ".status", x.get("status").asText(), s.status().name(), why);
            }
            if (x.has("firstMissingDataContains")) {
                String want = x.get("firstMissingDataContains").asText();
                c.that(path + ".missingData[0]", !why.missingData().isEmpty()
                        && why.missingData().get(0).contains(want), "to contain '" + want + "'", why.missingData(), why);
            }
        }
    }

    private static void options(JsonNode expected, Assessment a, Check c) {
        for (Map.Entry<String, JsonNode> e : fields(expected)) {
            String path = "options." + e.getKey();
            OptionResult o = a.option(e.getKey()).orElse(null);
            c.that(path, o != null, "a result", "none", null);
            if (o == null) {
                continue;
            }
            JsonNode x = e.getValue();
            String status = x.isTextual() ? x.asText() : x.path("status").asText(null);
            if (status != null) {
                c.that(path + ".status", status.equals(o.status().name()), status, o.status() + " " + o.reasons(), null);
            }
            for (JsonNode want : x.path("reasonsContain")) {
                c.that(path + ".reasons", o.reasons().stream().anyMatch(r -> r.contains(want.asText())),
                        "a reason containing '" + want.asText() + "'", o.reasons(), null);
            }
        }
    }

    private static void safety(JsonNode expected, Assessment a, Check c) {
        List<String> wantIds = new ArrayList<>();
        expected.forEach(n -> wantIds.add(n.isTextual() ? n.asText() : n.path("id").asText()));
        List<String> ids = a.safety().stream().map(SafetyFinding::id).toList();
        c.equal("safety (ids)", wantIds, ids, null);
        for (JsonNode x : expected) {
            if (x.isTextual()) {
                continue;
            }
            String id = x.path("id").asText();
            SafetyFinding f = a.safety().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
            if (f == null) {
                continue;
            }
            if (x.has("severity")) {
                c.equal("safety." + id + ".severity", x.get("severity").asText(), f.severity().name(), f.explanation());
            }
            for (JsonNode want : x.path("actionContains")) {
                c.that("safety." + id + ".action", f.action().contains(want.asText()),
                        "to contain '" + want.asText() + "'", f.action(), null);
            }
            if (x.has("factsUsed")) {
                c.equal("safety." + id + ".factsUsed", strings(x.get("factsUsed")), f.explanation().factsUsed(),
                        f.explanation());
            }
        }
    }

    private static void pseudo(JsonNode expected, Assessment a, Check c) {
        if (expected.has("pseudoResistanceCount")) {
            c.equal("pseudoResistanceCount", expected.get("pseudoResistanceCount").asInt(),
                    a.pseudoResistance().size(), null);
        }
        for (Map.Entry<String, JsonNode> e : fields(expected.path("pseudoResistance"))) {
            String path = "pseudoResistance." + e.getKey();
            List<PseudoResistanceFinding> fs = a.pseudoResistance().stream()
                    .filter(f -> f.category().name().equals(e.getKey())).toList();
            c.equal(path + " (count)", e.getValue().size(), fs.size(), null);
            Iterator<JsonNode> it = e.getValue().elements();
            for (int i = 0; it.hasNext() && i < fs.size(); i++) {
                JsonNode x = it.next();
                PseudoResistanceFinding f = fs.get(i);
                String p = path + "[" + i + "]";
                if (x.has("treatmentIds")) {
                    c.equal(p + ".treatmentIds", strings(x.get("treatmentIds")), f.treatmentIds(), null);
                }
                if (x.has("reasonStartsWith")) {
                    String want = x.get("reasonStartsWith").asText();
                    c.that(p + ".reason", f.reason().startsWith(want), "to start with '" + want + "'", f.reason(), null);
                }
                if (x.has("reasonContains")) {
                    String want = x.get("reasonContains").asText();
                    c.that(p + ".reason", f.reason().contains(want), "to contain '" + want + "'", f.reason(), null);
                }
                if (x.has("citationContains")) {
                    String want = x.get("citationContains").asText();
                    c.that(p + ".citation", f.citation().contains(want), "to contain '" + want + "'", f.citation(), null);
                }
            }
        }
    }

    private static void risk(JsonNode expected, Assessment a, Check c) {
        for (Map.Entry<String, JsonNode> e : fields(expected)) {
            RiskFactor f = a.risk().factors().stream().filter(r -> r.id().equals(e.getKey())).findFirst().orElse(null);
            c.equal("riskFactors." + e.getKey(), e.getValue().asText(), f == null ? null : f.status().name(), null);
        }
    }

    private static void treatments(JsonNode expected, Assessment a, Check c) {
        for (Map.Entry<String, JsonNode> e : fields(expected)) {
            TreatmentReview t = a.treatments().stream().filter(r -> r.id().equals(e.getKey())).findFirst().orElse(null);
            c.that("treatments." + e.getKey(), t != null, "a review", "none", null);
            if (t != null && e.getValue().has("outcome")) {
                c.equal("treatments." + e.getKey() + ".outcome", e.getValue().get("outcome").asText(),
                        t.outcome() == null ? null : t.outcome().name(), null);
            }
            for (JsonNode want : e.getValue().path("reasonsContain")) {
                c.that("treatments." + e.getKey() + ".reasons", t != null && t.reasons().contains(want.asText()),
                        "the reason '" + want.asText() + "'", t == null ? null : t.reasons(), null);
            }
        }
    }

    private static void warnings(JsonNode expected, Assessment a, Check c) {
        for (JsonNode x : expected) {
            String code = x.path("code").asText();
            String path = x.path("path").asText(null);
            List<Warning> ws = a.warnings();
            c.that("warnings", ws.stream().anyMatch(w -> w.code().equals(code)
                            && (path == null || path.equals(w.path()))),
                    "a warning " + code + (path == null ? "" : " at " + path), ws, null);
        }
    }
}
