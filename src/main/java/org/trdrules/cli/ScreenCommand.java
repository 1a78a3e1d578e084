package org.trdrules.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.trdrules.ErrorCode;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.TrdInputException;
import org.trdrules.bulk.BulkFhirReader;
import org.trdrules.bulk.BulkIssue;
import org.trdrules.bulk.ScreenRows;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.Patient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trd-rules screen --input DIR --output FILE.ndjson}: population screening. Reads bulk FHIR NDJSON (or a
 * directory of the library's patient JSON, or of FHIR Bundles), assesses every patient on a pool of workers (one
 * engine shared by all, one worker per core) and writes one row per patient, in input order
 * ({@link ScreenRows}); unusable input lines go to a report file. Rows out = patients in, checked at the end.
 * Not for concurrent use.
 */
@Command(name = "screen", mixinStandardHelpOptions = true, versionProvider = TrdCli.Version.class,
        description = {"Screen a population: one NDJSON row per patient (verdicts, stages, option counts, safety,"
                + " risk total, or a typed error).",
                "Input: a directory of FHIR Bulk Data NDJSON files, of the library's patient JSON, or of FHIR"
                        + " Bundles. Unusable lines (file:line) go to the report file; shared resources the rules do"
                        + " not read (Practitioner, Organization, ...) are listed there as informational."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success: every patient assessed, no report line (informational lines aside)",
                TrdCli.EXIT_INTERNAL,
                "2:usage error: unknown option, bad value, missing --input or --output",
                "3:some patient has an error row, or some input line is reported as unusable",
                "4:the input cannot be read or the output cannot be written"})
final class ScreenCommand implements Callable<Integer> {

    static final int EXIT_IO = 4;

