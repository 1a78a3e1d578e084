package org.trdrules.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.synthetic.CohortGenerator;
import org.trdrules.synthetic.CohortWriter;

/** Bulk NDJSON reading: per-patient grouping in bounded memory, and every unusable line reported with file:line. */
class BulkFhirReaderTests {

    static final LocalDate DATE = LocalDate.of(2026, 1, 1);

    static Path cohort(Path dir, long seed, int n) throws Exception {
        CohortWriter.write(CohortGenerator.builder().seed(seed).patients(n).evaluationDate(DATE).build(),
                CohortWriter.Format.FHIR_NDJSON, dir);
        return dir;
    }

    record Read(List<PatientRecords> patients, List<BulkIssue> issues, BulkFhirReader.Result result) {}

    static Read read(BulkFhirReader reader, Path dir) throws Exception {
        List<PatientRecords> ps = new ArrayList<>();
        List<BulkIssue> is = new ArrayList<>();
        BulkFhirReader.Result r = reader.read(dir, ps::add, is::add);
        return new Read(ps, is, r);
    }

    /**
     * Many small buckets (files on disk) group exactly as one bucket in memory, and each patient's Bundle screens
     * as the generator's own Bundle of that patient does.
     */
    @Test
    void bucketsOnDiskGroupLikeMemoryAndEachPatientScreensAsItsBundle(@TempDir Path tmp) throws Exception {
        Path dir = cohort(tmp.resolve("nd"), 21, 300);
        Read memory = read(BulkFhirReader.create(), dir);
        Read disk = read(BulkFhirReader.create().withBucketBytes(20_000).withWorkDirectory(tmp.resolve("w")), dir);
        assertEquals(1, memory.result().buckets());
        assertTrue(disk.result().buckets() > 20, "buckets " + disk.result().buckets());
        assertEquals(List.of(), memory.issues());
        assertEquals(List.of(), disk.issues());
        assertEquals(300, memory.patients().size());
        assertEquals(memory.patients().stream().map(PatientRecords::patientId).sorted().toList(),
                disk.patients().stream().map(PatientRecords::patientId).sorted().toList());
        java.util.Map<String, PatientRecords> byId = new java.util.HashMap<>();
        disk.patients().forEach(p -> byId.put(p.patientId(), p));
        for (PatientRecords p : memory.patients()) {
            assertEquals(p.resources(), byId.get(p.patientId()).resources(), p.patientId());
        }
        try (var s = Files.list(tmp.resolve("w"))) {
            assertEquals(0, s.count(), "temporary buckets are deleted");
        }
        TrdEngine engine = TrdEngine.builder().evaluationDate(DATE)
                .config(TrdConfig.defaults().withEligibility(false)).build();
        FhirPatientReader fhir = FhirPatientReader.create();
        CohortGenerator g = CohortGenerator.builder().seed(21).patients(300).evaluationDate(DATE).build();
        for (int i = 0; i < 300; i += 7) {
            PatientRecords p = memory.patients().get(i);
            assertEquals(CohortGenerator.id(i), p.patientId());
            String viaBulk = ScreenRows.row("x", engine.assess(fhir.read(p.bundleJson(), DATE).patient()), false);
            String viaBundle = ScreenRows.row("x", engine.assess(fhir.read(
                    CohortWriter.bundle(g.patient(i), DrugCatalog.bundled()), DATE).patient()), false);
            assertEquals(viaBundle, viaBulk, p.patientId());
        }
    }

