package org.trdrules.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.trdrules.ErrorCode;

/**
 * Reads FHIR Bulk Data NDJSON ({@code *.ndjson} files of a directory, one resource per line, any resource types)
 * and hands on each patient's resources together, in bounded memory.
 *
 * <p>Pass 1 streams every file line by line, reads only each resource's type, id and patient reference
 * ({@code subject} or {@code patient}, compared as {@code Patient/id} whatever the base URL or version) and writes
 * it to one of K bucket files by a hash of the patient id, K chosen so that a bucket holds about
 * {@link #bucketBytes()} bytes. Pass 2 reads one bucket at a time, groups it per patient and hands on every
 * patient that has a Patient resource. Heap use is therefore bounded by one bucket, whatever the input size; an
 * input smaller than one bucket is grouped in memory without temporary files.
 *
 * <p>Medication resources are not patient-scoped: pass 1 puts them into a bounded {@link MedicationIndex} (by id) and
 * reads each resource's top-level {@code medicationReference}; pass 2 adds the Medications a patient's resources
 * reference to that patient ({@link PatientRecords#medications()}), so that {@code FhirPatientReader} resolves them
 * as it resolves a Bundle's own Medication entries. A reference that names no indexed Medication is reported
 * ({@link ErrorCode#BULK_REFERENCE_UNRESOLVED}, file:line of the referencing resource) and the resource handed on
 * unchanged: the FHIR reader then treats it as it treats an unresolved reference in a Bundle. Shared resources the
 * rules do not read (Practitioner, PractitionerRole, Organization, Location, HealthcareService, Endpoint) are reported
 * as {@link ErrorCode#BULK_NOT_USED}, informational.
 *
 * <p>Nothing is lost silently: an unreadable line, a resource naming no patient or a patient with no Patient
 * resource, a duplicate Patient and a Medication that was not indexed each become a {@link BulkIssue} with its file
 * and line. The counts satisfy {@code patient lines = patients + duplicates}, {@code resource lines = used +
 * orphaned} and {@code Medication lines = indexed + not indexed}, checked before {@link #read} returns.
 *
 * <p>Immutable and thread-safe; {@link #read} may run concurrently on different inputs (each uses its own
 * temporary directory). The consumers are called on the calling thread.
 */
public final class BulkFhirReader {

    /** Default bucket size: 32 MiB of NDJSON per bucket held in memory at once. */
    public static final long DEFAULT_BUCKET_BYTES = 32L * 1024 * 1024;
    /** Longest line read; a longer one is reported (TRD-BULK-001) and skipped. */
    public static final int MAX_LINE_CHARS = 16 * 1024 * 1024;
    /** Most buckets (bounds open files). */
    static final int MAX_BUCKETS = 4096;
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** Shared resources without patient data the rules read: reported as not used (informational). */
    static final java.util.Set<String> NOT_USED_TYPES = java.util.Set.of("Practitioner", "PractitionerRole",
            "Organization", "Location", "HealthcareService", "Endpoint");

