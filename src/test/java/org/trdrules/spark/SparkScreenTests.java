package org.trdrules.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.bulk.BulkFhirReader;
import org.trdrules.bulk.ScreenRows;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.synthetic.CohortGenerator;
import org.trdrules.synthetic.CohortWriter;

/** The Spark job on local[2]: rows = patients, reported lines, and the same rows as the single-machine screen. */
class SparkScreenTests {

    static final LocalDate DATE = LocalDate.of(2026, 1, 1);
    static final ObjectMapper M = new ObjectMapper();
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("trd-rules-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static ObjectNode withoutSource(String json) throws Exception {
        ObjectNode n = (ObjectNode) M.readTree(json);
        n.remove("source");
        return n;
    }

    @Test
    void ndjsonGivesOneRowPerPatientAsTheSingleMachineScreenAndReportsBadLines(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        CohortWriter.write(CohortGenerator.builder().seed(31).patients(120).evaluationDate(DATE).build(),
                CohortWriter.Format.FHIR_NDJSON, in);
        Files.writeString(in.resolve("Condition.ndjson"), "{\"resourceType\":\"Condition\",\"id\":\"broken\n"
                + "{\"resourceType\":\"Condition\",\"id\":\"o1\",\"subject\":{\"reference\":\"Patient/ghost\"}}\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(in.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"syn-0000003\"}\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        String out = tmp.resolve("out").toString();
        SparkScreen.Summary s = new SparkScreen(DATE, false).runNdjson(spark, in.toString(), out);
        assertEquals(120, s.patientsIn());
        assertEquals(120, s.rowsOut());
        assertEquals(3, s.issues());
        long conditions = Files.readAllLines(in.resolve("Condition.ndjson")).size();
        List<Row> issues = spark.read().parquet(out + "/issues").collectAsList();
        assertEquals(List.of("TRD-BULK-001 Condition.ndjson:" + (conditions - 1),
                        "TRD-BULK-002 Condition.ndjson:" + conditions, "TRD-BULK-003 Patient.ndjson:121"),
                issues.stream().map(r -> r.getString(0) + " " + r.getString(1) + ":" + r.getLong(2)).sorted().toList());

        // the single-machine path on the same input
        TrdEngine engine = TrdEngine.builder().evaluationDate(DATE)
                .config(TrdConfig.defaults().withEligibility(false)).build();
        FhirPatientReader fhir = FhirPatientReader.create();
        Map<String, String> local = new HashMap<>();
        BulkFhirReader.create().read(in, p -> local.put(p.patientId(), ScreenRows.row("x",
                engine.assess(fhir.read(p.bundleJson(), DATE).patient()), false)), i -> { });
        List<Row> rows = spark.read().parquet(out + "/rows").collectAsList();
        assertEquals(120, rows.size());
        for (Row r : rows) {
            String id = r.getString(r.fieldIndex("patient_id"));
            assertEquals(withoutSource(local.get(id)), withoutSource(r.getString(r.fieldIndex("row_json"))), id);
            assertEquals("Patient.ndjson:" + (Integer.parseInt(id.substring(4)) + 1),
                    r.getString(r.fieldIndex("source")), "file:line of the Patient, as screen gives it");
            assertEquals(M.readTree(local.get(id)).get("definitions").get("two-adequate-trials").asText(),
                    r.getJavaMap(r.fieldIndex("definitions")).get("two-adequate-trials"));
            assertTrue(r.isNullAt(r.fieldIndex("error_code")));
        }
    }

    /**
     * Medication references joined as on one machine, and every reported line with its file:line as the
     * single-machine reader reports it, also when files are read in many splits (16 KB, so the line numbers of a
     * split depend on the lines of the splits before it): a Practitioner (informational), an unresolved reference,
     * a Medication repeated, a corrupt line.
     */
    @Test
    void referencedMedicationsAndLineNumbersInManySplitsMatchTheSingleMachineReader(@TempDir Path tmp)
            throws Exception {
        Path in = tmp.resolve("in");
        CohortWriter.write(CohortGenerator.builder().seed(32).patients(150).evaluationDate(DATE).build(),
                CohortWriter.Format.FHIR_NDJSON, in, CohortWriter.Medications.REFERENCED);
        List<String> meds = Files.readAllLines(in.resolve("Medication.ndjson"));
        Files.writeString(in.resolve("Medication.ndjson"), meds.get(0) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Files.writeString(in.resolve("Practitioner.ndjson"), "{\"resourceType\":\"Practitioner\",\"id\":\"d1\"}\n\n"
                + "{\"resourceType\":\"Practitioner\",\"id\":\"d2\"}\n", StandardCharsets.UTF_8);
        List<String> statements = new java.util.ArrayList<>(Files.readAllLines(in.resolve("MedicationStatement.ndjson")));
        int mid = statements.size() / 2;
        statements.set(mid, statements.get(mid).replaceFirst("Medication/med-[a-z0-9-]+", "Medication/unknown"));
        statements.add(mid + 1, "{\"resourceType\":\"MedicationStatement\",\"id\"");
        statements.add(mid + 2, "");
        Files.write(in.resolve("MedicationStatement.ndjson"), statements, StandardCharsets.UTF_8);

        List<String> localIssues = new java.util.ArrayList<>();
        Map<String, String> local = new HashMap<>();
        TrdEngine engine = TrdEngine.builder().evaluationDate(DATE)
                .config(TrdConfig.defaults().withEligibility(false)).build();
        FhirPatientReader fhir = FhirPatientReader.create();
        BulkFhirReader.create().read(in, p -> local.put(p.patientId(), ScreenRows.row(p.file() + ":" + p.line(),
                engine.assess(fhir.read(p.bundleJson(), DATE).patient()), false)),
                i -> localIssues.add(i.code().code() + " " + i.location()));
        assertEquals(5, localIssues.size(), localIssues.toString());

        String key = "mapreduce.input.fileinputformat.split.maxsize";
        spark.sparkContext().hadoopConfiguration().set(key, "16384");
        String out = tmp.resolve("out").toString();
        SparkScreen.Summary s;
        try {
            int splits = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .newAPIHadoopFile(in + "/*.ndjson", org.apache.hadoop.mapreduce.lib.input.TextInputFormat.class,
                            org.apache.hadoop.io.LongWritable.class, org.apache.hadoop.io.Text.class,
                            spark.sparkContext().hadoopConfiguration()).getNumPartitions();
            assertTrue(splits > 20, "files read in many splits: " + splits);
            s = new SparkScreen(DATE, false).runNdjson(spark, in.toString(), out);
        } finally {
            spark.sparkContext().hadoopConfiguration().unset(key);
        }
        assertEquals(150, s.patientsIn());
        assertEquals(150, s.rowsOut());
        assertEquals(localIssues.stream().sorted().toList(), spark.read().parquet(out + "/issues").collectAsList()
                .stream().map(r -> r.getString(0) + " " + r.getString(1) + ":" + r.getLong(2)).sorted().toList());
        List<Row> rows = spark.read().parquet(out + "/rows").collectAsList();
        for (Row r : rows) {
            String id = r.getString(r.fieldIndex("patient_id"));
            assertEquals(M.readTree(local.get(id)), M.readTree(r.getString(r.fieldIndex("row_json"))), id);
        }
        assertTrue(rows.stream().anyMatch(r -> "MET".equals(r.getJavaMap(r.fieldIndex("definitions"))
                .get("two-adequate-trials"))), "the joined drugs make trials");
    }

    @Test
    void libraryJsonWithAnUnreadablePatientGivesATypedErrorRow(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("json");
        CohortWriter.write(CohortGenerator.builder().seed(4).patients(30).evaluationDate(DATE).build(),
                CohortWriter.Format.JSON, in);
        Files.writeString(in.resolve("extra.json"), "[{\"id\":\"odd\",\"ageYears\":\"forty\"}]",
                StandardCharsets.UTF_8);
        String out = tmp.resolve("out").toString();
        SparkScreen.Summary s = new SparkScreen(DATE, true).runJson(spark, in.toString(), out);
        assertEquals(31, s.patientsIn());
        assertEquals(31, s.rowsOut());
        assertEquals(1, s.errorRows());
        Row err = spark.read().parquet(out + "/rows").filter("error_code is not null").first();
        assertEquals("TRD-JSON-001", err.getString(err.fieldIndex("error_code")));
        Row ok = spark.read().parquet(out + "/rows").filter("error_code is null").first();
        assertTrue(ok.getJavaMap(ok.fieldIndex("option_counts")).containsKey("ELIGIBLE"), "eligibility on");
    }

    /**
     * A Medication index too small for the input: it is sealed at the first Medication that does not fit, the
     * Medications after it are reported by the executors (the driver holds no list of them), and the reports and
     * rows are exactly the single-machine reader's.
     */
    @Test
    void aFullMedicationIndexIsReportedAsOnOneMachineWithoutCollectingOnTheDriver(@TempDir Path tmp)
            throws Exception {
        Path in = tmp.resolve("in");
        CohortWriter.write(CohortGenerator.builder().seed(33).patients(60).evaluationDate(DATE).build(),
                CohortWriter.Format.FHIR_NDJSON, in, CohortWriter.Medications.REFERENCED);
        List<String> meds = Files.readAllLines(in.resolve("Medication.ndjson"));
        long bound = meds.get(0).length() + meds.get(1).length() + 200; // about two Medications
        List<String> localIssues = new java.util.ArrayList<>();
        Map<String, String> local = new HashMap<>();
        TrdEngine engine = TrdEngine.builder().evaluationDate(DATE)
                .config(TrdConfig.defaults().withEligibility(false)).build();
        FhirPatientReader fhir = FhirPatientReader.create();
        BulkFhirReader.create().withMedicationIndexBytes(bound).read(in, p -> local.put(p.patientId(),
                ScreenRows.row(p.file() + ":" + p.line(), engine.assess(fhir.read(p.bundleJson(), DATE).patient()),
                        false)), i -> localIssues.add(i.code().code() + " " + i.location() + " " + i.reason()));
        long notIndexed = localIssues.stream().filter(i -> i.startsWith("TRD-BULK-005")).count();
        assertTrue(notIndexed >= meds.size() - 3, "most Medications beyond the bound: " + notIndexed + " of " + meds.size());

        String out = tmp.resolve("out").toString();
        SparkScreen.Summary s = new SparkScreen(DATE, false).withMedicationIndexBytes(bound)
                .runNdjson(spark, in.toString(), out);
        assertEquals(60, s.rowsOut());
        assertEquals(localIssues.stream().sorted().toList(), spark.read().parquet(out + "/issues").collectAsList()
                .stream().map(r -> r.getString(0) + " " + r.getString(1) + ":" + r.getLong(2) + " " + r.getString(3))
                .sorted().toList());
        for (Row r : spark.read().parquet(out + "/rows").collectAsList()) {
            String id = r.getString(r.fieldIndex("patient_id"));
            assertEquals(M.readTree(local.get(id)), M.readTree(r.getString(r.fieldIndex("row_json"))), id);
        }
    }
}
