package org.trdrules.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdrules.ErrorCode;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.fhir.FhirMapping;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.synthetic.CohortGenerator;
import org.trdrules.synthetic.CohortWriter;

/**
 * Shared Medication resources in bulk input: a MedicationStatement or MedicationRequest that names its drug by
 * {@code medicationReference} gets the code of the Medication line it names, so a bulk patient screens as the same
 * patient with the drug inlined; an unresolved reference is reported and read as a Bundle reads it; the index is
 * bounded; shared resources the rules do not read are informational.
 */
class BulkMedicationJoinTests {

    static final LocalDate DATE = LocalDate.of(2026, 1, 1);
    static final ObjectMapper M = new ObjectMapper();
    static final TrdEngine ENGINE = TrdEngine.builder().evaluationDate(DATE)
            .config(TrdConfig.defaults().withEligibility(true)).build();
    static final FhirPatientReader FHIR = FhirPatientReader.create();

    record Read(List<PatientRecords> patients, List<BulkIssue> issues, BulkFhirReader.Result result) {
        Map<String, PatientRecords> byId() {
            Map<String, PatientRecords> m = new HashMap<>();
            patients.forEach(p -> m.put(p.patientId(), p));
            return m;
        }

        List<String> issueCodes() {
            return issues.stream().map(i -> i.code().code() + " " + i.location()).sorted().toList();
        }
    }

    static Read read(BulkFhirReader reader, Path dir) throws Exception {
        List<PatientRecords> ps = new ArrayList<>();
        List<BulkIssue> is = new ArrayList<>();
        BulkFhirReader.Result r = reader.read(dir, ps::add, is::add);
        return new Read(ps, is, r);
    }

    static String row(String bundle) {
        return ScreenRows.row("x", ENGINE.assess(FHIR.read(bundle, DATE).patient()), true);
    }

    /**
     * The vignettes of a generated cohort written with {@code medicationReference} (no display: only the join can
     * tell the drug) screen exactly as the same patients with the drug inline: every verdict, stage, option count,
     * safety finding and the risk total; in memory and with buckets on disk. Without the Medication file every
     * reference is reported and the verdicts change, so the join is what makes them equal.
     */
    @Test
    void referencedMedicationsScreenAsTheSamePatientsWithTheDrugInline(@TempDir Path tmp) throws Exception {
        int n = 200;
        CohortGenerator g = CohortGenerator.builder().seed(77).patients(n).evaluationDate(DATE).build();
        Path dir = tmp.resolve("ref");
        CohortWriter.write(g, CohortWriter.Format.FHIR_NDJSON, dir, CohortWriter.Medications.REFERENCED);
        List<String> medicationLines = Files.readAllLines(dir.resolve("Medication.ndjson"));
        assertTrue(medicationLines.size() >= 10, "the cohort's drugs: " + medicationLines.size());
        String statements = Files.readString(dir.resolve("MedicationStatement.ndjson"));
        assertFalse(statements.contains("medicationCodeableConcept"));
        assertFalse(statements.contains("\"display\""), "no display to fall back on");

        Read memory = read(BulkFhirReader.create(), dir);
        Read disk = read(BulkFhirReader.create().withBucketBytes(30_000).withWorkDirectory(tmp.resolve("w")), dir);
        assertTrue(disk.result().buckets() > 10);
        int met = 0;
        for (Read r : List.of(memory, disk)) {
            assertEquals(List.of(), r.issues());
            assertEquals(medicationLines.size(), r.result().medications());
            assertEquals(n, r.patients().size());
            Map<String, PatientRecords> byId = r.byId();
            for (int i = 0; i < n; i++) {
                String inline = row(CohortWriter.bundle(g.patient(i), DrugCatalog.bundled()));
                PatientRecords p = byId.get(CohortGenerator.id(i));
                assertEquals(inline, row(p.bundleJson()), p.patientId());
                met += M.readTree(inline).get("definitions").get("two-adequate-trials").asText().equals("MET") ? 1 : 0;
            }
        }
        assertTrue(met > 0, "some vignettes meet two-adequate-trials");

        // the Bundle form with Medication entries reads the same: the bulk join feeds the Bundle path
        for (int i = 0; i < n; i += 13) {
            assertEquals(row(CohortWriter.bundle(g.patient(i), DrugCatalog.bundled())),
                    row(CohortWriter.bundle(g.patient(i), DrugCatalog.bundled(), CohortWriter.Medications.REFERENCED)));
        }

        // without the Medication lines: every reference reported, and the drugs are lost
        Files.delete(dir.resolve("Medication.ndjson"));
        Read orphans = read(BulkFhirReader.create(), dir);
        long statementLines = statements.lines().count();
        assertEquals(statementLines, orphans.issues().size());
        assertTrue(orphans.issues().stream().allMatch(i -> i.code() == ErrorCode.BULK_REFERENCE_UNRESOLVED
                && i.file().equals("MedicationStatement.ndjson")));
        assertEquals(List.of(1L, 2L), orphans.issues().stream().map(BulkIssue::line).sorted().limit(2).toList());
        int differ = 0;
        Map<String, PatientRecords> byId = orphans.byId();
        for (int i = 0; i < n; i++) {
            String inline = row(CohortWriter.bundle(g.patient(i), DrugCatalog.bundled()));
            differ += inline.equals(row(byId.get(CohortGenerator.id(i)).bundleJson())) ? 0 : 1;
        }
        assertTrue(differ > n / 2, "without the join most patients lose their trials: " + differ);
    }