    @Test
    void corruptLinesOrphansAndDuplicatesAreReportedWithFileAndLine(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(dir.resolve("Patient.ndjson"), String.join("\n",
                "{\"resourceType\":\"Patient\",\"id\":\"a\"}",
                "{\"resourceType\":\"Patient\",\"id\":\"b\"",              // 2: truncated
                "",                                                          // 3: blank, skipped
                "{\"resourceType\":\"Patient\",\"id\":\"a\"}",             // 4: duplicate
                "[1,2]",                                                     // 5: not an object
                "{\"resourceType\":\"Patient\"}",                           // 6: no id
                "{\"resourceType\":\"Patient\",\"id\":\"c\"}\r") + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("Condition.ndjson"), String.join("\n",
                "{\"resourceType\":\"Condition\",\"id\":\"1\",\"subject\":{\"reference\":\"Patient/a\"}}",
                "{\"resourceType\":\"Condition\",\"id\":\"2\",\"subject\":{\"reference\":\"Patient/zzz\"}}",
                "{\"resourceType\":\"Condition\",\"id\":\"3\"}",
                "{\"resourceType\":\"Condition\",\"id\":\"4\",\"subject\":{\"reference\":\"Group/g1\"}}",
                "{\"resourceType\":\"Condition\",\"id\":\"5\",\"subject\":{\"reference\":"
                        + "\"https://ehr.example/fhir/Patient/c/_history/2\"}}",
                "{\"id\":\"6\"}",
                "{\"resourceType\":\"Condition\",\"id\":\"7\",\"id\":\"8\"}"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("AllergyIntolerance.ndjson"),
                "{\"resourceType\":\"AllergyIntolerance\",\"id\":\"x\",\"patient\":{\"reference\":\"Patient/c\"}}\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("notes.txt"), "not read\n", StandardCharsets.UTF_8);
        for (BulkFhirReader reader : List.of(BulkFhirReader.create(), BulkFhirReader.create().withBucketBytes(50)
                .withWorkDirectory(tmp.resolve("w")))) {
            Read r = read(reader, dir);
            assertEquals(List.of("a", "c"), r.patients().stream().map(PatientRecords::patientId).sorted().toList());
            PatientRecords a = r.patients().stream().filter(p -> p.patientId().equals("a")).findFirst().orElseThrow();
            assertEquals(2, a.resources().size());
            assertEquals("Patient.ndjson", a.file());
            assertEquals(1, a.line());
            PatientRecords c = r.patients().stream().filter(p -> p.patientId().equals("c")).findFirst().orElseThrow();
            assertEquals(3, c.resources().size(), "absolute versioned reference and patient (AllergyIntolerance)");
            List<String> issues = r.issues().stream().map(i -> i.code().code() + " " + i.location()).sorted()
                    .toList();
            assertEquals(List.of(
                    "TRD-BULK-001 Condition.ndjson:6", "TRD-BULK-001 Condition.ndjson:7",
                    "TRD-BULK-001 Patient.ndjson:2", "TRD-BULK-001 Patient.ndjson:5",
                    "TRD-BULK-001 Patient.ndjson:6",
                    "TRD-BULK-002 Condition.ndjson:2", "TRD-BULK-002 Condition.ndjson:3",
                    "TRD-BULK-002 Condition.ndjson:4",
                    "TRD-BULK-003 Patient.ndjson:4"), issues);
            for (BulkIssue i : r.issues()) {
                assertTrue(!i.reason().contains("zzz") && !i.reason().contains("g1"), "no values: " + i.reason());
            }
        }
    }

    /** Found by BulkFuzzTests: a Patient with no other resource is handed on alone (it once threw). */
    @Test
    void aPatientWithoutResourcesIsHandedOnAlone(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(dir.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"lonely\"}\n",
                StandardCharsets.UTF_8);
        Read r = read(BulkFhirReader.create(), dir);
        assertEquals(1, r.patients().size());
        assertEquals(List.of("{\"resourceType\":\"Patient\",\"id\":\"lonely\"}"), r.patients().get(0).resources());
        assertEquals(List.of(), r.issues());
    }

    @Test
    void patientReferencesAreComparedAsPatientSlashId() {
        assertEquals("p1", BulkFhirReader.patientId("Patient/p1"));
        assertEquals("p1", BulkFhirReader.patientId("https://ehr.example/fhir/Patient/p1"));
        assertEquals("p1", BulkFhirReader.patientId("Patient/p1/_history/3"));
        assertNull(BulkFhirReader.patientId("Group/p1"));
        assertNull(BulkFhirReader.patientId("urn:uuid:0c3b"));
        assertNull(BulkFhirReader.patientId("Patient/"));
        assertNull(BulkFhirReader.patientId("Patient/a b"));
        assertNull(BulkFhirReader.patientId("XPatient/p1"));
    }
}
