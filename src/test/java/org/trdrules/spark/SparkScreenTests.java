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
        List<Row> issues = spark.read().parquet(out + "/issues").collectAsList();
        assertEquals(List.of("TRD-BULK-001 Condition.ndjson", "TRD-BULK-002 Condition.ndjson",
                        "TRD-BULK-003 Patient.ndjson"),
                issues.stream().map(r -> r.getString(0) + " " + r.getString(1)).sorted().toList());

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
            assertEquals(M.readTree(local.get(id)).get("definitions").get("two-adequate-trials").asText(),
                    r.getJavaMap(r.fieldIndex("definitions")).get("two-adequate-trials"));
            assertTrue(r.isNullAt(r.fieldIndex("error_code")));
        }
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
}
