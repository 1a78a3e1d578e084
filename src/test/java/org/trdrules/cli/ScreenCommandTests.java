package org.trdrules.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code generate} and {@code screen} subcommands: rows out = patients in, typed errors, reported lines. */
class ScreenCommandTests {

    static final ObjectMapper M = new ObjectMapper();

    static List<JsonNode> rows(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            out.add(M.readTree(l));
        }
        return out;
    }

    @Test
    void generateIsReproducibleAndRejectsAnUnknownFormat(@TempDir Path tmp) throws Exception {
        for (String dir : List.of("a", "b")) {
            CliRun r = CliRun.of("generate", "--patients", "40", "--seed", "3", "--format", "fhir-ndjson", "--out",
                    tmp.resolve(dir).toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.err().contains("40 patients"), r.err());
        }
        for (String f : List.of("Patient.ndjson", "Condition.ndjson", "MedicationStatement.ndjson", "manifest.json")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b")
                    .resolve(f)), f);
        }
        assertEquals(40, Files.readAllLines(tmp.resolve("a/Patient.ndjson")).size());
        assertEquals(2, CliRun.of("generate", "--format", "xml", "--out", tmp.resolve("c").toString()).exit());
    }

    @Test
    void bulkInputWithACorruptLineAndAnOrphanGivesOneRowPerPatientAndTwoReportLines(@TempDir Path tmp)
            throws Exception {
        Path in = tmp.resolve("in");
        assertEquals(0, CliRun.of("generate", "--patients", "60", "--seed", "8", "--format", "fhir-ndjson", "--out",
                in.toString()).exit());
        long conditions = Files.readAllLines(in.resolve("Condition.ndjson")).size();
        Files.writeString(in.resolve("Condition.ndjson"), "{\"resourceType\":\"Condition\",\"id\":\"broken\n"
                + "{\"resourceType\":\"Condition\",\"id\":\"o1\",\"subject\":{\"reference\":\"Patient/ghost\"}}\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Path out = tmp.resolve("rows.ndjson");
        CliRun r = CliRun.of("screen", "--input", in.toString(), "--output", out.toString(), "--evaluation-date",
                "2026-01-01", "--threads", "2");
        assertEquals(3, r.exit(), r.err());
        List<JsonNode> rows = rows(out);
        assertEquals(60, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertEquals(String.format("syn-%07d", i), row.get("patientId").asText(), "input order");
            assertEquals("Patient.ndjson:" + (i + 1), row.get("source").asText());
            assertTrue(row.get("definitions").size() >= 5 && row.get("definitions").has("two-adequate-trials"),
                    "every definition's verdict");
            assertTrue(row.has("stages") && row.has("riskTotal") && row.has("safety"));
            assertFalse(row.has("options"), "eligibility is off by default");
        }
        List<JsonNode> report = rows(tmp.resolve("rows.report.ndjson"));
        assertEquals(2, report.size());
        assertEquals("TRD-BULK-001", report.get(0).get("code").asText());
        assertEquals("Condition.ndjson:" + (conditions + 1), report.get(0).get("location").asText());
        assertEquals("TRD-BULK-002", report.get(1).get("code").asText());
        assertEquals("Condition.ndjson:" + (conditions + 2), report.get(1).get("location").asText());
        assertTrue(r.err().contains("60 patients in, 60 rows out"), r.err());
        assertFalse(r.err().contains("ghost"), "no patient data on stderr");
    }

    /**
     * {@code generate --medications referenced} writes Medication.ndjson and references; {@code screen} joins them
     * (the rows equal those of the inline cohort), lists a Practitioner as informational and still exits 0; an
     * unresolved reference is a report line that makes it exit 3.
     */
    @Test
    void referencedMedicationsAreJoinedAndAPractitionerIsInformational(@TempDir Path tmp) throws Exception {
        Path inline = tmp.resolve("inline");
        Path ref = tmp.resolve("ref");
        assertEquals(0, CliRun.of("generate", "--patients", "50", "--seed", "12", "--format", "fhir-ndjson", "--out",
                inline.toString()).exit());
        CliRun g = CliRun.of("generate", "--patients", "50", "--seed", "12", "--format", "fhir-ndjson",
                "--medications", "referenced", "--out", ref.toString());
        assertEquals(0, g.exit(), g.err());
        assertTrue(Files.exists(ref.resolve("Medication.ndjson")));
        assertEquals(2, CliRun.of("generate", "--medications", "maybe", "--out", tmp.resolve("x").toString()).exit());
        Files.writeString(ref.resolve("Practitioner.ndjson"), "{\"resourceType\":\"Practitioner\",\"id\":\"d1\"}\n",
                StandardCharsets.UTF_8);
        List<List<JsonNode>> both = new ArrayList<>();
        for (Path in : List.of(inline, ref)) {
            Path out = tmp.resolve(in.getFileName() + ".ndjson");
            CliRun r = CliRun.of("screen", "--input", in.toString(), "--output", out.toString(), "--evaluation-date",
                    "2026-01-01", "--threads", "2");
            assertEquals(0, r.exit(), r.err());
            both.add(rows(out));
            if (in == ref) {
                List<JsonNode> report = rows(tmp.resolve("ref.report.ndjson"));
                assertEquals(1, report.size());
                assertEquals("TRD-BULK-006", report.get(0).get("code").asText());
                assertEquals("Practitioner.ndjson:1", report.get(0).get("location").asText());
                assertTrue(report.get(0).get("informational").asBoolean());
                assertTrue(r.err().contains("1 report lines (1 informational)"), r.err());
            }
        }
        assertEquals(both.get(0), both.get(1), "joined references screen as inline drugs");

        Files.delete(ref.resolve("Medication.ndjson"));
        Path out = tmp.resolve("orphans.ndjson");
        CliRun r = CliRun.of("screen", "--input", ref.toString(), "--output", out.toString(), "--evaluation-date",
                "2026-01-01", "--threads", "2", "--medication-index-mb", "1");
        assertEquals(3, r.exit(), r.err());
        List<JsonNode> report = rows(tmp.resolve("orphans.report.ndjson"));
        assertTrue(report.stream().anyMatch(n -> n.get("code").asText().equals("TRD-BULK-004")
                && n.get("location").asText().equals("MedicationStatement.ndjson:1")));
        assertEquals(2, CliRun.of("screen", "--input", ref.toString(), "--output", out.toString(),
                "--medication-index-mb", "0").exit());
    }

    @Test
    void libraryJsonWithAnInvalidAndAnUnreadablePatientGivesTypedErrorRows(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("json"));
        Files.writeString(in.resolve("patients.json"), """
                [
                 {"id":"ok","ageYears":40,"trials":[{"id":"t1","drug":"sertraline","dailyDoseMg":100,"weeks":8,
                   "adherencePercent":90,"outcome":"NON_RESPONSE"}]},
                 {"id":"bad","ageYears":40,"trials":[{"id":"t1","drug":"sertraline","start":"2025-05-01",
                   "end":"2025-01-01"}]},
                 {"id":"odd","ageYears":"forty"}
                ]
                """, StandardCharsets.UTF_8);
        Path out = tmp.resolve("rows.ndjson");
        CliRun r = CliRun.of("screen", "--input", in.toString(), "--output", out.toString(), "--evaluation-date",
                "2026-01-01", "--eligibility");
        assertEquals(3, r.exit(), r.err());
        List<JsonNode> rows = rows(out);
        assertEquals(3, rows.size());
        assertEquals("ok", rows.get(0).get("patientId").asText());
        assertEquals("NOT_MET", rows.get(0).get("definitions").get("two-adequate-trials").asText());
        assertTrue(rows.get(0).get("options").get("ELIGIBLE").asInt() > 0, "--eligibility counts options");
        assertEquals("TRD-INPUT-001", rows.get(1).get("error").get("code").asText());
        assertEquals("bad", rows.get(1).get("patientId").asText());
        assertEquals("TRD-JSON-001", rows.get(2).get("error").get("code").asText());
        assertEquals("patients.json#2", rows.get(2).get("source").asText());
        assertTrue(r.err().contains("3 patients in, 3 rows out (1 assessed, 2 errors)"), r.err());
    }

    @Test
    void bundlesAndBulkOfOneCohortScreenAlike(@TempDir Path tmp) throws Exception {
        for (String f : List.of("fhir-bundle", "fhir-ndjson")) {
            assertEquals(0, CliRun.of("generate", "--patients", "25", "--seed", "12", "--format", f, "--out",
                    tmp.resolve(f).toString()).exit());
            assertEquals(0, CliRun.of("screen", "--input", tmp.resolve(f).toString(), "--output",
                    tmp.resolve(f + ".ndjson").toString(), "--evaluation-date", "2026-01-01").exit());
        }
        List<JsonNode> a = rows(tmp.resolve("fhir-bundle.ndjson"));
        List<JsonNode> b = rows(tmp.resolve("fhir-ndjson.ndjson"));
        assertEquals(25, a.size());
        for (int i = 0; i < a.size(); i++) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) a.get(i)).remove("source");
            ((com.fasterxml.jackson.databind.node.ObjectNode) b.get(i)).remove("source");
            assertEquals(a.get(i), b.get(i));
        }
    }

    @Test
    void aMissingInputIsAnIoError(@TempDir Path tmp) {
        CliRun r = CliRun.of("screen", "--input", tmp.resolve("nope").toString(), "--output",
                tmp.resolve("o.ndjson").toString());
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("TRD-IO-001"), r.err());
    }
}
