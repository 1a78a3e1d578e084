package org.trdrules.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.trdrules.TrdEngine;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.json.JsonCodec;
import org.trdrules.json.PatientReadException;
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
        public Integer call() throws IOException {
            TrdEngine engine = TrdEngine.builder()
                    .evaluationDate(evaluationDate != null ? evaluationDate : LocalDate.now())
                    .build();
            JsonCodec codec = new JsonCodec();
            List<AssessmentResult> results = new ArrayList<>();
            int index = 0;
            StringBuilder mappingReport = new StringBuilder();
            for (Path f : files) {
                if (fhir) {
                    index = readFhir(engine, f, index, results, mappingReport);
                    continue;
                }
                List<JsonCodec.ReadResult> read;
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    read = codec.readPatients(r);
                } catch (PatientReadException e) {
                    results.add(AssessmentResult.failure(index++, null, e));
                    continue;
                }
                List<Patient> ok = new ArrayList<>();
                List<Integer> slots = new ArrayList<>();
                for (JsonCodec.ReadResult rr : read) {
                    if (rr.error() != null) {
                        results.add(AssessmentResult.failure(index++, null, rr.error()));
                    } else {
                        ok.add(rr.patient());
                        slots.add(index++);
                    }
                }
                List<AssessmentResult> assessed = engine.assessAll(ok);
                for (int i = 0; i < assessed.size(); i++) {
                    AssessmentResult a = assessed.get(i);
                    results.add(a.ok() ? AssessmentResult.success(slots.get(i), a.assessment())
                            : AssessmentResult.failure(slots.get(i), a.patientId(), a.failure()));
                }
            }
            results.sort(java.util.Comparator.comparingInt(AssessmentResult::index));
            PrintWriter out = spec.commandLine().getOut();
            out.print(format == Format.json ? codec.writeBatch(results) + "\n" : TableReport.render(results, codec)
                    + mappingReport);
            out.flush();
            return results.stream().allMatch(AssessmentResult::ok) ? 0 : PARTIAL_FAILURE;
        }

        private int readFhir(TrdEngine engine, Path f, int index, List<AssessmentResult> results,
                             StringBuilder report) throws IOException {
            org.trdrules.fhir.FhirMapping m;
            try {
                m = org.trdrules.fhir.FhirPatientReader.create()
                        .read(Files.readString(f, StandardCharsets.UTF_8), engine.evaluationDate());
            } catch (IllegalArgumentException e) {
                results.add(AssessmentResult.failure(index, null, e));
                return index + 1;
            }
            AssessmentResult r = engine.assessAll(List.of(m.patient())).get(0);
            results.add(r.ok() ? AssessmentResult.success(index, r.assessment())
                    : AssessmentResult.failure(index, r.patientId(), r.failure()));
            report.append("FHIR MAPPING REPORT (").append(f.getFileName()).append(")\n");
            for (org.trdrules.fhir.MappingNote n : m.report()) {
                report.append(String.format(java.util.Locale.ROOT, "  %-9s %-32s %s%n", n.status(), n.resource(),
                        n.reason()));
            }
            return index + 1;
        }
    }
}