    private final long bucketBytes;
    private final long medicationIndexBytes;
    private final Path workDirectory;
    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100)
                    .maxDocumentLength(MAX_LINE_CHARS).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private BulkFhirReader(long bucketBytes, long medicationIndexBytes, Path workDirectory) {
        this.bucketBytes = bucketBytes;
        this.medicationIndexBytes = medicationIndexBytes;
        this.workDirectory = workDirectory;
    }

    /**
     * A reader with 32 MiB buckets in the system's temporary directory and a Medication index of at most
     * {@link MedicationIndex#DEFAULT_MAX_BYTES}.
     */
    public static BulkFhirReader create() {
        return new BulkFhirReader(DEFAULT_BUCKET_BYTES, MedicationIndex.DEFAULT_MAX_BYTES, null);
    }

    /**
     * The same reader with a Medication index of at most about {@code bytes} (at least 1); a Medication beyond it is
     * reported ({@code TRD-BULK-005}) and references to it are unresolved ({@code TRD-BULK-004}).
     */
    public BulkFhirReader withMedicationIndexBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message(
                    "medication index bytes must be at least 1"));
        }
        return new BulkFhirReader(bucketBytes, bytes, workDirectory);
    }

    /** The Medication index bound in bytes. */
    public long medicationIndexBytes() {
        return medicationIndexBytes;
    }

    /** The same reader with buckets of about {@code bytes} (at least 1). */
    public BulkFhirReader withBucketBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message("bucket bytes must be at least 1"));
        }
        return new BulkFhirReader(bytes, medicationIndexBytes, workDirectory);
    }

    /** The same reader with its temporary bucket files under {@code dir}. */
    public BulkFhirReader withWorkDirectory(Path dir) {
        return new BulkFhirReader(bucketBytes, medicationIndexBytes, Objects.requireNonNull(dir, "dir"));
    }

    /** The bucket size in bytes. */
    public long bucketBytes() {
        return bucketBytes;
    }

    /**
     * What one read found.
     *
     * @param files         NDJSON files read
     * @param lines         non-blank lines read
     * @param patients      patients handed on
     * @param resources     resources handed on with their patient (Patient resources included)
     * @param issues        issues reported (informational ones included)
     * @param buckets       buckets used (1 = grouped in memory)
     * @param medications   Medication resources indexed
     */
    public record Result(int files, long lines, long patients, long resources, long issues, int buckets,
                         long medications) {}

    /**
     * Reads every {@code *.ndjson} file of {@code dir} (in name order). Each patient goes to {@code patients},
     * each problem line to {@code issues}. Throws {@link IOException} only when a file or the temporary directory
     * cannot be read or written.
     */
    public Result read(Path dir, Consumer<PatientRecords> patients, Consumer<BulkIssue> issues) throws IOException {
        return read(dir, patients, issues, n -> { });
    }

    /**
     * As {@link #read(Path, Consumer, Consumer)}, telling {@code patientLines} how many Patient lines pass 1 found
     * (the patients to come, duplicates included) before the first patient is handed on.
     */
    public Result read(Path dir, Consumer<PatientRecords> patients, Consumer<BulkIssue> issues,
                       java.util.function.LongConsumer patientLines) throws IOException {
        List<Path> files = ndjsonFiles(dir);
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        int k = (int) Math.min(MAX_BUCKETS, Math.max(1, (total + bucketBytes - 1) / bucketBytes));
        Counter count = new Counter(issues);
        MedicationIndex index = new MedicationIndex(medicationIndexBytes);
        Path tmp = null;
        try {
            Sink sink;
            if (k == 1) {
                sink = new MemorySink();
            } else {
                tmp = workDirectory == null ? Files.createTempDirectory("trd-bulk")
                        : Files.createTempDirectory(Files.createDirectories(workDirectory), "trd-bulk");
                sink = new FileSink(tmp, k);
            }
            for (int i = 0; i < files.size(); i++) {
                partition(files.get(i), i, sink, count, index);
            }
            sink.finish();
            patientLines.accept(count.patientLines);
            List<String> names = files.stream().map(f -> f.getFileName().toString()).toList();
            for (int b = 0; b < k; b++) {
                group(sink.bucket(b), names, patients, count, index);
            }
        } finally {
            if (tmp != null) {
                deleteAll(tmp);
            }
        }
        // every line is accounted for: handed on with a patient, or reported
        if (count.patientLines != count.patients + count.duplicates
                || count.resourceLines != count.usedResources + count.orphans
                || count.medicationLines != index.size() + count.medicationsNotIndexed) {
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("bulk reading lost lines"));
        }
        return new Result(files.size(), count.lines, count.patients, count.patients + count.usedResources,
                count.issues, k, index.size());
    }

    /** The NDJSON files of a directory in name order; a single file is read on its own. */
    static List<Path> ndjsonFiles(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".ndjson") && Files.isRegularFile(f))
                    .sorted().toList();
        }
    }

    // ------------------------------------------------------------------ pass 1

    /**
     * One routed line: where it came from, whose it is, the reference of its {@code medicationReference} (null when
     * none or contained) and the resource text.
     */
    record Line(int file, long line, String patientId, boolean patient, String medication, String json) {}

    private void partition(Path f, int fileIndex, Sink sink, Counter count, MedicationIndex index)
            throws IOException {
        String name = f.getFileName().toString();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (Reader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(f), decoder), 1 << 16)) {
            LineReader lines = new LineReader(r);
            String line;
            while ((line = lines.next()) != null) {
                long no = lines.number();
                if (lines.tooLong()) {
                    count.issue(new BulkIssue(ErrorCode.BULK_LINE_UNREADABLE, name, no, "line longer than "
                            + MAX_LINE_CHARS + " characters"));
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                count.lines++;
                if (line.indexOf('\uFFFD') >= 0) {
                    count.issue(new BulkIssue(ErrorCode.BULK_LINE_UNREADABLE, name, no, "not UTF-8 text"));
                    continue;
                }
                Head h;
                try {
                    h = head(line);
                } catch (IOException | RuntimeException e) {
                    count.issue(new BulkIssue(ErrorCode.BULK_LINE_UNREADABLE, name, no, "malformed JSON"));
                    continue;
                }
                if (h.shared) {
                    if ("Medication".equals(h.type)) {
                        count.medicationLines++;
                        String why = index.add(line);
                        if (why != null) {
                            count.medicationsNotIndexed++;
                            count.issue(new BulkIssue(ErrorCode.BULK_MEDICATION_NOT_INDEXED, name, no, why));
                        }
                    } else {
                        count.issue(new BulkIssue(ErrorCode.BULK_NOT_USED, name, no, notUsed(h.type)));
                    }
                    continue;
                }
                if (h.error != null) {
                    count.issue(new BulkIssue(h.patient ? ErrorCode.BULK_LINE_UNREADABLE : ErrorCode.BULK_ORPHAN,
                            name, no, h.error));
                    if (h.patient) {
                        continue;
                    }
                    count.resourceLines++;
                    count.orphans++;
                    continue;
                }
                if (h.patient) {
                    count.patientLines++;
                } else {
                    count.resourceLines++;
                }
                sink.add(Math.floorMod(h.patientId.hashCode(), sink.buckets()),
                        new Line(fileIndex, no, h.patientId, h.patient, h.medication, line.strip()));
            }
        }
    }

    /** The type, id and patient of one resource, or what is wrong with it. */
    private static final class Head {
        String type;
        String id;
        String reference;
        boolean patient;
        String patientId;
        String error;
        /** Medication, or a shared resource type the rules do not read. */
        boolean shared;
        /** The top-level medicationReference.reference, unless contained ({@code #id}). */
        String medication;
    }

    /** The reason of a {@link ErrorCode#BULK_NOT_USED} line. */
    static String notUsed(String type) {
        return type + " is not used by the rules (a shared resource with nothing the rules read); listed so every"
                + " line is accounted for, not an error";
    }

    /** Reads the top-level {@code resourceType}, {@code id}, {@code subject.reference}, {@code patient.reference}. */
    private Head head(String line) throws IOException {
        Head h = new Head();
        try (JsonParser p = json.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            String subject = null;
            String patientRef = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if ("resourceType".equals(field) && t == JsonToken.VALUE_STRING) {
                    h.type = p.getText();
                } else if ("id".equals(field) && t == JsonToken.VALUE_STRING) {
                    h.id = p.getText();
                } else if (("subject".equals(field) || "patient".equals(field) || "medicationReference".equals(field))
                        && t == JsonToken.START_OBJECT) {
                    String ref = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        if ("reference".equals(f) && v == JsonToken.VALUE_STRING) {
                            ref = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                    if ("subject".equals(field)) {
                        subject = ref;
                    } else if ("patient".equals(field)) {
                        patientRef = ref;
                    } else if (ref != null && !ref.startsWith("#")) {
                        h.medication = ref;
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IOException("trailing content");
            }
            h.reference = subject != null ? subject : patientRef;
        }
        if (h.type == null) {
            h.patient = true; // nothing to attach it to: unreadable, not an orphan
            h.error = "no resourceType";
            return h;
        }
        if ("Medication".equals(h.type) || NOT_USED_TYPES.contains(h.type)) {
            h.shared = true;
            return h;
        }
        if ("Patient".equals(h.type)) {
            h.patient = true;
            if (h.id == null || !FHIR_ID.matcher(h.id).matches()) {
                h.error = "Patient without a valid id";
            }
            h.patientId = h.id;
            return h;
        }
        if (h.reference == null) {
            h.error = h.type + " names no patient (no subject or patient reference)";
            return h;
        }
        String id = patientId(h.reference);
        if (id == null) {
            h.error = h.type + " patient reference is not of the form Patient/id";
            return h;
        }
        h.patientId = id;
        return h;
    }

    /**
     * Where one NDJSON line belongs, as pass 1 decides it (for distributed readers that group lines themselves):
     * the patient id and whether the line is that Patient resource, or the issue code and reason when the line
     * cannot be used.
     *
     * @param patientId           the patient the line belongs to; null when {@code issue} is set or for a Medication
     * @param patient             true for the Patient resource itself
     * @param issue               why the line cannot be used, or null ({@link ErrorCode#BULK_NOT_USED} is
     *                            informational)
     * @param reason              the issue's reason (structural, no values), or null
     * @param medication          true for a Medication resource (to index with {@link MedicationIndex#add})
     * @param medicationReference the line's {@code medicationReference.reference} (not contained), or null
     */
    public record Route(String patientId, boolean patient, ErrorCode issue, String reason, boolean medication,
                        String medicationReference) {}

    /** Routes one NDJSON line (see {@link Route}); never throws for bad input. */
    public Route route(String line) {
        if (line == null || line.isBlank()) {
            return new Route(null, false, ErrorCode.BULK_LINE_UNREADABLE, "blank line", false, null);
        }
        if (line.length() > MAX_LINE_CHARS) {
            return new Route(null, false, ErrorCode.BULK_LINE_UNREADABLE, "line longer than " + MAX_LINE_CHARS
                    + " characters", false, null);
        }
        Head h;
        try {
            h = head(line);
        } catch (IOException | RuntimeException e) {
            return new Route(null, false, ErrorCode.BULK_LINE_UNREADABLE, "malformed JSON", false, null);
        }
        if (line.indexOf('\uFFFD') >= 0) {
            return new Route(null, false, ErrorCode.BULK_LINE_UNREADABLE, "not UTF-8 text", false, null);
        }
        if (h.shared) {
            return "Medication".equals(h.type) ? new Route(null, false, null, null, true, null)
                    : new Route(null, false, ErrorCode.BULK_NOT_USED, notUsed(h.type), false, null);
        }
        if (h.error != null) {
            return new Route(null, h.patient, h.patient ? ErrorCode.BULK_LINE_UNREADABLE : ErrorCode.BULK_ORPHAN,
                    h.error, false, null);
        }
        return new Route(h.patientId, h.patient, null, null, false, h.medication);
    }

    /** The id of a {@code Patient/id} reference (relative, absolute or versioned), or null. */
    static String patientId(String reference) {
        return referenceId("Patient", reference);
    }

    /** The id of a {@code Type/id} reference (relative, absolute or versioned), or null. */
    static String referenceId(String type, String reference) {
        if (reference == null) {
            return null;
        }
        String prefix = type + "/";
        int at = reference.lastIndexOf(prefix);
        if (at < 0 || at > 0 && reference.charAt(at - 1) != '/') {
            return null;
        }
        String rest = reference.substring(at + prefix.length());
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String tail = rest.substring(slash);
            if (!tail.startsWith("/_history/")) {
                return null;
            }
            rest = rest.substring(0, slash);
        }
        return FHIR_ID.matcher(rest).matches() ? rest : null;
    }

    // ------------------------------------------------------------------ pass 2

    private static void group(Iterable<Line> bucket, List<String> names, Consumer<PatientRecords> out,
                              Counter count, MedicationIndex index) {
        Map<String, List<Line>> byPatient = new LinkedHashMap<>();
        Map<String, Line> patientLine = new LinkedHashMap<>();
        for (Line l : bucket) {
            if (l.patient()) {
                Line first = patientLine.get(l.patientId());
                if (first == null || before(l, first)) {
                    if (first != null) {
                        duplicate(first, names, count);
                    }
                    patientLine.put(l.patientId(), l);
                } else {
                    duplicate(l, names, count);
                }
            } else {
                byPatient.computeIfAbsent(l.patientId(), x -> new ArrayList<>()).add(l);
            }
        }
        for (Map.Entry<String, List<Line>> e : byPatient.entrySet()) {
            if (!patientLine.containsKey(e.getKey())) {
                for (Line l : e.getValue()) {
                    count.orphans++;
                    count.issue(new BulkIssue(ErrorCode.BULK_ORPHAN, names.get(l.file()), l.line(),
                            "names a patient with no Patient resource in the input"));
                }
            }
        }
        List<Line> ordered = new ArrayList<>(patientLine.values());
        ordered.sort(Comparator.comparingInt(Line::file).thenComparingLong(Line::line));
        for (Line p : ordered) {
            List<Line> rs = new ArrayList<>(byPatient.getOrDefault(p.patientId(), List.of()));
            rs.sort(Comparator.comparingInt(Line::file).thenComparingLong(Line::line));
            List<String> texts = new ArrayList<>(rs.size() + 1);
            texts.add(p.json());
            List<String> medications = new ArrayList<>(0);
            java.util.Set<String> joined = new java.util.HashSet<>();
            for (Line l : rs) {
                texts.add(l.json());
                if (l.medication() != null) {
                    String id = MedicationIndex.medicationId(l.medication());
                    String med = index.resource(id);
                    if (med == null) {
                        count.issue(new BulkIssue(ErrorCode.BULK_REFERENCE_UNRESOLVED, names.get(l.file()), l.line(),
                                index.unresolved(id != null)));
                    } else if (joined.add(id)) {
                        medications.add(med);
                    }
                }
            }
            count.patients++;
            count.usedResources += rs.size();
            out.accept(new PatientRecords(p.patientId(), names.get(p.file()), p.line(), texts, medications));
        }
    }

    private static boolean before(Line a, Line b) {
        return a.file() < b.file() || a.file() == b.file() && a.line() < b.line();
    }

    private static void duplicate(Line l, List<String> names, Counter count) {
        count.duplicates++;
        count.issue(new BulkIssue(ErrorCode.BULK_DUPLICATE_PATIENT, names.get(l.file()), l.line(),
                "a Patient with this id appears earlier; this one is not used"));
    }

    // ------------------------------------------------------------------ buckets

    private interface Sink {
        int buckets();

        void add(int bucket, Line line) throws IOException;

        void finish() throws IOException;

        Iterable<Line> bucket(int b) throws IOException;
    }

    private static final class MemorySink implements Sink {
        private final List<Line> lines = new ArrayList<>();

        @Override
        public int buckets() {
            return 1;
        }

        @Override
        public void add(int bucket, Line line) {
            lines.add(line);
        }

        @Override
        public void finish() {}

        @Override
        public Iterable<Line> bucket(int b) {
            return lines;
        }
    }

    /** Bucket files of lines {@code file \t line \t P|R \t patientId \t medicationReference \t json}. */
    private static final class FileSink implements Sink {
        private final Path dir;
        private final BufferedWriter[] writers;

        FileSink(Path dir, int k) throws IOException {
            this.dir = dir;
            this.writers = new BufferedWriter[k];
            for (int i = 0; i < k; i++) {
                writers[i] = Files.newBufferedWriter(file(i), StandardCharsets.UTF_8);
            }
        }

        private Path file(int i) {
            return dir.resolve("bucket-" + i + ".tsv");
        }

        @Override
        public int buckets() {
            return writers.length;
        }

        @Override
        public void add(int bucket, Line l) throws IOException {
            BufferedWriter w = writers[bucket];
            w.write(Integer.toString(l.file()));
            w.write('\t');
            w.write(Long.toString(l.line()));
            w.write('\t');
            w.write(l.patient() ? 'P' : 'R');
            w.write('\t');
            w.write(l.patientId());
            w.write('\t');
            if (l.medication() != null) {
                w.write(l.medication().replace('\t', ' ').replace('\n', ' ').replace('\r', ' '));
            }
            w.write('\t');
            w.write(l.json());
            w.write('\n');
        }

        @Override
        public void finish() throws IOException {
            for (BufferedWriter w : writers) {
                w.close();
            }
        }

        @Override
        public Iterable<Line> bucket(int b) throws IOException {
            List<Line> out = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(file(b), StandardCharsets.UTF_8)) {
                String s;
                while ((s = r.readLine()) != null) {
                    int t1 = s.indexOf('\t');
                    int t2 = s.indexOf('\t', t1 + 1);
                    int t3 = s.indexOf('\t', t2 + 1);
                    int t4 = s.indexOf('\t', t3 + 1);
                    int t5 = s.indexOf('\t', t4 + 1);
                    out.add(new Line(Integer.parseInt(s.substring(0, t1)), Long.parseLong(s.substring(t1 + 1, t2)),
                            s.substring(t3 + 1, t4), s.charAt(t2 + 1) == 'P', t5 == t4 + 1 ? null
                            : s.substring(t4 + 1, t5), s.substring(t5 + 1)));
                }
            }
            Files.delete(file(b));
            return out;
        }
    }

    private static void deleteAll(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a left-over temporary directory holds no more than the input did
        }
    }

    /** Counts, and the issue consumer. Not thread-safe: one read's. */
    private static final class Counter {
        final Consumer<BulkIssue> sink;
        long lines;
        long patientLines;
        long resourceLines;
        long patients;
        long duplicates;
        long usedResources;
        long orphans;
        long medicationLines;
        long medicationsNotIndexed;
        long issues;

        Counter(Consumer<BulkIssue> sink) {
            this.sink = sink;
        }

        void issue(BulkIssue i) {
            issues++;
            sink.accept(i);
        }
    }

    /** Lines of at most {@link #MAX_LINE_CHARS} characters, a longer one skipped and flagged. Not thread-safe. */
    static final class LineReader {
        private final Reader in;
        private final char[] buf = new char[1 << 16];
        private int pos;
        private int len;
        private long number;
        private boolean tooLong;
        private final StringBuilder line = new StringBuilder();

        LineReader(Reader in) {
            this.in = in;
        }

        /** The next line without its terminator, or null at the end. */
        String next() throws IOException {
            line.setLength(0);
            tooLong = false;
            boolean any = false;
            while (true) {
                if (pos == len) {
                    len = in.read(buf);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        if (!any) {
                            return null;
                        }
                        number++;
                        return done();
                    }
                }
                any = true;
                int start = pos;
                while (pos < len && buf[pos] != '\n') {
                    pos++;
                }
                if (!tooLong) {
                    if (line.length() + (pos - start) > MAX_LINE_CHARS) {
                        tooLong = true;
                        line.setLength(0);
                    } else {
                        line.append(buf, start, pos - start);
                    }
                }
                if (pos < len) {
                    pos++; // the newline
                    number++;
                    return done();
                }
            }
        }

        private String done() {
            int n = line.length();
            if (n > 0 && line.charAt(n - 1) == '\r') {
                line.setLength(n - 1);
            }
            return line.toString();
        }

        long number() {
            return number;
        }

        boolean tooLong() {
            return tooLong;
        }
    }
}
