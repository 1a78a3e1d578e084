package org.trdrules.spark;

import static org.apache.spark.sql.functions.col;

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
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trdrules.ErrorCode;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.bulk.BulkFhirReader;
import org.trdrules.bulk.MedicationIndex;
import org.trdrules.bulk.PatientRecords;
import org.trdrules.bulk.ScreenRows;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.Patient;
import scala.Tuple2;

/**
 * Population screening on Apache Spark: reads bulk FHIR NDJSON (or the library's patient JSON) from any
 * Spark-readable path, groups the lines per patient and assesses each group where it is formed (library JSON: in
 * {@code mapPartitions}), with one engine per executor JVM, and writes Parquet ({@code <output>/rows}, schema {@link #ROW_SCHEMA}; unusable lines
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

    /**
     * Schema of {@code <output>/issues}: one row per reported input line (file name, 1-based line number, as
     * {@code screen}'s report); {@code TRD-BULK-006} rows are informational.
     */
    public static final StructType ISSUE_SCHEMA = new StructType()
            .add("code", DataTypes.StringType, false)
            .add("file", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false)
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
    /** Bound of the Medication index held on the driver and broadcast. */
    private final long medicationIndexBytes;

    /** A job judging histories at {@code evaluationDate}, with option eligibility or without. */
    public SparkScreen(LocalDate evaluationDate, boolean eligibility) {
        this(evaluationDate, eligibility, MedicationIndex.DEFAULT_MAX_BYTES);
    }

    private SparkScreen(LocalDate evaluationDate, boolean eligibility, long medicationIndexBytes) {
        this.evaluationDate = Objects.requireNonNull(evaluationDate, "evaluationDate");
        this.eligibility = eligibility;
        this.medicationIndexBytes = medicationIndexBytes;
    }

    /** The same job with a Medication index of at most about {@code bytes} (see {@link MedicationIndex}). */
    public SparkScreen withMedicationIndexBytes(long bytes) {
        new MedicationIndex(bytes); // validates
        return new SparkScreen(evaluationDate, eligibility, bytes);
    }

    // one engine and one FHIR reader per executor JVM, shared by its task threads
    private static final Map<String, TrdEngine> ENGINES = new ConcurrentHashMap<>();
    private static volatile FhirPatientReader fhir;
    private static final BulkFhirReader ROUTER = BulkFhirReader.create();
    private static final ObjectMapper M = new ObjectMapper();

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

    /** Routed lines: one row per non-blank line, and one {@code split} row per input split with its line count. */
    static final StructType LINE_SCHEMA = new StructType()
            .add("kind", DataTypes.StringType, false)      // patient, resource, medication, issue, split
            .add("pid", DataTypes.StringType, true)
            .add("code", DataTypes.StringType, true)
            .add("reason", DataTypes.StringType, true)
            .add("path", DataTypes.StringType, false)      // the file's full path
            .add("start", DataTypes.LongType, false)       // byte offset of the split in the file
            .add("index", DataTypes.LongType, false)       // line index within the split (for split: its lines)
            .add("json", DataTypes.StringType, true)
            .add("medref", DataTypes.StringType, true);    // medicationReference.reference, or null

    /** What grouping and assessing give per patient id: its result row, or one issue row (the other is null). */
    private static final StructType OUT_SCHEMA = new StructType()
            .add("row", ROW_SCHEMA, true)
            .add("issue", ISSUE_SCHEMA, true);

    /**
     * Screens bulk NDJSON ({@code *.ndjson} under {@code input}) into Parquet under {@code output}. Lines are read
     * with Hadoop's {@code TextInputFormat}, split by split: each line knows its split and its index in it, and each
     * split's line count gives the line numbers (file:line, as {@code screen} reports them) without a second read.
     * Medication lines are indexed on the driver (bounded, {@link MedicationIndex}) and broadcast, so that each
     * patient's Bundle carries the Medications its resources reference.
     */
    public Summary runNdjson(SparkSession spark, String input, String output) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String glob = input.endsWith(".ndjson") ? input : input + "/*.ndjson";
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> raw = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(glob,
                TextInputFormat.class, LongWritable.class, Text.class, jsc.hadoopConfiguration());
        JavaRDD<Row> lines = raw.mapPartitionsWithInputSplit(
                (Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<Row>>) (split, it) ->
                        new Router((FileSplit) split, it), true);
        // read and parsed once, kept on local disk (not on the heap: the lines are as large as the input) for the
        // line counts, the Medications, the line issues and the grouping
        Dataset<Row> routed = spark.createDataFrame(lines, LINE_SCHEMA).persist(StorageLevel.DISK_ONLY());

        // line numbers: the lines of the earlier splits of the same file, plus the index within the split
        Map<String, java.util.TreeMap<Long, Long>> perFile = new HashMap<>();
        for (Row r : routed.filter(col("kind").equalTo("split")).select("path", "start", "index").collectAsList()) {
            perFile.computeIfAbsent(r.getString(0), k -> new java.util.TreeMap<>()).put(r.getLong(1), r.getLong(2));
        }
        HashMap<String, Long> base = new HashMap<>();
        perFile.forEach((path, splits) -> {
            long before = 0;
            for (Map.Entry<Long, Long> e : splits.entrySet()) {
                base.put(path + "@" + e.getKey(), before);
                before += e.getValue();
            }
        });
        Broadcast<HashMap<String, Long>> lineBase = jsc.broadcast(base);

        Dataset<Row> lineIssues = routed.filter(col("kind").equalTo("issue"))
                .map((MapFunction<Row, Row>) r -> RowFactory.create(r.getString(2), shortName(r.getString(4)),
                        lineNo(lineBase.value(), r), r.getString(3)), Encoders.row(ISSUE_SCHEMA));

        // Medications: few, indexed on the driver in file and line order (the first of an id is used), broadcast
        // until the bound is reached; once it is, the index is sealed (MedicationIndex.add), so the reports of the
        // Medications after that line are made by the executors, not collected on the driver
        MedicationIndex index = new MedicationIndex(medicationIndexBytes);
        List<Row> medicationIssues = new ArrayList<>();
        Dataset<Row> medicationLines = routed.filter(col("kind").equalTo("medication"))
                .select("path", "start", "index", "json");
        Iterator<Row> meds = medicationLines.orderBy("path", "start", "index").toLocalIterator();
        Row cut = null;
        while (meds.hasNext() && cut == null) {
            Row r = meds.next();
            String why = index.add(r.getString(3));
            if (why != null) {
                medicationIssues.add(RowFactory.create(ErrorCode.BULK_MEDICATION_NOT_INDEXED.code(),
                        shortName(r.getString(0)), base.get(r.getString(0) + "@" + r.getLong(1)) + r.getLong(2) + 1,
                        why));
            }
            if (index.full()) {
                cut = r;
            }
        }
        Broadcast<MedicationIndex> medications = jsc.broadcast(index);
        Dataset<Row> sealedIssues = null;
        if (cut != null) {
            String path = cut.getString(0);
            long start = cut.getLong(1);
            long line = cut.getLong(2);
            sealedIssues = medicationLines.filter(col("path").gt(path).or(col("path").equalTo(path)
                            .and(col("start").gt(start).or(col("start").equalTo(start).and(col("index").gt(line))))))
                    .map((MapFunction<Row, Row>) r -> RowFactory.create(ErrorCode.BULK_MEDICATION_NOT_INDEXED.code(),
                            shortName(r.getString(0)), lineBase.value().get(r.getString(0) + "@" + r.getLong(1))
                                    + r.getLong(2) + 1, medications.value().add(r.getString(3))),
                            Encoders.row(ISSUE_SCHEMA));
        }

        // group per patient and assess the group where it is formed: a patient's Bundle lives only while it is
        // judged, so memory does not grow with the input. Each group gives its result row and its issue rows.
        Dataset<Row> out = routed.filter(col("kind").isin("patient", "resource"))
                .groupByKey((MapFunction<Row, String>) r -> r.getString(1), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (pid, rows) -> judgeGroup(pid, rows,
                        lineBase.value(), medications.value()), Encoders.row(OUT_SCHEMA))
                .persist(StorageLevel.DISK_ONLY());
        Dataset<Row> issues = lineIssues.union(out.filter(col("issue").isNotNull()).select("issue.*"))
                .union(spark.createDataFrame(medicationIssues, ISSUE_SCHEMA));
        try {
            // patients in is counted from the input lines, independently of the grouping that makes the rows
            long patientsIn = routed.filter(col("kind").equalTo("patient")).select("pid").distinct().count();
            return write(spark, patientsIn, out.filter(col("row").isNotNull()).select("row.*"),
                    sealedIssues == null ? issues : issues.union(sealedIssues), output);
        } finally {
            out.unpersist(); // also when the job fails: the session may run more jobs
            routed.unpersist();
        }
    }

    /** One patient id's result row and issue rows ({@link #OUT_SCHEMA}). */
    private Iterator<Row> judgeGroup(String pid, Iterator<Row> rows, Map<String, Long> base, MedicationIndex index) {
        List<Row> out = new ArrayList<>();
        for (Iterator<Row> it = group(pid, rows, base, index); it.hasNext(); ) {
            Row g = it.next();
            if ("patient".equals(g.getString(0))) {
                Unit u = new Unit();
                u.source = g.getString(2) + ":" + g.getLong(3);
                u.patientId = g.getString(1);
                u.bundle = g.getString(4);
                out.add(RowFactory.create(assessOne(u, engine(), null), null));
            } else {
                out.add(RowFactory.create(null, RowFactory.create(groupCode(g.getString(0)), g.getString(2),
                        g.getLong(3), g.getString(4))));
            }
        }
        return out.iterator();
    }

    private static String groupCode(String kind) {
        return switch (kind) {
            case "orphan" -> ErrorCode.BULK_ORPHAN.code();
            case "duplicate" -> ErrorCode.BULK_DUPLICATE_PATIENT.code();
            default -> ErrorCode.BULK_REFERENCE_UNRESOLVED.code();
        };
    }

    /** The 1-based line number of a routed line. */
    private static long lineNo(Map<String, Long> base, Row r) {
        Long before = base.get(r.getString(4) + "@" + r.getLong(5));
        if (before == null) {
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("input split without a line count"));
        }
        return before + r.getLong(6) + 1;
    }

    /**
     * Routes the lines of one input split ({@link BulkFhirReader#route}, the same parse as {@code screen}), then
     * emits one {@code split} row with the number of lines read (blank ones included). Lazy: one line at a time.
     */
    static final class Router implements Iterator<Row> {
        private final Iterator<Tuple2<LongWritable, Text>> in;
        private final String path;
        private final long start;
        private long index;
        private boolean done;
        private Row next;

        Router(FileSplit split, Iterator<Tuple2<LongWritable, Text>> in) {
            this.in = in;
            this.path = split.getPath().toString();
            this.start = split.getStart();
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                if (!in.hasNext()) {
                    done = true;
                    next = RowFactory.create("split", null, null, null, path, start, index, null, null);
                    break;
                }
                String line = in.next()._2().toString();
                long i = index++;
                if (line.isBlank()) {
                    continue;
                }
                BulkFhirReader.Route route = ROUTER.route(line);
                String kind = route.issue() != null ? "issue" : route.medication() ? "medication"
                        : route.patient() ? "patient" : "resource";
                next = RowFactory.create(kind, route.patientId(), route.issue() == null ? null : route.issue().code(),
                        route.reason(), path, start, i, route.issue() == null ? line.strip() : null,
                        route.medicationReference());
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Row r = next;
            next = null;
            return r;
        }
    }

    /** Screens the library's patient JSON files under {@code input} into Parquet under {@code output}. */
    public Summary runJson(SparkSession spark, String input, String output) {
        Dataset<Unit> units = spark.createDataset(spark.sparkContext().wholeTextFiles(input, 2).toJavaRDD()
                        .flatMap((FlatMapFunction<Tuple2<String, String>, Unit>) f -> jsonUnits(f._1(), f._2()))
                        .rdd(), Encoders.javaSerialization(Unit.class));
        Dataset<Unit> kept = units.persist(StorageLevel.DISK_ONLY());
        try {
            long patientsIn = kept.count();
            return write(spark, patientsIn, kept.mapPartitions((MapPartitionsFunction<Unit, Row>) it -> assess(it),
                    Encoders.row(ROW_SCHEMA)), spark.createDataFrame(List.of(), ISSUE_SCHEMA), output);
        } finally {
            kept.unpersist();
        }
    }

    /** Writes the rows and the issues, then checks that the rows written are the patients counted in. */
    private static Summary write(SparkSession spark, long patientsIn, Dataset<Row> rows, Dataset<Row> issues,
                                 String output) {
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
        return new Summary(patientsIn, rowsOut, errorRows, issueCount);
    }

    /**
     * The patient row (file, line, Bundle with the referenced Medications) and the orphan, duplicate and unresolved
     * reference markers of one patient id's lines, as {@code BulkFhirReader} groups them. Each row is (kind:
     * patient, orphan, duplicate or unresolved; pid; file; line; the patient's Bundle or the issue's reason).
     */
    private static Iterator<Row> group(String pid, Iterator<Row> rows, Map<String, Long> base,
                                       MedicationIndex index) {
        List<Row> patients = new ArrayList<>();
        List<Row> resources = new ArrayList<>();
        rows.forEachRemaining(r -> ("patient".equals(r.getString(0)) ? patients : resources).add(r));
        java.util.Comparator<Row> order = java.util.Comparator.<Row, String>comparing(r -> r.getString(4))
                .thenComparingLong(r -> r.getLong(5)).thenComparingLong(r -> r.getLong(6));
        List<Row> out = new ArrayList<>();
        if (patients.isEmpty()) {
            for (Row r : resources) {
                out.add(RowFactory.create("orphan", pid, shortName(r.getString(4)), lineNo(base, r),
                        "names a patient with no Patient resource in the input"));
            }
            return out.iterator();
        }
        patients.sort(order);
        for (int i = 1; i < patients.size(); i++) {
            out.add(RowFactory.create("duplicate", pid, shortName(patients.get(i).getString(4)),
                    lineNo(base, patients.get(i)), "a Patient with this id appears earlier; this one is not used"));
        }
        resources.sort(order);
        List<String> texts = new ArrayList<>();
        texts.add(patients.get(0).getString(7));
        List<String> medications = new ArrayList<>();
        java.util.Set<String> joined = new java.util.HashSet<>();
        for (Row r : resources) {
            texts.add(r.getString(7));
            String ref = r.getString(8);
            if (ref != null) {
                String id = MedicationIndex.medicationId(ref);
                String med = index.resource(id);
                if (med == null) {
                    out.add(RowFactory.create("unresolved", pid, shortName(r.getString(4)), lineNo(base, r),
                            index.unresolved(id != null)));
                } else if (joined.add(id)) {
                    medications.add(med);
                }
            }
        }
        Row p = patients.get(0);
        String file = shortName(p.getString(4));
        long line = lineNo(base, p);
        out.add(RowFactory.create("patient", pid, file, line,
                new PatientRecords(pid, file, line, texts, medications).bundleJson()));
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
        List<Row> out = new ArrayList<>();
        while (units.hasNext()) {
            out.add(assessOne(units.next(), engine, codec));
        }
        return out.iterator();
    }

    /** One unit's result row ({@link #ROW_SCHEMA}); {@code codec} reads library-JSON units (null for Bundles). */
    private Row assessOne(Unit u, TrdEngine engine, JsonCodec codec) {
        String rowJson;
        if (u.errorCode != null) {
            rowJson = "{\"format\":\"" + ScreenRows.FORMAT + "\",\"patientId\":null,\"source\":"
                    + M.valueToTree(u.source) + ",\"error\":{\"code\":" + M.valueToTree(u.errorCode)
                    + ",\"message\":" + M.valueToTree(u.errorMessage) + "}}";
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
        return toRow(M, rowJson);
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
     * [--format ndjson|json] [--evaluation-date YYYY-MM-DD] [--eligibility] [--medication-index-mb N]}.
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
                    + " [--evaluation-date YYYY-MM-DD] [--eligibility] [--medication-index-mb N]");
            System.exit(2);
        }
        LocalDate date = a.containsKey("--evaluation-date") ? LocalDate.parse(a.get("--evaluation-date"))
                : LocalDate.now();
        SparkSession spark = SparkSession.builder().appName("trd-rules screen").getOrCreate();
        try {
            SparkScreen job = new SparkScreen(date, a.containsKey("--eligibility"));
            if (a.containsKey("--medication-index-mb")) {
                job = job.withMedicationIndexBytes(Long.parseLong(a.get("--medication-index-mb")) * 1024L * 1024L);
            }
            Summary s = "json".equals(a.get("--format")) ? job.runJson(spark, a.get("--input"), a.get("--output"))
                    : job.runNdjson(spark, a.get("--input"), a.get("--output"));
            System.err.println("trd-rules spark screen: " + s.patientsIn() + " patients in, " + s.rowsOut()
                    + " rows out (" + s.errorRows() + " error rows), " + s.issues() + " input lines reported");
        } finally {
            spark.stop();
        }
    }
}
