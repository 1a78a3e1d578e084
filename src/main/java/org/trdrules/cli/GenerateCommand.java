package org.trdrules.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.trdrules.synthetic.CohortGenerator;
import org.trdrules.synthetic.CohortWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trd-rules generate --patients N --seed S --format json|fhir-bundle|fhir-ndjson [--medications
 * inline|referenced] --out DIR}: writes a seeded
 * synthetic cohort ({@link CohortGenerator}). The same seed, count and evaluation date give byte-identical files.
 * Not for concurrent use.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = TrdCli.Version.class,
        description = {"Write a seeded synthetic cohort of depression treatment histories (no real person).",
                "Every rate comes from the bundled rates.csv, each row with its source or marked UNCONFIRMED."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success: every patient written", TrdCli.EXIT_INTERNAL,
                "2:usage error: unknown option, bad value, missing --out",
                "4:the output directory cannot be written"})
final class GenerateCommand implements Callable<Integer> {

    /** Exit code when the output cannot be written. */
    static final int EXIT_UNWRITABLE = 4;

    /** The formats as typed on the command line. */
    enum Format {
        json(CohortWriter.Format.JSON), fhir_bundle(CohortWriter.Format.FHIR_BUNDLE),
        fhir_ndjson(CohortWriter.Format.FHIR_NDJSON);

        final CohortWriter.Format format;

        Format(CohortWriter.Format f) {
            format = f;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--patients", defaultValue = "1000", description = "number of patients (default: ${DEFAULT-VALUE})")
    int patients;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--format", defaultValue = "json", converter = FormatConverter.class,
            description = "json, fhir-bundle or fhir-ndjson (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--evaluation-date", defaultValue = "2026-01-01",
            description = "date the histories lead up to (default: ${DEFAULT-VALUE}, fixed so output is reproducible)")
    LocalDate evaluationDate;

    @Option(names = "--out", required = true, description = "output directory (created if missing)")
    Path out;

    @Option(names = "--medications", defaultValue = "inline", converter = MedicationsConverter.class,
            description = "FHIR formats: name each MedicationStatement's drug inline (medicationCodeableConcept) or"
                    + " by reference to a Medication resource, as bulk exports do (default: ${DEFAULT-VALUE})")
    CohortWriter.Medications medications;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (patients < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--patients must be 0 or more");
        }
        long t0 = System.nanoTime();
        CohortGenerator g = CohortGenerator.builder().seed(seed).patients(patients).evaluationDate(evaluationDate)
                .build();
        CohortWriter.Summary s;
        try {
            s = CohortWriter.write(g, format.format, out, medications);
        } catch (IOException e) {
            err.println("trd-rules generate: cannot write to the output directory (" + e.getClass().getSimpleName()
                    + ")");
            err.flush();
            return EXIT_UNWRITABLE;
        }
        long lines = s.files().values().stream().mapToLong(Long::longValue).sum();
        err.println(String.format(Locale.ROOT, "trd-rules generate: %d patients, %d files, %d records (%.1f s)",
                s.patients(), s.files().size(), lines, (System.nanoTime() - t0) / 1e9));
        err.flush();
        return 0;
    }

    /** {@code inline} or {@code referenced}, any case. */
    static final class MedicationsConverter implements CommandLine.ITypeConverter<CohortWriter.Medications> {
        @Override
        public CohortWriter.Medications convert(String value) {
            try {
                return CohortWriter.Medications.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected inline or referenced");
            }
        }
    }

    /** Accepts {@code fhir-bundle} as well as {@code fhir_bundle}. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.trim().toLowerCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected json, fhir-bundle or fhir-ndjson");
            }
        }
    }
}
