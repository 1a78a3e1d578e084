package org.trdrules.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import org.trdrules.ErrorCode;
import org.trdrules.TrdEngine;
import org.trdrules.TrdInputException;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.fhir.FhirMapping;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.fhir.MappingNote;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.Patient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line: {@code trd-rules assess [--format table|json] FILE...}, {@code definitions}, {@code serve}. Exit codes:
 * 0 all assessed, 1 internal error (one line naming the exception type, never its message), 2 usage error, 3 some
 * file or patient not assessed. Not for concurrent use.
 */
@Command(name = "trd-rules", mixinStandardHelpOptions = true, versionProvider = TrdCli.Version.class,
        description = "Treatment-resistant depression decision support: competing definitions, explained.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {TrdCli.EXIT_OK, TrdCli.EXIT_INTERNAL, TrdCli.EXIT_USAGE, TrdCli.EXIT_PARTIAL},
        subcommands = {TrdCli.Assess.class, TrdCli.Definitions.class, TrdCli.Serve.class, GenerateCommand.class,
                ScreenCommand.class, Report.class})
public final class TrdCli {

    /** Exit code when some patients could not be assessed. */
    static final int PARTIAL_FAILURE = 3;
    /** Progress is shown on a terminal for more patients than this, or more files than {@link #PROGRESS_FILES}. */
    static final int PROGRESS_PATIENTS = 20;
    static final int PROGRESS_FILES = 2;

    /** Whether stderr is an interactive terminal. Replaced by tests only. */
    static java.util.function.BooleanSupplier stderrIsTerminal = TrdCli::stderrIsTerminal;

    /**
     * Whether stderr is a terminal: POSIX {@code test -t 2} on this process's own stderr (so {@code > out.json} still
     * shows progress, and {@code 2> log} does not), else, where that cannot run, Java's console (stdin and stdout a
     * terminal).
     */
    static boolean stderrIsTerminal() {
        try {
            Process p = new ProcessBuilder("test", "-t", "2").redirectInput(ProcessBuilder.Redirect.DISCARD.file())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                return p.exitValue() == 0;
            }
            p.destroy();
        } catch (IOException | RuntimeException e) {
            // no POSIX test command (Windows): fall back below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return System.console() != null;
    }

    /** Exit code of an internal error (a bug, or the machine ran out of something). */
    static final int INTERNAL_ERROR = 1;

