package org.trdrules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line over real files: one bad file never costs another, and bad input is a typed result. */
class CliTests {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static JsonNode json(CliRun r) throws Exception {
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void aMissingFileAndADirectoryAreTypedResultsBesideTheGoodFile(@TempDir Path dir) throws Exception {
        CliRun r = run("assess", "--format", "json", "--evaluation-date", "2026-11-01",
                dir.resolve("nope.json").toString(), dir.toString(), "docs/examples/patients.json");
        assertEquals(TrdCli.PARTIAL_FAILURE, r.exit());
        JsonNode results = json(r).get("results");
        assertEquals("TRD-IO-001", results.get(0).get("error").get("code").asText());
        assertEquals("nope.json", results.get(0).get("error").get("path").asText());
        assertEquals("TRD-IO-001", results.get(1).get("error").get("code").asText());
        assertTrue(results.size() > 3, "the example patients are still assessed");
        for (int i = 0; i < results.size(); i++) {
            assertEquals(i, results.get(i).get("index").asInt(), "results in input order");
        }
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.out().contains("\tat "), "no stack trace");
    }

    @Test
    void aFileThatIsNotABundleIsTrdFhir001AndTheNextBundleIsStillAssessedWithItsMappingReport(@TempDir Path dir)
            throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"resourceType\":\"Patient\"}");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"resourceType\":\"Bundle\",\"entry\":[");
        CliRun r = run("assess", "--fhir", "--format", "json", "--evaluation-date", "2026-11-01", bad.toString(),
                broken.toString(), "docs/examples/fhir-bundle.json");
        assertEquals(TrdCli.PARTIAL_FAILURE, r.exit());
        JsonNode results = json(r).get("results");
        assertEquals("TRD-FHIR-001", results.get(0).get("error").get("code").asText());
        assertEquals("Bundle.resourceType", results.get(0).get("error").get("path").asText());
        assertEquals("TRD-FHIR-001", results.get(1).get("error").get("code").asText());
        JsonNode ok = results.get(2);
        assertTrue(ok.has("assessment"));
        assertTrue(ok.get("mapping").size() > 5, "the mapping report is part of the JSON result");
        assertEquals("USED", ok.get("mapping").get(0).get("status").asText());
    }

    @Test
    void theTableShowsTheRealCodeOfAFhirError(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "[1,2]");
        CliRun r = run("assess", "--fhir", "--evaluation-date", "2026-11-01", bad.toString());
        assertEquals(TrdCli.PARTIAL_FAILURE, r.exit());
        assertTrue(r.out().contains("TRD-FHIR-001"), r.out());
        assertFalse(r.out().contains("TRD-ENGINE-000"), r.out());
    }
}