    /** Input kinds. */
    enum InputFormat { auto, ndjson, json, fhir_bundle }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, description = "input directory (or one NDJSON file)")
    Path input;

    @Option(names = "--output", required = true, description = "output file, one JSON row per patient")
    Path output;

    @Option(names = "--report", description = "report file for unusable input lines (default: OUTPUT with"
            + " .report.ndjson)")
    Path report;

    @Option(names = "--input-format", defaultValue = "auto", converter = InputFormatConverter.class,
            description = "auto, ndjson, json or fhir-bundle (default: ${DEFAULT-VALUE})")
    InputFormat inputFormat;

    @Option(names = "--eligibility", arity = "0..1", defaultValue = "false", fallbackValue = "true",
            description = "also assess treatment-option eligibility (default: ${DEFAULT-VALUE}; roughly doubles"
                    + " the cost)")
    boolean eligibility;

    @Option(names = "--threads", description = "workers (default: one per core)")
    Integer threads;

    @Option(names = "--evaluation-date", description = "date to judge the histories at (default: today)")
    LocalDate evaluationDate;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Option(names = "--medication-index-mb", defaultValue = "32", description = "bound of the index of bulk"
            + " Medication resources, in MiB (default: ${DEFAULT-VALUE}); Medications beyond it are reported")
    int medicationIndexMb;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        if (medicationIndexMb < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--medication-index-mb must be at least 1");
        }
        if (!Files.exists(input)) {
            err.println("trd-rules screen: " + ErrorCode.FILE_UNREADABLE.message("the input does not exist"));
            err.flush();
            return EXIT_IO;
        }
        InputFormat kind = inputFormat == InputFormat.auto ? detect(input) : inputFormat;
        TrdEngine engine = TrdEngine.builder()
                .config(TrdConfig.defaults().withEligibility(eligibility))
                .evaluationDate(evaluationDate != null ? evaluationDate : LocalDate.now())
                .build();
        Path reportFile = report != null ? report : Path.of(output.toString().replaceFirst("(\\.ndjson)?$",
                ".report.ndjson"));
        Pipeline pipe;
        try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
             BufferedWriter rep = Files.newBufferedWriter(reportFile, StandardCharsets.UTF_8)) {
            boolean terminal = !quiet && TrdCli.stderrIsTerminal.getAsBoolean();
            pipe = new Pipeline(engine, eligibility, workers, out, rep, err, terminal);
            pipe.medicationIndexBytes = medicationIndexMb * 1024L * 1024L;
            pipe.start();
            try {
                switch (kind) {
                    case ndjson -> pipe.ndjson(input);
                    case json -> pipe.jsonFiles(input);
                    default -> pipe.bundles(input);
                }
            } finally {
                pipe.finish();
            }
        } catch (IOException e) {
            err.println("trd-rules screen: cannot read the input or write the output (" + e.getClass().getSimpleName()
                    + ")");
            err.flush();
            return EXIT_IO;
        }
        if (pipe.rowsOut.get() != pipe.patientsIn.get()) {
            err.println("trd-rules screen: internal error (rows out " + pipe.rowsOut.get() + " != patients in "
                    + pipe.patientsIn.get() + ")");
            err.flush();
            return TrdCli.INTERNAL_ERROR;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        err.println(String.format(Locale.ROOT, "trd-rules screen: %d patients in, %d rows out (%d assessed, %d"
                        + " errors), %d report lines (%d informational); %.1f s, %.0f patients/s, %d workers, peak"
                        + " heap %d MB",
                pipe.patientsIn.get(), pipe.rowsOut.get(), pipe.rowsOut.get() - pipe.errors.get(), pipe.errors.get(),
                pipe.issues.get() + pipe.informational.get(), pipe.informational.get(), secs, pipe.patientsIn.get() / Math.max(secs, 1e-9), workers, peakHeapMb()));
        err.flush();
        return pipe.errors.get() == 0 && pipe.issues.get() == 0 ? 0 : TrdCli.PARTIAL_FAILURE;
    }

    /** NDJSON files present: ndjson; else JSON files whose text starts a Bundle: fhir-bundle; else json. */
    static InputFormat detect(Path in) throws IOException {
        if (Files.isRegularFile(in)) {
            return in.toString().endsWith(".ndjson") ? InputFormat.ndjson : sniff(in);
        }
        List<Path> files;
        try (var s = Files.list(in)) {
            files = s.sorted().toList();
        }
        if (files.stream().anyMatch(f -> f.toString().endsWith(".ndjson"))) {
            return InputFormat.ndjson;
        }
        for (Path f : files) {
            if (f.toString().endsWith(".json") && !f.getFileName().toString().equals("manifest.json")) {
                return sniff(f);
            }
        }
        return InputFormat.json;
    }

    private static InputFormat sniff(Path f) throws IOException {
        char[] head = new char[512];
        int n;
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            n = Math.max(0, r.read(head));
        }
        String s = new String(head, 0, n).replaceAll("\\s", "");
        return s.startsWith("{") && s.contains("\"resourceType\":\"Bundle\"") ? InputFormat.fhir_bundle
                : InputFormat.json;
    }

    static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
            if (m.getType() == MemoryType.HEAP && m.getPeakUsage() != null) {
                peak += m.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    /**
     * Reader (the calling thread) → bounded queue → workers → reorder buffer → one writer thread. At most
     * {@link #IN_FLIGHT} patients are between the reader and the output at once, so memory stays bounded.
     */
    static final class Pipeline {
        static final int IN_FLIGHT = 1024;
        private static final Task END = new Task(-1, null, null, null, null);

        /** One patient to assess: a Bundle, a read patient or a failure to write as a row. */
        record Task(long seq, String source, String bundle, Patient patient, RuntimeException failure) {}

        private final TrdEngine engine;
        private final boolean eligibility;
        private final FhirPatientReader fhir = FhirPatientReader.create();
        private final JsonCodec codec = new JsonCodec();
        private final BlockingQueue<Task> tasks = new ArrayBlockingQueue<>(256);
        private final Map<Long, String> done = new TreeMap<>();
        private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
        private final Thread[] workers;
        private final Thread writer;
        private final BufferedWriter out;
        private final BufferedWriter report;
        private final PrintWriter err;
        private final boolean terminal;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong patientsIn = new AtomicLong();
        final AtomicLong rowsOut = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        /** Report lines that are not informational. */
        final AtomicLong issues = new AtomicLong();
        final AtomicLong informational = new AtomicLong();
        long medicationIndexBytes = org.trdrules.bulk.MedicationIndex.DEFAULT_MAX_BYTES;
        private volatile long total = -1;
        private volatile boolean inputDone;
        private long next;

        Pipeline(TrdEngine engine, boolean eligibility, int n, BufferedWriter out, BufferedWriter report,
                 PrintWriter err, boolean terminal) {
            this.engine = engine;
            this.eligibility = eligibility;
            this.out = out;
            this.report = report;
            this.err = err;
            this.terminal = terminal;
            this.workers = new Thread[n];
            for (int i = 0; i < n; i++) {
                workers[i] = new Thread(this::work, "trd-screen-" + i);
                workers[i].setDaemon(true);
            }
            writer = new Thread(this::write, "trd-screen-writer");
            writer.setDaemon(true);
        }

        void start() {
            for (Thread t : workers) {
                t.start();
            }
            writer.start();
        }

        void ndjson(Path in) throws IOException {
            BulkFhirReader.create().withMedicationIndexBytes(medicationIndexBytes).read(in, p -> submit(p.file() + ":" + p.line(), p.bundleJson(), null, null),
                    this::issue, n -> total = n);
        }

        void jsonFiles(Path in) throws IOException {
            for (Path f : files(in, ".json")) {
                String name = f.getFileName().toString();
                List<JsonCodec.ReadResult> read;
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    read = codec.readPatients(r);
                } catch (TrdInputException e) {
                    issue(new BulkIssue(e.code(), name, 1, "file not readable as patient JSON"));
                    continue;
                } catch (IOException e) {
                    issue(new BulkIssue(ErrorCode.FILE_UNREADABLE, name, 1, "file cannot be read"));
                    continue;
                }
                for (JsonCodec.ReadResult rr : read) {
                    String source = name + "#" + rr.index();
                    if (rr.error() != null) {
                        submit(source, null, null, rr.error());
                    } else {
                        submit(source, null, rr.patient(), null);
                    }
                }
            }
        }

        void bundles(Path in) throws IOException {
            for (Path f : files(in, ".json")) {
                String text;
                try {
                    text = Files.readString(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    issue(new BulkIssue(ErrorCode.FILE_UNREADABLE, f.getFileName().toString(), 1,
                            "file cannot be read"));
                    continue;
                }
                submit(f.getFileName().toString(), text, null, null);
            }
        }

        private static List<Path> files(Path in, String ext) throws IOException {
            if (Files.isRegularFile(in)) {
                return List.of(in);
            }
            try (var s = Files.list(in)) {
                return s.filter(f -> f.toString().endsWith(ext) && Files.isRegularFile(f)
                        && !f.getFileName().toString().equals("manifest.json")).sorted().toList();
            }
        }

        private void submit(String source, String bundle, Patient patient, RuntimeException failure) {
            rethrow();
            try {
                inFlight.acquire();
                tasks.put(new Task(patientsIn.getAndIncrement(), source, bundle, patient, failure));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("interrupted"), e);
            }
        }

        private synchronized void issue(BulkIssue i) {
            try {
                report.write(ScreenRows.issue(i));
                report.write('\n');
                (i.informational() ? informational : issues).incrementAndGet();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void work() {
            try {
                while (true) {
                    Task t = tasks.take();
                    if (t == END) {
                        return;
                    }
                    String row = assess(t);
                    synchronized (done) {
                        done.put(t.seq(), row);
                        done.notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                synchronized (done) {
                    done.notifyAll();
                }
            }
        }

        /** One row; any input problem becomes a typed error row, never an exception. */
        private String assess(Task t) {
            String id = t.patient() != null ? t.patient().id() : null;
            if (t.failure() != null) {
                errors.incrementAndGet();
                return ScreenRows.error(t.source(), null, t.failure());
            }
            try {
                Patient p = t.patient();
                if (p == null) {
                    p = fhir.read(t.bundle(), engine.evaluationDate()).patient();
                    id = p.id();
                }
                return ScreenRows.row(t.source(), engine.assess(p), eligibility);
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                return ScreenRows.error(t.source(), id, e);
            }
        }

        private Progress bar;

        /** The progress bar, started on a terminal once the total is known (after pass 1) or a row is written. */
        private void maybeStartBar() {
            if (bar == null && terminal && (total >= 0 || rowsOut.get() > 0)) {
                bar = Progress.start(err, total >= 0 ? total : -1);
            }
        }

        private void write() {
            try {
                while (true) {
                    String row;
                    synchronized (done) {
                        while (!done.containsKey(next) && !(inputDone && next == patientsIn.get())
                                && failure.get() == null) {
                            done.wait(200);
                            maybeStartBar();
                        }
                        if (failure.get() != null) {
                            return;
                        }
                        row = done.remove(next);
                        if (row == null) {
                            return; // input done and every row written
                        }
                    }
                    out.write(row);
                    out.write('\n');
                    next++;
                    rowsOut.incrementAndGet();
                    inFlight.release();
                    maybeStartBar();
                    if (bar != null) {
                        bar.step();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
        }

        void finish() throws IOException {
            inputDone = true;
            try {
                for (int i = 0; i < workers.length; i++) {
                    tasks.put(END);
                }
                synchronized (done) {
                    done.notifyAll();
                }
                for (Thread t : workers) {
                    t.join();
                }
                synchronized (done) {
                    done.notifyAll();
                }
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            rethrow();
        }

        private void rethrow() {
            Throwable t = failure.get();
            if (t instanceof IOException io) {
                throw new java.io.UncheckedIOException(io);
            } else if (t instanceof RuntimeException r) {
                throw r;
            } else if (t instanceof Error e) {
                throw e;
            } else if (t != null) {
                throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("screen worker failed"), t);
            }
        }

    }

    /** Accepts {@code fhir-bundle} as well as {@code fhir_bundle}. */
    static final class InputFormatConverter implements CommandLine.ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(String value) {
            try {
                return InputFormat.valueOf(value.trim().toLowerCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected auto, ndjson, json or fhir-bundle");
            }
        }
    }
}
