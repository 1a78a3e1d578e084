package org.trdrules.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.ErrorHandlerAdapter;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.trdrules.ErrorCode;
import org.trdrules.catalog.Csv;
import org.trdrules.catalog.Drug;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.Severity;

/**
 * Reads a FHIR R4 Bundle (JSON) into a {@link org.trdrules.model.Patient} history, the way the quality-measure
 * world derives medication courses: dispenses, requests and statements of one ingredient are merged into courses
 * when the gap between them is at most {@code allowedGapDays}; a supply that runs past the evaluation date is an
 * ongoing course; a record whose duration cannot be known gives a course of unknown duration (never a short one); a
 * dose rise within a course is a dose optimisation; an augmentation agent overlapping an antidepressant course
 * becomes its augmentation, and so does the second ingredient of a combination product (fluoxetine/olanzapine);
 * depression Conditions become episodes; PHQ-9 totals become measurements.
 *
 * <p>The record is read as it is: entered-in-error, cancelled and refuted records are left out, and every resource,
 * derived course and unusable element is in the mapping report with its FHIR path. Each entry is parsed on its own,
 * so one unreadable resource never costs the others; only a document that is not a Bundle at all throws
 * {@link FhirReadException}. Parser messages are never logged (they may quote values).
 *
 * <p>Needs the optional dependencies {@code hapi-fhir-base} and {@code hapi-fhir-structures-r4}. Build once and
 * share: thread-safe (the cached HAPI {@code FhirContext} and the code tables are shared; each read has its own
 * parser).
 */
public final class FhirPatientReader {

    /** Deepest JSON nesting accepted in a Bundle (FHIR resources rarely exceed 15 levels). */
    public static final int MAX_NESTING_DEPTH = 100;
    /** Largest Bundle accepted, in characters (64 MiB). */
    public static final long MAX_DOCUMENT_CHARS = 64L * 1024 * 1024;

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxDocumentLength(MAX_DOCUMENT_CHARS).maxNumberLength(100).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .build();

    private final FhirContext context = FhirContext.forR4Cached();
    private final DrugCatalog catalog;
    private final int allowedGapDays;
    private final Map<String, String> codeGroups;
    private final Terminology terminology;

