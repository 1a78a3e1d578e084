package org.trdrules.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.io.UncheckedIOException;
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

/** Command line: {@code trd-rules assess [--format table|json] FILE...}. Not for concurrent use. */
@Command(name = "trd-rules", mixinStandardHelpOptions = true, versionProvider = TrdCli.Version.class,
        description = "Treatment-resistant depression decision support: competing definitions, explained.",
        subcommands = {TrdCli.Assess.class, TrdCli.Definitions.class, TrdCli.Serve.class})
public final class TrdCli {

    /** Exit code when some patients could not be assessed. */
    static final int PARTIAL_FAILURE = 3;

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new TrdCli());
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"trd-rules " + TrdCli.class.getPackage().getImplementationVersion()};
        }
    }

    enum Format { table, json }

    @Command(name = "serve", description = "Run the reference CDS Hooks service (discovery and three hooks).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
        String host;

        @Override
        public Integer call() throws Exception {
            TrdEngine engine = TrdEngine.builder().clock(java.time.Clock.systemDefaultZone()).build();
            org.trdrules.cdshooks.CdsHooksService service = org.trdrules.cdshooks.CdsHooksService.start(engine,
                    new java.net.InetSocketAddress(host, port));
            System.out.println("CDS Hooks service on http://" + host + ":" + service.port() + "/cds-services");
            Thread.currentThread().join();
            return 0;
        }
    }

    @Command(name = "definitions", description = "Print the definitions, thresholds and rule catalogue (Markdown).")
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

    @Command(name = "assess", description = "Assess the patients in each FILE (a patient object or an array).")
    static final class Assess implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
        Format format;

        @Option(names = "--evaluation-date", description = "date to judge the histories at (default: today)")
        LocalDate evaluationDate;

        @Option(names = "--fhir", description = "the files are FHIR R4 Bundles (JSON); prints the mapping report too")
        boolean fhir;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "patient JSON files (or FHIR Bundles with --fhir)")
        List<Path> files;

        @Override
        public Integer call() {
            TrdEngine engine = TrdEngine.builder()
                    .evaluationDate(evaluationDate != null ? evaluationDate : LocalDate.now())
                    .build();
            JsonCodec codec = new JsonCodec();
            List<AssessmentResult> results = new ArrayList<>();
            Map<Integer, List<MappingNote>> mappings = new HashMap<>();
            StringBuilder mappingReport = new StringBuilder();
            for (Path f : files) {
                int index = results.size();
                try {
                    if (fhir) {
                        FhirMapping m = FhirPatientReader.create().read(read(f), engine.evaluationDate());
                        results.add(slot(index, engine.assessAll(List.of(m.patient())).get(0)));
                        mappings.put(index, m.report());
                        mappingReport.append(TableReport.mapping(f.getFileName().toString(), m.report()));
                    } else {
                        assessJson(engine, codec, f, results);
                    }
                } catch (RuntimeException e) {
                    // one file never costs another: a typed error (TRD-IO-001, TRD-JSON-001, TRD-FHIR-001) or, for
                    // anything else, TRD-ENGINE-000 naming the exception type only
                    results.add(AssessmentResult.failure(index, null, e));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            try {
                out.print(format == Format.json ? codec.writeBatch(results, mappings) + "\n"
                        : TableReport.render(results, codec) + mappingReport);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
            return results.stream().allMatch(AssessmentResult::ok) ? 0 : PARTIAL_FAILURE;
        }

        private static void assessJson(TrdEngine engine, JsonCodec codec, Path f, List<AssessmentResult> results) {
            List<JsonCodec.ReadResult> read;
            try (Reader r = new java.io.StringReader(read(f))) {
                read = codec.readPatients(r);
            } catch (IOException e) {
                throw new TrdInputException(ErrorCode.FILE_UNREADABLE, f.getFileName().toString(), "cannot be read",
                        null);
            }
            int first = results.size();
            List<AssessmentResult> out = new ArrayList<>();
            List<Patient> ok = new ArrayList<>();
            List<Integer> slots = new ArrayList<>();
            for (JsonCodec.ReadResult rr : read) {
                if (rr.error() != null) {
                    out.add(AssessmentResult.failure(first + out.size(), null, rr.error()));
                } else {
                    slots.add(out.size());
                    out.add(null); // filled in below, in input order
                    ok.add(rr.patient());
                }
            }
            List<AssessmentResult> assessed = engine.assessAll(ok);
            for (int i = 0; i < assessed.size(); i++) {
                out.set(slots.get(i), slot(first + slots.get(i), assessed.get(i)));
            }
            results.addAll(out);
        }

        private static AssessmentResult slot(int index, AssessmentResult a) {
            return a.ok() ? AssessmentResult.success(index, a.assessment())
                    : AssessmentResult.failure(index, a.patientId(), a.failure());
        }

        /** The file as text, or a typed TRD-IO-001 naming the file (missing, a directory, unreadable). */
        private static String read(Path f) {
            String name = f.getFileName() == null ? f.toString() : f.getFileName().toString();
            if (Files.isDirectory(f)) {
                throw new TrdInputException(ErrorCode.FILE_UNREADABLE, name, "is a directory", null);
            }
            if (!Files.exists(f)) {
                throw new TrdInputException(ErrorCode.FILE_UNREADABLE, name, "file not found", null);
            }
            try {
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new TrdInputException(ErrorCode.FILE_UNREADABLE, name, "not UTF-8 text", null);
            } catch (IOException | OutOfMemoryError e) {
                throw new TrdInputException(ErrorCode.FILE_UNREADABLE, name, "cannot be read", null);
            }
        }
    }
}
