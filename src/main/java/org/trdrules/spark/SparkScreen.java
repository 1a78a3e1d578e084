package org.trdrules.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trdrules.ErrorCode;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.bulk.BulkFhirReader;
import org.trdrules.bulk.PatientRecords;
import org.trdrules.bulk.ScreenRows;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.Patient;
import scala.Tuple2;

/**
 * Population screening on Apache Spark: reads bulk FHIR NDJSON (or the library's patient JSON) from any
 * Spark-readable path, groups the lines per patient, assesses each patient in {@code mapPartitions} with one
 * engine per executor JVM, and writes Parquet ({@code <output>/rows}, schema {@link #ROW_SCHEMA}; unusable lines
 * in {@code <output>/issues}, schema {@link #ISSUE_SCHEMA}). Input patients = output rows is checked and logged
 * (counts only, never patient data). Spark is a {@code provided} dependency: library users never get it.
 *
 * <p>Immutable and thread-safe; {@link #runNdjson} and {@link #runJson} may be called from several driver threads
 * on one session.
 */
public final class SparkScreen implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SparkScreen.class);

    /**
     * Schema of {@code <output>/rows}: one row per patient. {@code row_json} is the {@code screen} row
     * (trd-rules/screen-row/1); the other columns repeat its fields for SQL.
     */
    public static final StructType ROW_SCHEMA = new StructType()
            .add("patient_id", DataTypes.StringType, true)
            .add("source", DataTypes.StringType, false)
            .add("definitions", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
            .add("stages", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
            .add("option_counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true)
            .add("safety", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("risk_total", DataTypes.DoubleType, true)
            .add("error_code", DataTypes.StringType, true)
            .add("error_message", DataTypes.StringType, true)
            .add("row_json", DataTypes.StringType, false);

    /** Schema of {@code <output>/issues}: one row per unusable input line. */
    public static final StructType ISSUE_SCHEMA = new StructType()
            .add("code", DataTypes.StringType, false)
            .add("file", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false);

    /**
     * What one run did.
     *
     * @param patientsIn patients found in the input
     * @param rowsOut    rows written (always equal to {@code patientsIn})
     * @param errorRows  rows carrying a typed error instead of results
     * @param issues     input lines reported as unusable (with their file)
     */
    public record Summary(long patientsIn, long rowsOut, long errorRows, long issues) implements Serializable {}

    /** The date every patient is assessed at. */
    private final LocalDate evaluationDate;
    /** Whether option eligibility is computed. */
    private final boolean eligibility;

    /** A job judging histories at {@code evaluationDate}, with option eligibility or without. */
    public SparkScreen(LocalDate evaluationDate, boolean eligibility) {
        this.evaluationDate = Objects.requireNonNull(evaluationDate, "evaluationDate");
        this.eligibility = eligibility;
    }

    // one engine and one FHIR reader per executor JVM, shared by its task threads
    private static final Map<String, TrdEngine> ENGINES = new ConcurrentHashMap<>();
    private static volatile FhirPatientReader fhir;
    private static final BulkFhirReader ROUTER = BulkFhirReader.create();

    private TrdEngine engine() {
        return ENGINES.computeIfAbsent(evaluationDate + "/" + eligibility, k -> TrdEngine.builder()
                .evaluationDate(evaluationDate).config(TrdConfig.defaults().withEligibility(eligibility)).build());
    }

    private static FhirPatientReader fhir() {
        FhirPatientReader r = fhir;
        if (r == null) {
            synchronized (SparkScreen.class) {
                if (fhir == null) {
                    fhir = FhirPatientReader.create();
                }
                r = fhir;
            }
        }
        return r;
    }

    /** A unit of work: one patient's Bundle, or one library-JSON patient, or a failure to report as a row. */
    /** One input unit (a patient's records or a typed error) as Spark moves it between stages; internal. */
    public static final class Unit implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Input file the unit came from. */
        String source;
        /** The patient id. */
        String patientId;
        /** The patient's records as one FHIR Bundle (bulk input), or null. */
        String bundle;
        /** The patient in the library's JSON (JSON input), or null. */
        String patientJson;
        /** Error code when the unit could not be read, or null. */
        String errorCode;
        /** What went wrong, without patient data, or null. */
        String errorMessage;
    }

    /** Screens bulk NDJSON ({@code *.ndjson} under {@code input}) into Parquet under {@code output}. */
    public Summary runNdjson(SparkSession spark, String input, String output) {
        Dataset<Row> lines = spark.read().text(input.endsWith(".ndjson") ? input : input + "/*.ndjson")
                .withColumn("file", input_file_name());
        Dataset<Row> routed = lines.map((MapFunction<Row, Row>) r -> {
            String line = r.getString(0);
            String file = shortName(r.getString(1));
            if (line == null || line.isBlank()) {
                return RowFactory.create(null, false, null, null, file, null);
            }
            BulkFhirReader.Route route = ROUTER.route(line);
            return RowFactory.create(route.patientId(), route.patient(),
                    route.issue() == null ? null : route.issue().code(), route.reason(), file,
                    route.issue() == null ? line.strip() : null);
        }, Encoders.row(new StructType().add("pid", DataTypes.StringType).add("isPatient", DataTypes.BooleanType)
                .add("code", DataTypes.StringType).add("reason", DataTypes.StringType)
                .add("file", DataTypes.StringType).add("json", DataTypes.StringType)))
                .filter(col("pid").isNotNull().or(col("code").isNotNull()))
                .cache();
        Dataset<Row> lineIssues = routed.filter(col("code").isNotNull()).select("code", "file", "reason");
        // group per patient: the Patient line (the first, by file and text, if duplicated) and its resources
        Dataset<Row> grouped = routed.filter(col("code").isNull())
                .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (pid, rows) -> group(pid, rows),
                        Encoders.row(new StructType().add("kind", DataTypes.StringType)
                                .add("pid", DataTypes.StringType).add("file", DataTypes.StringType)
                                .add("payload", DataTypes.StringType)))
                .cache();
        Dataset<Row> groupIssues = grouped.filter(col("kind").notEqual("patient"))
                .map((MapFunction<Row, Row>) r -> RowFactory.create(
                        "orphan".equals(r.getString(0)) ? ErrorCode.BULK_ORPHAN.code()
                                : ErrorCode.BULK_DUPLICATE_PATIENT.code(), r.getString(2),
                        "orphan".equals(r.getString(0)) ? "names a patient with no Patient resource in the input"
                                : "a Patient with this id appears earlier; this one is not used"),
                        Encoders.row(ISSUE_SCHEMA));
        Dataset<Unit> units = grouped.filter(col("kind").equalTo("patient")).map((MapFunction<Row, Unit>) r -> {
            Unit u = new Unit();
            u.source = r.getString(2);
            u.patientId = r.getString(1);
            u.bundle = r.getString(3);
            return u;
        }, Encoders.javaSerialization(Unit.class));
        return finish(spark, units, lineIssues.union(groupIssues), output);
    }

    /** Screens the library's patient JSON files under {@code input} into Parquet under {@code output}. */
    public Summary runJson(SparkSession spark, String input, String output) {
        Dataset<Unit> units = spark.createDataset(spark.sparkContext().wholeTextFiles(input, 2).toJavaRDD()
                        .flatMap((FlatMapFunction<Tuple2<String, String>, Unit>) f -> jsonUnits(f._1(), f._2()))
                        .rdd(), Encoders.javaSerialization(Unit.class));
        return finish(spark, units, spark.createDataFrame(List.of(), ISSUE_SCHEMA), output);
    }

    private Summary finish(SparkSession spark, Dataset<Unit> units, Dataset<Row> issues, String output) {
        Dataset<Unit> cached = units.cache();
        long patientsIn = cached.count();
        Dataset<Row> rows = cached.mapPartitions((MapPartitionsFunction<Unit, Row>) it -> assess(it),
                Encoders.row(ROW_SCHEMA)).cache();
        rows.write().mode(SaveMode.Overwrite).parquet(output + "/rows");
        issues.coalesce(1).write().mode(SaveMode.Overwrite).parquet(output + "/issues");
        Dataset<Row> written = spark.read().parquet(output + "/rows");
        long rowsOut = written.count();
        long errorRows = written.filter(col("error_code").isNotNull()).count();
        long issueCount = spark.read().parquet(output + "/issues").count();
        LOG.info("trd-rules spark screen: {} patients in, {} rows out ({} error rows), {} input lines reported",
                patientsIn, rowsOut, errorRows, issueCount);
        if (patientsIn != rowsOut) {
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("rows out " + rowsOut
                    + " != patients in " + patientsIn));
        }
        rows.unpersist();
        cached.unpersist();
        return new Summary(patientsIn, rowsOut, errorRows, issueCount);
    }

    /** Patient rows, orphan and duplicate markers of one patient id's lines. */
    private static Iterator<Row> group(String pid, Iterator<Row> rows) {
        List<Row> patients = new ArrayList<>();
        List<Row> resources = new ArrayList<>();
        rows.forEachRemaining(r -> (r.getBoolean(1) ? patients : resources).add(r));
        List<Row> out = new ArrayList<>();
        if (patients.isEmpty()) {
            for (Row r : resources) {
                out.add(RowFactory.create("orphan", pid, r.getString(4), null));
            }
            return out.iterator();
        }
        patients.sort((a, b) -> a.getString(4).equals(b.getString(4)) ? a.getString(5).compareTo(b.getString(5))
                : a.getString(4).compareTo(b.getString(4)));
        for (int i = 1; i < patients.size(); i++) {
            out.add(RowFactory.create("duplicate", pid, patients.get(i).getString(4), null));
        }
        resources.sort((a, b) -> a.getString(4).equals(b.getString(4)) ? a.getString(5).compareTo(b.getString(5))
                : a.getString(4).compareTo(b.getString(4)));
        List<String> texts = new ArrayList<>();
        texts.add(patients.get(0).getString(5));
        resources.forEach(r -> texts.add(r.getString(5)));
        out.add(RowFactory.create("patient", pid, patients.get(0).getString(4),
                new PatientRecords(pid, patients.get(0).getString(4), 0, texts).bundleJson()));
        return out.iterator();
    }

    private static Iterator<Unit> jsonUnits(String path, String text) {
        String file = shortName(path);
        List<Unit> out = new ArrayList<>();
        JsonCodec codec = new JsonCodec();
        try {
            for (JsonCodec.ReadResult rr : codec.readPatients(new StringReader(text))) {
                Unit u = new Unit();
                u.source = file + "#" + rr.index();
                if (rr.error() != null) {
                    u.errorCode = rr.error().code().code();
                    u.errorMessage = rr.error().getMessage();
                } else {
                    u.patientId = rr.patient().id();
                    u.patientJson = codec.writePatient(rr.patient());
                }
                out.add(u);
            }
        } catch (java.io.IOException | RuntimeException e) {
            Unit u = new Unit();
            u.source = file;
            u.errorCode = e instanceof org.trdrules.TrdInputException t ? t.code().code()
                    : ErrorCode.FILE_UNREADABLE.code();
            u.errorMessage = "file not readable as patient JSON";
            out.add(u);
        }
        return out.iterator();
    }

    private Iterator<Row> assess(Iterator<Unit> units) {
        TrdEngine engine = engine();
        JsonCodec codec = new JsonCodec();
        ObjectMapper m = new ObjectMapper();
        List<Row> out = new ArrayList<>();
        while (units.hasNext()) {
            Unit u = units.next();
            String rowJson;
            if (u.errorCode != null) {
                rowJson = "{\"format\":\"" + ScreenRows.FORMAT + "\",\"patientId\":null,\"source\":"
                        + m.valueToTree(u.source) + ",\"error\":{\"code\":" + m.valueToTree(u.errorCode)
                        + ",\"message\":" + m.valueToTree(u.errorMessage) + "}}";
            } else {
                try {
                    Patient p = u.patientJson != null ? codec.readPatient(u.patientJson)
                            : fhir().read(u.bundle, evaluationDate).patient();
                    rowJson = ScreenRows.row(u.source, engine.assess(p), eligibility);
                } catch (RuntimeException | java.io.IOException e) {
                    rowJson = ScreenRows.error(u.source, u.patientId, e instanceof RuntimeException re ? re
                            : new IllegalStateException(e));
                }
            }
            out.add(toRow(m, rowJson));
        }
        return out.iterator();
    }

    private static Row toRow(ObjectMapper m, String rowJson) {
        try {
            JsonNode n = m.readTree(rowJson);
            JsonNode err = n.get("error");
            Map<String, String> defs = null;
            Map<String, String> stages = null;
            Map<String, Integer> options = null;
            List<String> safety = null;
            Double risk = null;
            if (err == null) {
                defs = new LinkedHashMap<>();
                for (var e : iterable(n.get("definitions").fields())) {
                    defs.put(e.getKey(), e.getValue().asText());
                }
                stages = new LinkedHashMap<>();
                for (var e : iterable(n.get("stages").fields())) {
                    JsonNode s = e.getValue();
                    stages.put(e.getKey(), s.get("status").asText() + (s.has("stage") ? " " + s.get("stage").asText()
                            : "") + (s.has("score") ? " " + s.get("score").asText() : "") + " [" + s.get("low")
                            .asText() + ".." + s.get("high").asText() + "]");
                }
                if (n.has("options")) {
                    options = new HashMap<>();
                    for (var e : iterable(n.get("options").fields())) {
                        options.put(e.getKey(), e.getValue().asInt());
                    }
                }
                safety = new ArrayList<>();
                for (JsonNode s : n.get("safety")) {
                    safety.add(s.asText());
                }
                risk = n.get("riskTotal").asDouble();
            }
            return RowFactory.create(n.get("patientId").isNull() ? null : n.get("patientId").asText(),
                    n.get("source").asText(), defs == null ? null : scalaMap(defs),
                    stages == null ? null : scalaMap(stages), options == null ? null : scalaMap(options),
                    safety == null ? null : scala.jdk.javaapi.CollectionConverters.asScala(safety), risk,
                    err == null ? null : err.get("code").asText(),
                    err == null ? null : err.path("message").asText(null), rowJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("row not readable"), e);
        }
    }

    private static <K, V> scala.collection.Map<K, V> scalaMap(Map<K, V> m) {
        return scala.jdk.javaapi.CollectionConverters.asScala(m);
    }

    private static <T> Iterable<T> iterable(Iterator<T> it) {
        return () -> it;
    }

    private static String shortName(String path) {
        if (path == null) {
            return "";
        }
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /**
     * {@code spark-submit --class org.trdrules.spark.SparkScreen JOB.jar --input PATH --output PATH
     * [--format ndjson|json] [--evaluation-date YYYY-MM-DD] [--eligibility]}.
     */
    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--eligibility")) {
                a.put("--eligibility", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                a.put(args[i], args[++i]);
            }
        }
        if (!a.containsKey("--input") || !a.containsKey("--output")) {
            System.err.println("usage: SparkScreen --input PATH --output PATH [--format ndjson|json]"
                    + " [--evaluation-date YYYY-MM-DD] [--eligibility]");
            System.exit(2);
        }
        LocalDate date = a.containsKey("--evaluation-date") ? LocalDate.parse(a.get("--evaluation-date"))
                : LocalDate.now();
        SparkSession spark = SparkSession.builder().appName("trd-rules screen").getOrCreate();
        try {
            SparkScreen job = new SparkScreen(date, a.containsKey("--eligibility"));
            Summary s = "json".equals(a.get("--format")) ? job.runJson(spark, a.get("--input"), a.get("--output"))
                    : job.runNdjson(spark, a.get("--input"), a.get("--output"));
            System.err.println("trd-rules spark screen: " + s.patientsIn() + " patients in, " + s.rowsOut()
                    + " rows out (" + s.errorRows() + " error rows), " + s.issues() + " input lines reported");
        } finally {
            spark.stop();
        }
    }
}
