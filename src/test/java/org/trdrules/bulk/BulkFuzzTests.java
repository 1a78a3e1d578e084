package org.trdrules.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.TrdInputException;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.props.Property;
import org.trdrules.synthetic.CohortGenerator;
import org.trdrules.synthetic.CohortWriter;

/**
 * Fuzzing of bulk NDJSON input with the project's property harness: generated cohorts (drugs inline or as
 * Medication references) whose lines are truncated,
 * flipped, split, joined, duplicated, dropped, given broken UTF-8, deep nesting or another patient's reference.
 * Property: reading never throws, every non-blank line is either handed on with its patient or reported exactly
 * once, and every patient handed on reads and assesses or fails with a typed error only.
 */
class BulkFuzzTests {

    static final LocalDate DATE = LocalDate.of(2026, 1, 1);
    static final TrdEngine ENGINE = TrdEngine.builder().evaluationDate(DATE)
            .config(TrdConfig.defaults().withEligibility(false)).build();
    static final FhirPatientReader FHIR = FhirPatientReader.create();

    /** Files of one input: name to bytes. */
    record Input(Map<String, byte[]> files, String mutations) {
        @Override
        public String toString() {
            return mutations;
        }
    }

    static Input input(Random r) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("trd-fuzz-gen");
            CohortWriter.write(CohortGenerator.builder().seed(r.nextLong()).patients(1 + r.nextInt(8))
                    .evaluationDate(DATE).build(), CohortWriter.Format.FHIR_NDJSON, tmp, r.nextBoolean()
                    ? CohortWriter.Medications.REFERENCED : CohortWriter.Medications.INLINE);
            Map<String, byte[]> files = new LinkedHashMap<>();
            StringBuilder what = new StringBuilder();
            try (var s = Files.list(tmp)) {
                for (Path f : s.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                    List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
                    int n = r.nextInt(4);
                    for (int k = 0; k < n && !lines.isEmpty(); k++) {
                        int i = r.nextInt(lines.size());
                        String l = lines.get(i);
                        int op = r.nextInt(10);
                        what.append(f.getFileName()).append(':').append(i + 1).append(" op").append(op).append("; ");
                        switch (op) {
                            case 0 -> lines.set(i, l.substring(0, r.nextInt(l.length() + 1)));
                            case 1 -> lines.set(i, flip(l, r));
                            case 2 -> lines.add(i, l);
                            case 3 -> lines.remove(i);
                            case 4 -> lines.set(i, l.replaceAll("Patient/[^\"]*", "Patient/" + (r.nextBoolean()
                                    ? "nobody" : "syn-000000" + r.nextInt(9)))
                                    .replaceAll("Medication/[^\"]*", r.nextBoolean() ? "Medication/none"
                                            : "urn:uuid:0c3b"));
                            case 5 -> lines.set(i, "[".repeat(200 + r.nextInt(2000)));
                            case 6 -> lines.set(i, l.substring(0, l.length() / 2) + "\n" + l.substring(l.length() / 2));
                            case 7 -> lines.set(i, l + (i + 1 < lines.size() ? lines.remove(i + 1) : ""));
                            case 8 -> lines.set(i, l.replace("\"subject\"", "\"subjekt\"").replace("\"id\"", "\"ID\""));
                            default -> lines.set(i, "\uFFFE" + l);
                        }
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (String l : lines) {
                        out.writeBytes(l.getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                    }
                    byte[] bytes = out.toByteArray();
                    if (r.nextInt(10) == 0 && bytes.length > 2) {
                        bytes[r.nextInt(bytes.length)] = (byte) 0xC3; // broken UTF-8
                    }
                    files.put(f.getFileName().toString(), bytes);
                }
            }
            return new Input(files, what.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            delete(tmp);
        }
    }

    static String flip(String l, Random r) {
        if (l.isEmpty()) {
            return "x";
        }
        char[] c = l.toCharArray();
        c[r.nextInt(c.length)] = "{}[]\",:x0 \\".charAt(r.nextInt(11));
        return new String(c);
    }

    @TestFactory
    Stream<DynamicTest> everyLineIsUsedOrReportedOnceAndNothingThrows() {
        return Property.forAll("BulkFuzzTests#everyLineIsUsedOrReportedOnceAndNothingThrows", 150,
                        BulkFuzzTests::input)
                .check(in -> {
                    Path dir = Files.createTempDirectory("trd-fuzz");
                    try {
                        long nonBlank = 0;
                        for (Map.Entry<String, byte[]> f : in.files().entrySet()) {
                            Files.write(dir.resolve(f.getKey()), f.getValue());
                            for (String l : new String(f.getValue(), StandardCharsets.UTF_8).split("\n", -1)) {
                                nonBlank += l.isBlank() ? 0 : 1;
                            }
                        }
                        List<PatientRecords> ps = new ArrayList<>();
                        List<BulkIssue> issues = new ArrayList<>();
                        BulkFhirReader reader = BulkFhirReader.create()
                                .withBucketBytes(5_000 + in.mutations().length() % 3 * 20_000L);
                        BulkFhirReader.Result result = reader.read(dir, ps::add, issues::add);
                        long used = ps.stream().mapToLong(p -> p.resources().size()).sum();
                        // an unresolved medicationReference is reported on a line that is also used
                        long onUsedLines = issues.stream()
                                .filter(i -> i.code() == org.trdrules.ErrorCode.BULK_REFERENCE_UNRESOLVED).count();
                        assertEquals(nonBlank, used + result.medications() + issues.size() - onUsedLines,
                                "every line used, indexed or reported once");
                        for (PatientRecords p : ps) {
                            try {
                                ENGINE.assess(FHIR.read(p.bundleJson(), DATE).patient());
                            } catch (TrdInputException typed) {
                                // a typed error: the screen row carries it
                            }
                        }
                    } finally {
                        delete(dir);
                    }
                });
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // best effort
        }
    }
}