    private FhirPatientReader(DrugCatalog catalog, int allowedGapDays) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.allowedGapDays = allowedGapDays;
        this.codeGroups = loadCodes();
        this.terminology = new Terminology(catalog);
    }

    /** A reader with the bundled catalogue and a 30-day allowed gap between records of one course (UNCONFIRMED default). */
    public static FhirPatientReader create() {
        return Holder.DEFAULT;
    }

    private static final class Holder {
        static final FhirPatientReader DEFAULT = new FhirPatientReader(DrugCatalog.bundled(), 30);
    }

    /**
     * A reader with the given catalogue and allowed gap.
     *
     * @throws IllegalArgumentException {@code TRD-FHIR-002} when the gap is outside 0-180 days
     */
    public static FhirPatientReader create(DrugCatalog catalog, int allowedGapDays) {
        if (allowedGapDays < 0 || allowedGapDays > 180) {
            throw new IllegalArgumentException(ErrorCode.FHIR_READER_OPTION.message("allowedGapDays must be 0-180"));
        }
        return new FhirPatientReader(catalog, allowedGapDays);
    }

    private static Map<String, String> loadCodes() {
        try (InputStream in = FhirPatientReader.class.getResourceAsStream("/org/trdrules/fhir/codes.csv")) {
            if (in == null) {
                throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message("bundled fhir/codes.csv missing"));
            }
            List<List<String>> rows = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> m = new HashMap<>();
            for (int n = 1; n < rows.size(); n++) {
                List<String> r = rows.get(n);
                if (r.size() < 4 || r.get(0).isBlank() || r.get(1).isBlank() || r.get(3).isBlank()) {
                    throw new IllegalStateException(ErrorCode.CATALOG_INVALID.message("fhir/codes.csv row " + n
                            + " needs system, code, display and group"));
                }
                m.put(r.get(0) + "|" + r.get(1), r.get(3));
            }
            return Map.copyOf(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String codeGroup(String system, String code) {
        return codeGroups.get(system + "|" + code);
    }

    Terminology terminology() {
        return terminology;
    }

    DrugCatalog catalog() {
        return catalog;
    }

    int allowedGapDays() {
        return allowedGapDays;
    }

    /** Severity from an ICD-10-CM major depression code (F32.0/F33.0 mild ... F32.3/F33.3 severe), or null. */
    Severity severity(String code) {
        if (code.matches("F3[23]\\.0")) {
            return Severity.MILD;
        } else if (code.matches("F3[23]\\.1")) {
            return Severity.MODERATE;
        } else if (code.matches("F3[23]\\.[23]")) {
            return Severity.SEVERE;
        }
        return null;
    }

    /** Psychotic features from an ICD-10-CM code (F32.3/F33.3 with, F32.2/F33.2 without), or null. */
    Boolean psychoticFeatures(String code) {
        if (code.matches("F3[23]\\.3")) {
            return Boolean.TRUE;
        }
        return code.matches("F3[23]\\.2") ? Boolean.FALSE : null;
    }

    /** How an RxNorm code or text resolves: the catalogue drug and, for a clinical drug, its strength in mg. */
    public record Resolved(Drug drug, Double strengthMg, String how) {}

    /**
     * Resolves an RxNorm code (clinical or branded drug, pack or ingredient) or, failing that, a medication name to
     * the first catalogue drug it contains; empty when it names none.
     */
    public Optional<Resolved> resolve(String rxnormCode, String display) {
        return terminology.resolve(rxnormCode, display)
                .flatMap(p -> p.components().stream().filter(c -> c.drug() != null)
                        .sorted((a, b) -> Boolean.compare(b.drug().antidepressant(), a.drug().antidepressant()))
                        .findFirst().map(c -> new Resolved(c.drug(), c.strengthMg(), p.how())));
    }

    /** Resource types the mapping reads; every other type is reported as not used without being parsed. */
    private static final java.util.Set<String> MAPPED = java.util.Set.of("Patient", "Condition", "MedicationRequest",
            "MedicationDispense", "MedicationStatement", "Medication", "Observation", "Procedure",
            "AllergyIntolerance");

    /** Why an entry is not used, when its JSON alone tells (type not mapped, observation code not used), else null. */
    private String unused(String type, JsonNode resource) {
        if (!MAPPED.contains(type)) {
            return type.isEmpty() || !context.getResourceTypes().contains(type) ? null
                    : "resource type not used by the rules";
        }
        if (!type.equals("Observation")) {
            return null;
        }
        JsonNode codings = resource.path("code").path("coding");
        String first = null;
        for (JsonNode c : codings) {
            JsonNode system = c.get("system");
            JsonNode code = c.get("code");
            if (system == null || code == null || !BundleReading.LOINC.equals(system.asText()) || !code.isTextual()) {
                continue;
            }
            String v = code.asText().trim();
            String group = codeGroup(BundleReading.LOINC, v);
            if ("PHQ9_TOTAL".equals(group) || BundleReading.ITEM9.contains(v) || BundleReading.isPhysiology(group)) {
                return null;
            }
            first = first == null ? v : first;
        }
        return first == null ? null : "observation code " + first + " is not a PHQ-9 total or item 9 (MADRS, HAM-D"
                + " and QIDS have no confirmed LOINC code here)";
    }

    /**
     * Reads a Bundle.
     *
     * @param bundleJson     the Bundle as JSON
     * @param evaluationDate the date the history is judged at: supplies running past it are ongoing courses, records
     *                       dated after it are left out (and reported)
     * @throws FhirReadException ({@code TRD-FHIR-001}, with the path) when the document is not a readable Bundle
     */
    public FhirMapping read(String bundleJson, LocalDate evaluationDate) {
        Objects.requireNonNull(evaluationDate, "evaluationDate");
        if (bundleJson == null) {
            throw new FhirReadException("", "no document", null);
        }
        JsonNode root;
        try {
            root = STRICT.readTree(bundleJson);
        } catch (StreamConstraintsException e) {
            throw new FhirReadException("", "document beyond the reader's limits (nesting " + MAX_NESTING_DEPTH
                    + " levels, " + MAX_DOCUMENT_CHARS + " characters)", null);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            boolean duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
            throw new FhirReadException("", (duplicate ? "duplicate key" : "malformed JSON") + where, null);
        }
        if (root == null || !root.isObject()) {
            throw new FhirReadException("", "not a JSON object", null);
        }
        JsonNode type = root.get("resourceType");
        if (type == null || !"Bundle".equals(type.asText())) {
            throw new FhirReadException("Bundle.resourceType", "not a FHIR Bundle", null);
        }
        JsonNode entries = root.get("entry");
        if (entries != null && !entries.isNull() && !entries.isArray()) {
            throw new FhirReadException("Bundle.entry", "must be an array", null);
        }
        List<MappingNote> notes = new ArrayList<>();
        List<BundleReading.Entry> parsed = new ArrayList<>();
        IParser parser = context.newJsonParser().setParserErrorHandler(new ErrorHandlerAdapter());
        for (int i = 0; entries != null && i < entries.size(); i++) {
            String path = "Bundle.entry[" + i + "]";
            JsonNode entry = entries.get(i);
            JsonNode resource = entry == null || !entry.isObject() ? null : entry.get("resource");
            if (resource == null || !resource.isObject()) {
                notes.add(new MappingNote("", MappingStatus.NOT_USED, path + (entry != null && entry.isObject()
                        ? ".resource" : ""), entry == null || !entry.isObject() ? "entry is not an object"
                        : "entry without a resource"));
                continue;
            }
            JsonNode rt = resource.get("resourceType");
            String label = rt != null && rt.isTextual() ? rt.asText() : "";
            JsonNode fullUrl = entry.get("fullUrl");
            String unused = unused(label, resource);
            if (unused != null) {
                // decided from the JSON alone: not worth a HAPI parse (most of a real Bundle's entries)
                JsonNode id = resource.get("id");
                notes.add(new MappingNote(label + "/" + (id != null && id.isTextual() ? id.asText() : "(no id)"),
                        MappingStatus.OUT_OF_SCOPE, path + ".resource", unused));
                continue;
            }
            try {
                IBaseResource r = parser.parseResource(resource.toString());
                if (r instanceof Resource res) {
                    parsed.add(new BundleReading.Entry(res, path + ".resource",
                            fullUrl != null && fullUrl.isTextual() ? fullUrl.asText() : null));
                } else {
                    notes.add(new MappingNote(label, MappingStatus.NOT_USED, path + ".resource",
                            "not an R4 resource"));
                }
            } catch (RuntimeException e) {
                // HAPI's DataFormatException and the runtime exceptions of malformed shapes inside it; the message may
                // quote values, so only the type is kept
                notes.add(new MappingNote(label, MappingStatus.NOT_USED, path + ".resource",
                        "unreadable resource (" + e.getClass().getSimpleName() + ")"));
            }
        }
        return new BundleReading(this, evaluationDate, notes).map(parsed);
    }
}
