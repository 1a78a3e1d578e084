package org.trdrules.synthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.trdrules.ErrorCode;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.Patient;

/**
 * Writes a generated cohort to a directory in one of three formats: the library's patient JSON (arrays of
 * {@value #JSON_CHUNK} patients, {@code patients-000000.json}, ...), one FHIR R4 Bundle per patient
 * ({@code <id>.json}), or FHIR Bulk Data NDJSON (one {@code <ResourceType>.ndjson} file per resource type, one
 * resource per line, and a {@code manifest.json} in the shape of a bulk export's completion response). The FHIR
 * formats hold what an EHR record holds (see {@link #recorded}); a MedicationStatement names its drug inline
 * ({@link Medications#INLINE}) or by reference to a Medication resource ({@link Medications#REFERENCED}: one
 * {@code Medication.ndjson} line per drug of the cohort, or Medication entries in each Bundle). The output is a pure
 * function of the generator:
 * the same seed gives byte-identical files. Stateless and thread-safe.
 */
public final class CohortWriter {

    /** Patients per file in the JSON format. */
    public static final int JSON_CHUNK = 1000;

    /** The output formats. */
    public enum Format {
        /** The library's patient JSON (docs/json-format.md), every field the generator makes. */
        JSON,
        /** One FHIR R4 Bundle (type collection) per patient. */
        FHIR_BUNDLE,
        /** FHIR Bulk Data NDJSON: one file per resource type. */
        FHIR_NDJSON
    }

    /** How the FHIR formats name a MedicationStatement's drug. */
    public enum Medications {
        /** {@code medicationCodeableConcept} (RxNorm ingredient code and text). */
        INLINE,
        /**
         * {@code medicationReference} to a Medication resource ({@code Medication/med-<drug>}, no display), the shape
         * of EHR and Synthea bulk exports; the Medication resources are written once per drug.
         */
        REFERENCED
    }

    /**
     * What was written: the number of patients and every file with its line count (resources for NDJSON,
     * patients for JSON, 1 for a Bundle).
     *
     * @param patients patients written
     * @param files    file name to count, in name order
     */
    public record Summary(int patients, Map<String, Long> files) {
        /** Copies the map of files. */
        public Summary {
            files = Map.copyOf(files);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CohortWriter() {}

    /**
     * The part of a generated history that its FHIR resources hold (no stated outcomes, adherence, stop reasons,
     * psychotherapy, life events, esketamine or episode flags): what a record-based assessment can know.
     */
    public static Patient recorded(Patient p) {
        return FhirExport.recorded(p);
    }

    /** The FHIR R4 Bundle (JSON, one line) of one generated patient. */
    public static String bundle(Patient p, DrugCatalog catalog) {
        return bundle(p, catalog, Medications.INLINE);
    }

    /** The FHIR R4 Bundle (JSON, one line) of one generated patient, its drugs named as {@code m} says. */
    public static String bundle(Patient p, DrugCatalog catalog, Medications m) {
        return json(new FhirExport(catalog, m == Medications.REFERENCED).bundle(p));
    }

    /** Writes every patient of {@code g} into {@code dir} (created if missing) in format {@code f}. */
    public static Summary write(CohortGenerator g, Format f, Path dir) throws IOException {
        return write(g, f, dir, Medications.INLINE);
    }

    /**
     * Writes every patient of {@code g} into {@code dir} (created if missing) in format {@code f}, drugs named as
     * {@code m} says (the JSON format ignores it).
     */
    public static Summary write(CohortGenerator g, Format f, Path dir, Medications m) throws IOException {
        Files.createDirectories(dir);
        boolean referenced = m == Medications.REFERENCED;
        return switch (f) {
            case JSON -> writeJson(g, dir);
            case FHIR_BUNDLE -> writeBundles(g, dir, referenced);
            case FHIR_NDJSON -> writeNdjson(g, dir, referenced);
        };
    }

    private static Summary writeJson(CohortGenerator g, Path dir) throws IOException {
        JsonCodec codec = new JsonCodec();
        Map<String, Long> files = new TreeMap<>();
        for (int from = 0; from < g.patients(); from += JSON_CHUNK) {
            int to = Math.min(g.patients(), from + JSON_CHUNK);
            String name = String.format(java.util.Locale.ROOT, "patients-%06d.json", from / JSON_CHUNK);
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8)) {
                w.write("[\n");
                for (int i = from; i < to; i++) {
                    w.write(codec.writePatient(g.patient(i)));
                    w.write(i + 1 < to ? ",\n" : "\n");
                }
                w.write("]\n");
            }
            files.put(name, (long) (to - from));
        }
        return new Summary(g.patients(), files);
    }