    /**
     * An unresolved reference is reported at the referencing line and the resource is handed on unchanged: the
     * patient reads exactly as a Bundle holding the same resources and no Medication (its display when it has one,
     * else the record is not used). A contained Medication needs no join; a urn: reference cannot be resolved.
     */
    @Test
    void anUnresolvedReferenceIsReportedAndReadAsABundleReadsIt(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1980-02-01\",\"gender\":\"female\"}";
        List<String> statements = List.of(
                statement("s1", "\"medicationReference\":{\"reference\":\"Medication/m1\"}", "2025-01-05", "2025-03-30"),
                statement("s2", "\"medicationReference\":{\"reference\":\"Medication/ghost\"}", "2025-04-02",
                        "2025-06-30"),
                statement("s3", "\"medicationReference\":{\"reference\":\"Medication/gone\",\"display\":\"sertraline"
                        + " 100 MG Oral Tablet\"}", "2025-07-01", "2025-09-30"),
                statement("s4", "\"medicationReference\":{\"reference\":\"urn:uuid:7d808f28-1733-cb78-eaf1-c41b6ef\"}",
                        "2025-10-01", "2025-11-30"),
                statement("s5", "\"contained\":[{\"resourceType\":\"Medication\",\"id\":\"c1\",\"code\":{\"coding\":"
                        + "[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"42347\"}]}}],"
                        + "\"medicationReference\":{\"reference\":\"#c1\"}", "2025-10-02", "2025-12-20"));
        String medication = "{\"resourceType\":\"Medication\",\"id\":\"m1\",\"meta\":{\"versionId\":\"3\"},\"code\":"
                + "{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"36437\","
                + "\"display\":\"sertraline\"}]}}";
        Files.writeString(dir.resolve("Patient.ndjson"), patient + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("MedicationStatement.ndjson"), String.join("\n", statements) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("Medication.ndjson"), medication + "\n", StandardCharsets.UTF_8);
        Read r = read(BulkFhirReader.create(), dir);
        assertEquals(List.of("TRD-BULK-004 MedicationStatement.ndjson:2", "TRD-BULK-004 MedicationStatement.ndjson:3",
                "TRD-BULK-004 MedicationStatement.ndjson:4"), r.issueCodes());
        assertTrue(r.issues().get(2).reason().contains("not of the form Medication/id"), r.issues().get(2).reason());
        for (BulkIssue i : r.issues()) {
            assertFalse(i.reason().contains("ghost") || i.reason().contains("gone"), "no values: " + i.reason());
        }
        PatientRecords p = r.patients().get(0);
        assertEquals(6, p.resources().size(), "every statement is handed on, resolved or not");
        assertEquals(1, p.medications().size(), "m1 once");

        // the same resources as one Bundle, with the one Medication the input has
        List<String> entries = new ArrayList<>();
        entries.add(patient);
        entries.addAll(statements);
        entries.add(medication);
        StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        for (int i = 0; i < entries.size(); i++) {
            bundle.append(i == 0 ? "" : ",").append("{\"resource\":").append(entries.get(i)).append('}');
        }
        FhirMapping viaBundle = FHIR.read(bundle.append("]}").toString(), DATE);
        FhirMapping viaBulk = FHIR.read(p.bundleJson(), DATE);
        assertEquals(viaBundle.patient(), viaBulk.patient());
        assertEquals(viaBundle.report().stream().map(n -> n.resource() + " " + n.status() + " " + n.reason()).toList(),
                viaBulk.report().stream().map(n -> n.resource() + " " + n.status() + " " + n.reason()).toList());
        assertEquals(row(bundle.toString()), row(p.bundleJson()));
        // what the FHIR reader made of each: s1 and s3 (display) sertraline, s2 and s4 not used, s5 bupropion
        List<String> notes = viaBulk.report().stream().filter(n -> n.resource().startsWith("MedicationStatement/"))
                .map(n -> n.resource() + " " + n.status()).toList();
        assertTrue(notes.contains("MedicationStatement/s2 NOT_USED"), notes.toString());
        assertTrue(notes.contains("MedicationStatement/s4 NOT_USED"), notes.toString());
        assertFalse(notes.contains("MedicationStatement/s1 NOT_USED"), notes.toString());
        assertFalse(notes.contains("MedicationStatement/s3 NOT_USED"), notes.toString());
        assertEquals(List.of("sertraline", "sertraline", "bupropion"), viaBulk.patient().trials().stream()
                .map(t -> t.drug()).toList());
    }