    static final String EXIT_OK = "0:success: every file and patient assessed";
    static final String EXIT_INTERNAL = "1:internal error: one line naming the exception type (details withheld)";
    static final String EXIT_USAGE = "2:usage error: unknown option or subcommand, bad value, missing FILE";
    static final String EXIT_PARTIAL = "3:some file or patient not assessed: each has its own typed result";

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return execute(commandLine(out, err), args);
    }

    /** Executes a command line made by {@link #commandLine}; an Error also ends in one line and exit code 1. */
    static int execute(CommandLine cl, String[] args) {
        try {
            return cl.execute(args);
        } catch (Error e) {
            // picocli hands on Errors (out of memory, stack overflow): one line, like any internal error
            return internalError(cl.getErr(), cl.getCommandSpec().qualifiedName(), e);
        }
    }

    /** The command line with its streams and the one-line internal-error handler installed. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new TrdCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, c, parsed) -> internalError(err, c.getCommandSpec().qualifiedName(), e));
        return cl;
    }

    /**
     * One line on stderr naming the exception type, no stack trace and never the message: a message may carry
     * patient data (a value, an id, a date).
     */
    static int internalError(PrintWriter err, String command, Throwable e) {
        err.println(command + ": internal error (" + e.getClass().getName() + "); details are withheld because they"
                + " may contain patient data");
        err.flush();
        return INTERNAL_ERROR;
    }

    /** {@code trd-rules <version> (rules <rules version>)}, from resources the build filters. */
    static final class Version implements CommandLine.IVersionProvider {
        static final String CLI_VERSION_FILE = "/org/trdrules/cli/trd-cli.properties";
        /** The rule content's version, as {@link TrdEngine#rulesVersion()} reads it, without building an engine. */
        static final String RULES_VERSION_FILE = "/org/trdrules/trd-rules.properties";

        @Override
        public String[] getVersion() {
            return new String[] {"trd-rules " + version() + " (rules " + rulesVersion() + ")"};
        }

        static String version() {
            String v = property(CLI_VERSION_FILE, "version");
            if (v == null) {
                v = TrdCli.class.getPackage().getImplementationVersion();
            }
            return v == null ? "unknown" : v;
        }

        static String rulesVersion() {
            String v = property(RULES_VERSION_FILE, "rules.version");
            return v == null ? "unknown" : v;
        }

        private static String property(String resource, String key) {
            try (java.io.InputStream in = TrdCli.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return null;
                }
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty(key);
                // an unfiltered resource (run from an IDE without Maven) still says ${project.version}
                return v == null || v.isBlank() || v.startsWith("${") ? null : v.trim();
            } catch (IOException e) {
                return null;
            }
        }
    }

    enum Format { table, json }

    @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = TrdCli.Version.class,
            description = {"Run the reference CDS Hooks service (discovery, three hooks, feedback, /healthz).",
                    "Every hook call needs the EHR's signed JWT (CDS Hooks 2.0): give --service-url and at least one"
                            + " --issuer, or --insecure-no-auth for a local demo. Settings come from --config FILE"
                            + " (JSON, see docs/cds-hooks.md); a flag overrides the file.",
                    "It runs until the process is stopped (Ctrl-C)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:--help or --version", "1:cannot listen on the address, or an internal error (one line)",
                    "2:usage error: unknown option, bad value or invalid setting (TRD-CDS-001)"})
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "JSON configuration file")
        Path config;

        @Option(names = "--port", description = "port (default: 8080)")
        Integer port;

        @Option(names = "--host", description = "address to bind (default: 127.0.0.1; put TLS in a reverse proxy)")
        String host;

        @Option(names = "--service-url", paramLabel = "URL", description = "public URL of /cds-services as the EHR"
                + " calls it (tokens must name it in aud)")
        java.net.URI serviceUrl;

        @Option(names = "--issuer", paramLabel = "ISS=JWKS", description = "allowed token issuer and its JWKS (an"
                + " https URL or a local JWKS file); repeatable")
        Map<String, String> issuers;

        @Option(names = "--algorithms", split = ",", paramLabel = "ALG", description = "accepted JWS algorithms"
                + " (default: RS256,RS384,ES256,ES384; never none or HMAC)")
        List<String> algorithms;

        @Option(names = "--cors-origin", paramLabel = "ORIGIN", description = "browser origin allowed by CORS;"
                + " repeatable")
        List<String> corsOrigins;

        @Option(names = "--fhir-server", paramLabel = "URL", description = "FHIR server (https, or http on"
                + " loopback) the service may fetch missing prefetch from (default: none, no fetching); repeatable")
        List<String> fhirServers;

        @Option(names = "--max-body-bytes", description = "largest request body (default: 1048576)")
        Integer maxBodyBytes;

        @Option(names = "--max-threads", description = "worker threads (default: 32)")
        Integer maxThreads;

        @Option(names = "--max-connections", description = "open connections (default: 512)")
        Integer maxConnections;

        @Option(names = "--header-timeout-ms", description = "a request's headers must arrive within this (default: 10000)")
        Integer headerTimeoutMs;

        @Option(names = "--body-timeout-ms", description = "a request body must arrive within this, else 408 (default: 10000)")
        Integer bodyTimeoutMs;

        @Option(names = "--idle-timeout-ms", description = "an idle connection is closed after this (default: 30000)")
        Integer idleTimeoutMs;

        @Option(names = "--clock-skew-ms", description = "clock skew allowed in token times (default: 30000)")
        Integer clockSkewMs;

        @Option(names = "--max-token-lifetime-ms", description = "longest token lifetime accepted (default: 300000)")
        Integer maxTokenLifetimeMs;

        @Option(names = "--jti-cache-size", description = "token ids remembered against replay (default: 100000)")
        Integer jtiCacheSize;

        @Option(names = "--fhir-timeout-ms", description = "each FHIR-server request (default: 5000)")
        Integer fhirTimeoutMs;

        @Option(names = "--fhir-deadline-ms", description = "all FHIR-server requests of one hook call (default: 5000)")
        Integer fhirDeadlineMs;

        @Option(names = "--max-fhir-response-bytes", description = "largest FHIR-server response (default: 16777216)")
        Integer maxFhirResponseBytes;

        @Option(names = "--max-fhir-bytes-per-request", description = "FHIR-server bytes for one hook call (default: 16777216)")
        Integer maxFhirBytesPerRequest;

        @Option(names = "--max-concurrent-fhir-fetches", description = "hook calls fetching from a FHIR server at once (default: 4)")
        Integer maxConcurrentFhirFetches;
        @Option(names = "--max-concurrent-assessments", description = "hook calls reading and assessing at once; the"
                + " others wait their turn (default: the processors)")
        Integer maxConcurrentAssessments;

        @Option(names = "--report-pages", description = "clinician report pages kept; 0: no report link (default: 200)")
        Integer reportPages;

        @Option(names = "--report-lifetime-ms", description = "how long a report link works (default: 600000)")
        Integer reportLifetimeMs;

        @Option(names = "--insecure-no-auth", description = "serve hook calls without a token: local demos only")
        boolean insecureNoAuth;

        /** The settings: the file's, then each flag given. */
        org.trdrules.cdshooks.CdsHooksConfig settings() {
            org.trdrules.cdshooks.CdsHooksConfig.Builder b = org.trdrules.cdshooks.CdsHooksConfig.builder();
            if (config != null) {
                b.file(config);
            }
            if (port != null) {
                b.port(port);
            }
            if (host != null) {
                b.host(host);
            }
            if (serviceUrl != null) {
                b.serviceUrl(serviceUrl);
            }
            if (issuers != null) {
                issuers.forEach((iss, jwks) -> {
                    if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
                        b.issuer(iss, java.net.URI.create(jwks));
                    } else {
                        b.issuerJwksFile(iss, Path.of(jwks));
                    }
                });
            }
            if (algorithms != null) {
                b.algorithms(new java.util.LinkedHashSet<>(algorithms));
            }
            if (corsOrigins != null) {
                b.corsOrigins(corsOrigins);
            }
            if (fhirServers != null) {
                b.fhirServers(fhirServers);
            }
            if (maxBodyBytes != null) {
                b.maxBodyBytes(maxBodyBytes);
            }
            if (maxThreads != null) {
                b.maxThreads(maxThreads);
            }
            if (maxConnections != null) {
                b.maxConnections(maxConnections);
            }
            if (headerTimeoutMs != null) {
                b.headerTimeout(java.time.Duration.ofMillis(headerTimeoutMs));
            }
            if (bodyTimeoutMs != null) {
                b.bodyTimeout(java.time.Duration.ofMillis(bodyTimeoutMs));
            }
            if (idleTimeoutMs != null) {
                b.idleTimeout(java.time.Duration.ofMillis(idleTimeoutMs));
            }
            if (clockSkewMs != null) {
                b.clockSkew(java.time.Duration.ofMillis(clockSkewMs));
            }
            if (maxTokenLifetimeMs != null) {
                b.maxTokenLifetime(java.time.Duration.ofMillis(maxTokenLifetimeMs));
            }
            if (jtiCacheSize != null) {
                b.jtiCacheSize(jtiCacheSize);
            }
            if (fhirTimeoutMs != null) {
                b.fhirTimeout(java.time.Duration.ofMillis(fhirTimeoutMs));
            }
            if (fhirDeadlineMs != null) {
                b.fhirDeadline(java.time.Duration.ofMillis(fhirDeadlineMs));
            }
            if (maxFhirResponseBytes != null) {
                b.maxFhirResponseBytes(maxFhirResponseBytes);
            }
            if (maxFhirBytesPerRequest != null) {
                b.maxFhirBytesPerRequest(maxFhirBytesPerRequest);
            }
            if (maxConcurrentFhirFetches != null) {
                b.maxConcurrentFhirFetches(maxConcurrentFhirFetches);
            }
            if (maxConcurrentAssessments != null) {
                b.maxConcurrentAssessments(maxConcurrentAssessments);
            }
            if (reportPages != null) {
                b.reportPages(reportPages);
            }
            if (reportLifetimeMs != null) {
                b.reportLifetime(java.time.Duration.ofMillis(reportLifetimeMs));
            }
            if (insecureNoAuth) {
                b.insecureNoAuth(true);
            }
            return b.build();
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            org.trdrules.cdshooks.CdsHooksConfig settings;
            try {
                settings = settings();
            } catch (IllegalArgumentException e) {
                err.println("trd-rules serve: " + e.getMessage());
                err.flush();
                return 2;
            }
            TrdEngine engine = TrdEngine.builder().clock(java.time.Clock.systemDefaultZone()).build();
            org.trdrules.cdshooks.CdsHooksService service;
            try {
                service = org.trdrules.cdshooks.CdsHooksService.start(engine, settings);
            } catch (IOException e) {
                err.println("trd-rules serve: cannot listen on " + settings.host() + ":" + settings.port()
                        + " (in use or not an address of this machine)");
                err.flush();
                return INTERNAL_ERROR;
            }
            if (settings.insecureNoAuth()) {
                err.println("trd-rules serve: WARNING: authentication is off (--insecure-no-auth): anyone who can"
                        + " reach the port gets decision support. Local demos only, never with patient data.");
                err.flush();
            }
            spec.commandLine().getOut().println("CDS Hooks service on " + service.localUrl() + "/cds-services");
            spec.commandLine().getOut().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "trd-cds-stop"));
            Thread.currentThread().join();
            return 0;
        }
    }

    @Command(name = "definitions", mixinStandardHelpOptions = true, versionProvider = TrdCli.Version.class,
            description = "Print the definitions, thresholds and rule catalogue (Markdown).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:success", EXIT_INTERNAL, "2:usage error: unknown option"})
    static final class Definitions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            TrdEngine engine = TrdEngine.builder().evaluationDate(LocalDate.now()).build();
            spec.commandLine().getOut().print(DefinitionsDoc.render(engine));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "assess", mixinStandardHelpOptions = true, versionProvider = TrdCli.Version.class,
            description = {"Assess the patients in each FILE (a patient object or an array).",
                    "A file or patient that cannot be assessed is a typed result of its own and never costs the"
                            + " others."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_PARTIAL})
    static final class Assess implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
        Format format;

        @Option(names = "--evaluation-date", description = "date to judge the histories at (default: today)")
        LocalDate evaluationDate;

        @Option(names = "--fhir", description = "the files are FHIR R4 Bundles (JSON); prints the mapping report too")
        boolean fhir;

        @Option(names = "--quiet", description = "no progress line and no summary on a terminal")
        boolean quiet;

        @Option(names = "--summary", description = "print the closing summary line on stderr even when it is not a"
                + " terminal (counts and elapsed time only)")
        boolean summary;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "patient JSON files (or FHIR Bundles with --fhir)")
        List<Path> files;

        @Override
        public Integer call() {
            long t0 = System.nanoTime();
            PrintWriter err = spec.commandLine().getErr();
            boolean terminal = stderrIsTerminal.getAsBoolean();
            TrdEngine engine = TrdEngine.builder()
                    .evaluationDate(evaluationDate != null ? evaluationDate : LocalDate.now())
                    .build();
            JsonCodec codec = new JsonCodec();
            List<AssessmentResult> results = new ArrayList<>();
            Map<Integer, List<MappingNote>> mappings = new HashMap<>();
            StringBuilder mappingReport = new StringBuilder();
            if (fhir) {
                // one patient per Bundle: reading is most of the work, so progress counts files
                try (Progress progress = progress(terminal, err, files.size())) {
                    for (Path f : files) {
                        int index = results.size();
                        try {
                            FhirMapping m = FhirPatientReader.create().read(InputFiles.read(f), engine.evaluationDate());
                            results.add(slot(index, engine.assessAll(List.of(m.patient())).get(0)));
                            mappings.put(index, m.report());
                            mappingReport.append(TableReport.mapping(f.getFileName().toString(), m.report()));
                        } catch (RuntimeException e) {
                            results.add(AssessmentResult.failure(index, null, e)); // see assessJson
                        }
                        progress.step();
                    }
                }
            } else {
                List<Slot> slots = new ArrayList<>();
                for (Path f : files) {
                    readJson(codec, f, slots);
                }
                long patients = slots.stream().filter(x -> x.patient() != null).count();
                try (Progress progress = progress(terminal, err, patients)) {
                    for (Slot x : slots) {
                        int index = results.size();
                        if (x.patient() == null) {
                            results.add(AssessmentResult.failure(index, null, x.error()));
                            continue;
                        }
                        results.add(slot(index, engine.assessAll(List.of(x.patient())).get(0)));
                        progress.step();
                    }
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(format == Format.json ? codec.writeBatch(results, mappings) + "\n"
                    : TableReport.render(results, codec) + mappingReport);
            out.flush();
            if (summary || terminal && !quiet) {
                err.println(summary(results, files.size(), System.nanoTime() - t0));
                err.flush();
            }
            return results.stream().allMatch(AssessmentResult::ok) ? 0 : PARTIAL_FAILURE;
        }

        /** Progress only on a terminal, unless --quiet, and only for batches long enough to wait for. */
        private Progress progress(boolean terminal, PrintWriter err, long total) {
            return terminal && !quiet && (total > PROGRESS_PATIENTS || files.size() > PROGRESS_FILES)
                    ? Progress.start(err, total) : Progress.NONE;
        }

        /** "trd-rules assess: 4 patients assessed, 1 not assessed (3 files, 1.2 s)": counts only. */
        static String summary(List<AssessmentResult> results, int files, long nanos) {
            long ok = results.stream().filter(AssessmentResult::ok).count();
            long failed = results.size() - ok;
            return String.format(java.util.Locale.ROOT, "trd-rules assess: %d %s assessed, %d not assessed (%d %s,"
                    + " %.1f s)", ok, ok == 1 ? "patient" : "patients", failed, files, files == 1 ? "file" : "files",
                    nanos / 1e9);
        }

        /** A patient read from a file, or the typed error of a file or of one entry in it. */
        private record Slot(Patient patient, RuntimeException error) {}

        /**
         * Reads one JSON file into slots: one per entry, or one for the whole file when it cannot be read. One file
         * never costs another: a typed error (TRD-IO-001, TRD-JSON-001) or, for anything else, TRD-ENGINE-000
         * naming the exception type only.
         */
        private static void readJson(JsonCodec codec, Path f, List<Slot> slots) {
            List<JsonCodec.ReadResult> read;
            try (Reader r = new java.io.StringReader(InputFiles.read(f))) {
                read = codec.readPatients(r);
            } catch (IOException e) {
                slots.add(new Slot(null, new TrdInputException(ErrorCode.FILE_UNREADABLE, InputFiles.name(f), "cannot be read",
                        null)));
                return;
            } catch (RuntimeException e) {
                slots.add(new Slot(null, e));
                return;
            }
            for (JsonCodec.ReadResult rr : read) {
                slots.add(rr.error() != null ? new Slot(null, rr.error()) : new Slot(rr.patient(), null));
            }
        }

        private static AssessmentResult slot(int index, AssessmentResult a) {
            return a.ok() ? AssessmentResult.success(index, a.assessment())
                    : AssessmentResult.failure(index, a.patientId(), a.failure());
        }

        /** The file as text, or a typed TRD-IO-001 naming the file (missing, a directory, unreadable). */
    }
}