    private static Summary writeBundles(CohortGenerator g, Path dir, boolean referenced) throws IOException {
        FhirExport fhir = new FhirExport(catalog(g), referenced);
        Map<String, Long> files = new TreeMap<>();
        for (int i = 0; i < g.patients(); i++) {
            Patient p = g.patient(i);
            String name = p.id() + ".json";
            Files.writeString(dir.resolve(name), json(fhir.bundle(p)) + "\n", StandardCharsets.UTF_8);
            files.put(name, 1L);
        }
        return new Summary(g.patients(), files);
    }

    private static Summary writeNdjson(CohortGenerator g, Path dir, boolean referenced) throws IOException {
        FhirExport fhir = new FhirExport(catalog(g), referenced);
        Map<String, BufferedWriter> writers = new LinkedHashMap<>();
        Map<String, Long> counts = new TreeMap<>();
        // the cohort's drugs, each written once as a Medication after the patients (in id order)
        Map<String, ObjectNode> medications = new TreeMap<>();
        try {
            for (int i = 0; i < g.patients(); i++) {
                Patient p = g.patient(i);
                for (ObjectNode r : fhir.resources(p)) {
                    line(dir, writers, counts, r);
                }
                for (ObjectNode m : fhir.medications(p)) {
                    medications.putIfAbsent(m.get("id").asText(), m);
                }
            }
            for (ObjectNode m : medications.values()) {
                line(dir, writers, counts, m);
            }
        } finally {
            IOException first = null;
            for (BufferedWriter w : writers.values()) {
                try {
                    w.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
        ObjectNode manifest = MAPPER.createObjectNode();
        manifest.put("transactionTime", g.evaluationDate().toString() + "T00:00:00Z");
        manifest.put("request", "synthetic cohort: seed " + g.seed() + ", " + g.patients() + " patients");
        manifest.put("requiresAccessToken", false);
        var output = manifest.putArray("output");
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            output.addObject().put("type", e.getKey().replace(".ndjson", "")).put("url", e.getKey())
                    .put("count", e.getValue());
        }
        manifest.putArray("error");
        Files.writeString(dir.resolve("manifest.json"), MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);
        return new Summary(g.patients(), counts);
    }

    /** Appends one resource to the file of its type. */
    private static void line(Path dir, Map<String, BufferedWriter> writers, Map<String, Long> counts, ObjectNode r)
            throws IOException {
        String type = r.get("resourceType").asText();
        BufferedWriter w = writers.get(type);
        if (w == null) {
            w = Files.newBufferedWriter(dir.resolve(type + ".ndjson"), StandardCharsets.UTF_8);
            writers.put(type, w);
        }
        w.write(json(r));
        w.write('\n');
        counts.merge(type + ".ndjson", 1L, Long::sum);
    }

    private static DrugCatalog catalog(CohortGenerator g) {
        return g.catalog();
    }

    static String json(ObjectNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("FHIR resource not writable"), e);
        }
    }

    /** Files of a directory written by {@link #write}, sorted by name (for tests and the CLI summary). */
    static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.sorted().forEach(out::add);
        }
        return out;
    }
}