    static String statement(String id, String medication, String start, String end) {
        return "{\"resourceType\":\"MedicationStatement\",\"id\":\"" + id + "\",\"status\":\"completed\"," + medication
                + ",\"subject\":{\"reference\":\"Patient/a\"},\"effectivePeriod\":{\"start\":\"" + start
                + "\",\"end\":\"" + end + "\"}}";
    }

    /**
     * The index is bounded: Medications beyond the bound, without a valid id or with an id seen before are reported
     * (TRD-BULK-005) and the references to them are unresolved (TRD-BULK-004, naming the bound); every line is still
     * accounted for.
     */
    @Test
    void theMedicationIndexIsBoundedAndWhatDoesNotFitIsReported(@TempDir Path tmp) throws Exception {
        CohortGenerator g = CohortGenerator.builder().seed(5).patients(120).evaluationDate(DATE).build();
        Path dir = tmp.resolve("ref");
        CohortWriter.write(g, CohortWriter.Format.FHIR_NDJSON, dir, CohortWriter.Medications.REFERENCED);
        List<String> meds = new ArrayList<>(Files.readAllLines(dir.resolve("Medication.ndjson")));
        int drugs = meds.size();
        meds.add(meds.get(0));                                               // the first id again
        meds.add("{\"resourceType\":\"Medication\",\"id\":\"not valid!\"}");  // no valid id
        meds.add("{\"resourceType\":\"Medication\"}");                       // no id
        Files.write(dir.resolve("Medication.ndjson"), meds, StandardCharsets.UTF_8);

        Read all = read(BulkFhirReader.create(), dir);
        assertEquals(List.of("TRD-BULK-005 Medication.ndjson:" + (drugs + 1), "TRD-BULK-005 Medication.ndjson:"
                + (drugs + 2), "TRD-BULK-005 Medication.ndjson:" + (drugs + 3)), all.issueCodes());
        assertTrue(all.issues().get(0).reason().contains("appears earlier"));
        assertEquals(drugs, all.result().medications());

        // room for about three of the drugs
        MedicationIndex probe = new MedicationIndex(Long.MAX_VALUE);
        probe.add(meds.get(0));
        long three = probe.bytes() * 3 + 10;
        Read bounded = read(BulkFhirReader.create().withMedicationIndexBytes(three), dir);
        long full = bounded.issues().stream().filter(i -> i.code() == ErrorCode.BULK_MEDICATION_NOT_INDEXED
                && i.reason().contains("index is full")).count();
        assertTrue(full >= drugs - 4 && full <= drugs - 2, "not indexed for the bound: " + full + " of " + drugs);
        assertTrue(bounded.result().medications() >= 2 && bounded.result().medications() <= 4);
        List<BulkIssue> unresolved = bounded.issues().stream()
                .filter(i -> i.code() == ErrorCode.BULK_REFERENCE_UNRESOLVED).toList();
        assertFalse(unresolved.isEmpty());
        assertTrue(unresolved.stream().allMatch(i -> i.reason().contains("index bound")), unresolved.get(0).reason());
        long resources = bounded.patients().stream().mapToLong(p -> p.resources().size()).sum();
        long nonBlank = 0;
        for (Path f : BulkFhirReader.ndjsonFiles(dir)) {
            nonBlank += Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count();
        }
        assertEquals(nonBlank, resources + bounded.result().medications() + bounded.issues().size()
                - unresolved.size(), "every line used, indexed or reported once (a reference is reported on a used line)");
        assertThrowsConfig(() -> BulkFhirReader.create().withMedicationIndexBytes(0));
    }

