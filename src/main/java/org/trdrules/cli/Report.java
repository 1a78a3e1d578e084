package org.trdrules.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.trdrules.ErrorCode;
import org.trdrules.TrdEngine;
import org.trdrules.TrdInputException;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.InvalidPatientException;
import org.trdrules.model.Patient;
import org.trdrules.report.ClinicianReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trd-rules report [--evaluation-date D] [--fhir] --out DIR FILE...}: one self-contained HTML page per
 * patient ({@link ClinicianReport}). A page is named by the patient's position in the input and a hash of its id
 * ({@code 001-3f9a0c2b71de.html}), never by the id itself, which may identify a person (see docs/report.md). Exit
 * codes as {@code assess}. Not for concurrent use.
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = TrdCli.Version.class,
        description = {"Write one self-contained HTML page per patient (timeline, verdicts, options) into DIR.",
                "Pages are named NNN-HASH.html: NNN the patient's position in the input (from 1), HASH the first 12"
                        + " hex digits of the SHA-256 of its id; the id itself is never in a file name.",
                "stdout lists the files written; a patient that cannot be assessed gets no page and one line on"
                        + " stderr with its position and error code."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success: a page for every patient", TrdCli.EXIT_INTERNAL, TrdCli.EXIT_USAGE
                + "; --out is a file", "3:some file or patient not assessed (no page): each is named on stderr"})
final class Report implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--evaluation-date", description = "date to judge the histories at (default: today)")
    LocalDate evaluationDate;

    @Option(names = "--fhir", description = "the files are FHIR R4 Bundles (JSON), one patient each")
    boolean fhir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for the pages (created"
            + " when missing; existing pages of the same name are replaced)")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "patient JSON files (or FHIR Bundles with --fhir)")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out must be a directory");
        }
        Files.createDirectories(out);
        TrdEngine engine = TrdEngine.builder()
                .evaluationDate(evaluationDate != null ? evaluationDate : LocalDate.now()).build();
        ClinicianReport report = ClinicianReport.create(engine.config());
        JsonCodec codec = new JsonCodec();
        int position = 0;
        int failed = 0;
        for (Path f : files) {
            List<Object> entries = new ArrayList<>(); // a Patient or the RuntimeException that stands for it
            try {
                String text = InputFiles.read(f);
                if (fhir) {
                    entries.add(FhirPatientReader.create().read(text, engine.evaluationDate()).patient());
                } else {
                    for (JsonCodec.ReadResult rr : codec.readPatients(new StringReader(text))) {
                        entries.add(rr.error() != null ? rr.error() : rr.patient());
                    }
                }
            } catch (IOException e) {
                entries.add(new TrdInputException(ErrorCode.FILE_UNREADABLE, InputFiles.name(f), "cannot be read", null));
            } catch (RuntimeException e) {
                entries.add(e);
            }
            for (Object entry : entries) {
                position++;
                if (entry instanceof RuntimeException e) {
                    failed++;
                    err.println(problem(position, f, e));
                    continue;
                }
                Patient p = (Patient) entry;
                AssessmentResult r = engine.assessAll(List.of(p)).get(0);
                if (!r.ok()) {
                    failed++;
                    err.println(problem(position, f, r.failure()));
                    continue;
                }
                Path page = out.resolve(fileName(position, p.id()));
                Files.writeString(page, report.render(p, r.assessment()), StandardCharsets.UTF_8);
                stdout.println(page);
            }
        }
        stdout.flush();
        err.flush();
        return failed == 0 ? 0 : TrdCli.PARTIAL_FAILURE;
    }

    /**
     * {@code 001-3f9a0c2b71de.html}: the position keeps names unique and in input order (two entries may share an
     * id); the hash lets whoever holds an id find its page ({@code printf %s ID | sha256sum}) without the id
     * appearing in directory listings, URLs, logs or archives. A short id can be recovered from its hash by trying
     * candidates, so the name is a pseudonym, not anonymous: protect the directory as the pages themselves.
     */
    static String fileName(int position, String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((id == null ? "" : id)
                    .getBytes(StandardCharsets.UTF_8));
            return String.format(java.util.Locale.ROOT, "%03d", position) + "-"
                    + HexFormat.of().formatHex(h).substring(0, 12) + ".html";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** One line naming the entry and its typed error: codes and field paths only, never a value. */
    private static String problem(int position, Path f, RuntimeException e) {
        String where = "trd-rules report: input " + position + " (" + InputFiles.name(f) + ") not assessed, no page: ";
        if (e instanceof InvalidPatientException ip) {
            List<String> paths = ip.problems().stream().map(p -> p.path() + " " + p.code()).toList();
            return where + ip.code().code() + " " + String.join(", ", paths);
        }
        if (e instanceof TrdInputException in) {
            return where + in.getMessage(); // names codes and paths, never patient values
        }
        return where + ErrorCode.ENGINE_UNEXPECTED.message("unexpected error (" + e.getClass().getSimpleName() + ")");
    }

}