    static void assertThrowsConfig(Runnable r) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                r::run);
        assertTrue(e.getMessage().startsWith(ErrorCode.CONFIG_INVALID.code()), e.getMessage());
    }

    /** Practitioner and other shared resources the rules do not read are listed as informational, not as errors. */
    @Test
    void sharedResourcesTheRulesDoNotReadAreInformational(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(dir.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("Practitioner.ndjson"), "{\"resourceType\":\"Practitioner\",\"id\":\"pr1\","
                + "\"name\":[{\"family\":\"Doe\"}]}\n{\"resourceType\":\"Practitioner\",\"id\":\"pr2\"}\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("Organization.ndjson"), "{\"resourceType\":\"Organization\",\"id\":\"o\"}\n"
                + "{\"resourceType\":\"Encounter\",\"id\":\"e\"}\n", StandardCharsets.UTF_8);
        Read r = read(BulkFhirReader.create(), dir);
        assertEquals(List.of("TRD-BULK-002 Organization.ndjson:2", "TRD-BULK-006 Organization.ndjson:1",
                "TRD-BULK-006 Practitioner.ndjson:1", "TRD-BULK-006 Practitioner.ndjson:2"), r.issueCodes());
        for (BulkIssue i : r.issues()) {
            assertEquals(i.code() == ErrorCode.BULK_NOT_USED, i.informational());
            if (i.informational()) {
                assertTrue(i.reason().contains("not used by the rules") && i.reason().contains("not an error"));
                assertFalse(i.reason().contains("Doe"));
                assertTrue(ScreenRows.issue(i).contains("\"informational\":true"));
            }
        }
        assertEquals(1, r.patients().size());
    }

    /**
     * Public Synthea data (src/test/resources/fhir/public/synthea, Apache-2.0 / MIT, see its README): each transaction
     * Bundle that holds Medication resources, split into one NDJSON file per resource type as a server's bulk export
     * gives it (its {@code urn:uuid:} references written as {@code Type/id}, as the Bundle's fullUrls map them),
     * screens as the Bundle itself; the MedicationRequests that reference a Medication keep their drug.
     */
    @Test
    void publicSyntheaBundlesSplitIntoBulkNdjsonScreenAsTheBundles(@TempDir Path tmp) throws Exception {
        int joined = 0;
        for (String name : List.of("blaze-eff34607", "exa-ca-baef3b4c", "exa-ny-1e557b32")) {
            String text = Files.readString(Path.of("src/test/resources/fhir/public/synthea/" + name
                    + ".trimmed.json"));
            JsonNode bundle = M.readTree(text);
            Map<String, String> urls = new HashMap<>();
            for (JsonNode e : bundle.get("entry")) {
                urls.put(e.get("fullUrl").asText(), e.get("resource").get("resourceType").asText() + "/"
                        + e.get("resource").get("id").asText());
            }
            Map<String, List<String>> files = new TreeMap<>();
            for (JsonNode e : bundle.get("entry")) {
                JsonNode res = e.get("resource").deepCopy();
                relink(res, urls);
                files.computeIfAbsent(res.get("resourceType").asText(), k -> new ArrayList<>()).add(M.writeValueAsString(res));
            }
            Path dir = Files.createDirectories(tmp.resolve(name));
            for (Map.Entry<String, List<String>> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey() + ".ndjson"), f.getValue(), StandardCharsets.UTF_8);
            }
            Read r = read(BulkFhirReader.create(), dir);
            assertEquals(List.of(), r.issues(), name);
            assertEquals(1, r.patients().size());
            PatientRecords p = r.patients().get(0);
            assertEquals(files.get("Medication").size(), p.medications().size(), name);
            joined += p.medications().size();
            assertEquals(FHIR.read(text, DATE).patient(), FHIR.read(p.bundleJson(), DATE).patient(), name);
            assertEquals(row(text), row(p.bundleJson()), name);
            // the referencing requests were read with their drug, not dropped as unresolved
            assertTrue(FHIR.read(p.bundleJson(), DATE).report().stream().noneMatch(n ->
                    n.reason().contains("medicationReference not found")), name);
            Files.delete(dir.resolve("Medication.ndjson"));
            assertNotEquals(List.of(), read(BulkFhirReader.create(), dir).issues(), name);
        }
        assertEquals(7, joined);
    }

    /** Rewrites every {@code reference} that is a fullUrl of the Bundle to its {@code Type/id}. */
    static void relink(JsonNode n, Map<String, String> urls) {
        if (n instanceof ObjectNode o) {
            JsonNode ref = o.get("reference");
            if (ref != null && ref.isTextual() && urls.containsKey(ref.asText())) {
                o.set("reference", TextNode.valueOf(urls.get(ref.asText())));
            }
            o.forEach(c -> relink(c, urls));
        } else if (n.isArray()) {
            n.forEach(c -> relink(c, urls));
        }
    }
}
