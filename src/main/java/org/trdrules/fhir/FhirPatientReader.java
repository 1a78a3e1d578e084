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
import org.trdrules.engine.Csv;
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

    /**
     * The Bundle parser. Its numbers are read as HAPI's own JSON parser reads them (exact decimals, a node factory
     * that keeps them as written), so that each entry's tree can be handed to HAPI as it is, without writing it out
     * as text and parsing it again.
     */
    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxDocumentLength(MAX_DOCUMENT_CHARS).maxNumberLength(100).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .nodeFactory(new com.fasterxml.jackson.databind.node.JsonNodeFactory(true))
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final FhirContext context = FhirContext.forR4Cached();
    private final DrugCatalog catalog;
    private final Options options;
    private final Map<String, String> codeGroups;
    private final Terminology terminology;

    private FhirPatientReader(DrugCatalog catalog, Options options) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.options = Objects.requireNonNull(options, "options");
        this.codeGroups = loadCodes();
        this.terminology = new Terminology(catalog);
    }

    /** A reader with the bundled catalogue and the default {@link Options} (all UNCONFIRMED defaults, documented there). */
    public static FhirPatientReader create() {
        return Holder.DEFAULT;
    }

    private static final class Holder {
        static final FhirPatientReader DEFAULT = new FhirPatientReader(DrugCatalog.bundled(), Options.defaults());
    }

    /**
     * A reader with the given catalogue and allowed gap.
     *
     * @throws IllegalArgumentException {@code TRD-FHIR-002} when the gap is outside 0-180 days
     */
    public static FhirPatientReader create(DrugCatalog catalog, int allowedGapDays) {
        return new FhirPatientReader(catalog, Options.builder().allowedGapDays(allowedGapDays).build());
    }

    /** A reader with the given catalogue and options. */
    public static FhirPatientReader create(DrugCatalog catalog, Options options) {
        return new FhirPatientReader(catalog, options);
    }

    /**
     * The thresholds by which the reader turns records into courses and doses, each with its source and status
     * ({@link #settings()}; listed in docs/definitions.md). Immutable and thread-safe; build one with
     * {@link #builder()}, whose setters validate at once ({@code TRD-FHIR-002}).
     */
    public static final class Options {
        private static final Options DEFAULTS = new Builder().build();

        private final int allowedGapDays;
        private final int combinationOverlapDays;
        private final double lowDoseDoxepinMaxMg;
        private final boolean onceDailyWithoutTiming;
        private final double maxUnitlessCount;

        private Options(Builder b) {
            allowedGapDays = b.allowedGapDays;
            combinationOverlapDays = b.combinationOverlapDays;
            lowDoseDoxepinMaxMg = b.lowDoseDoxepinMaxMg;
            onceDailyWithoutTiming = b.onceDailyWithoutTiming;
            maxUnitlessCount = b.maxUnitlessCount;
        }

        /** The documented defaults. */
        public static Options defaults() {
            return DEFAULTS;
        }

        /** A builder holding the defaults. */
        public static Builder builder() {
            return new Builder();
        }

        /** Days allowed between the end of one record's supply and the next record of a course (default 30). */
        public int allowedGapDays() { return allowedGapDays; }
        /** Days a second antidepressant must overlap an earlier one to be read as a combination (default 28). */
        public int combinationOverlapDays() { return combinationOverlapDays; }
        /** Doxepin at or below this strength or daily dose is the hypnotic, not an antidepressant trial (default 6 mg). */
        public double lowDoseDoxepinMaxMg() { return lowDoseDoxepinMaxMg; }
        /** Whether a dose line without timing is read as once a day (default true); false leaves its dose unknown. */
        public boolean onceDailyWithoutTiming() { return onceDailyWithoutTiming; }
        /** A dose without a unit is read as a count of tablets only up to this many (default 10). */
        public double maxUnitlessCount() { return maxUnitlessCount; }

        /** Every option with its value, source and status, for documentation and audit. */
        public List<org.trdrules.TrdConfig.Setting> settings() {
            return List.of(
                    new org.trdrules.TrdConfig.Setting("fhir.allowedGapDays", Integer.toString(allowedGapDays),
                            "no published source for this reader; a permissible gap between refills is how claims"
                                    + " and eCQM medication-course logic merge records (CMS128 counts days of supply)",
                            org.trdrules.SourceStatus.UNCONFIRMED),
                    new org.trdrules.TrdConfig.Setting("fhir.combinationOverlapDays",
                            Integer.toString(combinationOverlapDays),
                            "no source; shorter overlaps are read as cross-taper switches", org.trdrules.SourceStatus.UNCONFIRMED),
                    new org.trdrules.TrdConfig.Setting("fhir.lowDoseDoxepinMaxMg", num(lowDoseDoxepinMaxMg),
                            "American Geriatrics Society Beers Criteria Update Expert Panel. J Am Geriatr Soc"
                                    + " 2023;71(7):2052-2081, Table 2 (doxepin >6 mg/day is the strongly"
                                    + " anticholinergic dose; 3 and 6 mg is the insomnia product)", org.trdrules.SourceStatus.CONFIRMED),
                    new org.trdrules.TrdConfig.Setting("fhir.onceDailyWithoutTiming",
                            Boolean.toString(onceDailyWithoutTiming),
                            "no source; a dose line without timing most often means once a day", org.trdrules.SourceStatus.UNCONFIRMED),
                    new org.trdrules.TrdConfig.Setting("fhir.maxUnitlessCount", num(maxUnitlessCount),
                            "no source; a unitless dose above it is more likely mg than tablets", org.trdrules.SourceStatus.UNCONFIRMED));
        }

        private static String num(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }

        /** Builder for {@link Options}, starting from the defaults. Not thread-safe. */
        public static final class Builder {
            private int allowedGapDays = 30;
            private int combinationOverlapDays = 28;
            private double lowDoseDoxepinMaxMg = 6;
            private boolean onceDailyWithoutTiming = true;
            private double maxUnitlessCount = 10;

            private Builder() {
            }

            private static double check(String name, double v, double lo, double hi) {
                if (!(v >= lo && v <= hi)) {
                    throw new IllegalArgumentException(ErrorCode.FHIR_READER_OPTION.message(name + " must be "
                            + num(lo) + "-" + num(hi)));
                }
                return v;
            }

            /** Allowed gap between records of one course, 0-180 days. */
            public Builder allowedGapDays(int days) {
                allowedGapDays = (int) check("allowedGapDays", days, 0, 180);
                return this;
            }

            /** Overlap that makes two antidepressant courses a combination, 1-180 days. */
            public Builder combinationOverlapDays(int days) {
                combinationOverlapDays = (int) check("combinationOverlapDays", days, 1, 180);
                return this;
            }

            /** Highest doxepin strength or daily dose read as the hypnotic, 0-25 mg. */
            public Builder lowDoseDoxepinMaxMg(double mg) {
                lowDoseDoxepinMaxMg = check("lowDoseDoxepinMaxMg", mg, 0, 25);
                return this;
            }

            /** Whether a dose line without timing is once a day. */
            public Builder onceDailyWithoutTiming(boolean v) {
                onceDailyWithoutTiming = v;
                return this;
            }

            /** Largest unitless dose read as a count of tablets, 1-100. */
            public Builder maxUnitlessCount(double count) {
                maxUnitlessCount = check("maxUnitlessCount", count, 1, 100);
                return this;
            }

            /** The options. */
            public Options build() {
                return new Options(this);
            }
        }
    }

    /** The header of {@code fhir/codes.csv}; every row has exactly these columns. */
    static final List<String> CODES_HEADER = List.of("system", "code", "display", "group", "source");

    /**
     * Validates the rows of {@code fhir/codes.csv} (header, exactly five columns, non-blank system, code, group and
     * source) and maps {@code system|code} to the group; a bad row is {@code TRD-CATALOG-001} with its file:line
     * (a value with a comma must be quoted, or it splits into more columns).
     */
    static Map<String, String> parseCodes(List<List<String>> rows) {
        if (rows.isEmpty() || !rows.get(0).equals(CODES_HEADER)) {
            throw new IllegalStateException(ErrorCode.CATALOG_INVALID.message("fhir/codes.csv:1: header must be "
                    + String.join(",", CODES_HEADER)));
        }
        Map<String, String> m = new HashMap<>();
        for (int n = 1; n < rows.size(); n++) {
            List<String> r = rows.get(n);
            int line = n + 1;
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue;
            }
            if (r.size() != CODES_HEADER.size()) {
                throw new IllegalStateException(ErrorCode.CATALOG_INVALID.message("fhir/codes.csv:" + line
                        + ": expected " + CODES_HEADER.size() + " columns, found " + r.size()
                        + " (quote a value that has a comma)"));
            }
            if (r.get(0).isBlank() || r.get(1).isBlank() || r.get(3).isBlank() || r.get(4).isBlank()) {
                throw new IllegalStateException(ErrorCode.CATALOG_INVALID.message("fhir/codes.csv:" + line
                        + ": needs system, code, group and source"));
            }
            m.put(r.get(0) + "|" + r.get(1), r.get(3));
        }
        return Map.copyOf(m);
    }

    private static Map<String, String> loadCodes() {
        try (InputStream in = FhirPatientReader.class.getResourceAsStream("/org/trdrules/fhir/codes.csv")) {
            if (in == null) {
                throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message("bundled fhir/codes.csv missing"));
            }
            return parseCodes(Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The mapping group of a code: {@code BIPOLAR} when the code is in the value set {@code bipolar-disorder} (checked
     * first, the same value set the engine's exclusion rule reads, so both paths agree on what is bipolar disorder),
     * else from {@code fhir/codes.csv} (depression, dysthymia, PHQ-9 total, ECT, rTMS).
     */
    String codeGroup(String system, String code) {
        // The value set first: a bipolar code that an eCQM depression value set also lists (SNOMED CT 67002003,
        // bipolar II disorder, most recent episode major depressive) is bipolar disorder, never major depression.
        if (VALUE_SETS.contains("bipolar-disorder", system, code)) {
            return "BIPOLAR";
        }
        return codeGroups.get(system + "|" + code);
    }

    private static final org.trdrules.engine.ValueSets VALUE_SETS = org.trdrules.engine.ValueSets.bundled();

    Terminology terminology() {
        return terminology;
    }

    DrugCatalog catalog() {
        return catalog;
    }

    int allowedGapDays() {
        return options.allowedGapDays();
    }

    /** The options this reader was built with. */
    public Options options() {
        return options;
    }

    /**
     * Severity from a major depression code, by the value sets {@code depression-severity-mild}, {@code -moderate}
     * and {@code -severe} (ICD-10-CM F32.0/F33.0 mild ... F32.2-3/F33.2-3 severe), or null.
     */
    Severity severity(String system, String code) {
        if (VALUE_SETS.contains("depression-severity-mild", system, code)) {
            return Severity.MILD;
        } else if (VALUE_SETS.contains("depression-severity-moderate", system, code)) {
            return Severity.MODERATE;
        } else if (VALUE_SETS.contains("depression-severity-severe", system, code)) {
            return Severity.SEVERE;
        }
        return null;
    }

    /**
     * Psychotic features from a major depression code, by the value sets {@code depression-with-psychotic-features}
     * (F32.3/F33.3) and {@code depression-without-psychotic-features} (F32.2/F33.2), or null.
     */
    Boolean psychoticFeatures(String system, String code) {
        if (VALUE_SETS.contains("depression-with-psychotic-features", system, code)) {
            return Boolean.TRUE;
        }
        return VALUE_SETS.contains("depression-without-psychotic-features", system, code) ? Boolean.FALSE : null;
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
            if ("PHQ9_TOTAL".equals(group) || BundleReading.isItem9(v) || BundleReading.isPhysiology(group)) {
                return null;
            }
            first = first == null ? v : first;
        }
        return first == null ? null : "observation code " + first + " is not a PHQ-9 total or item 9 (MADRS, HAM-D"
                + " and QIDS have no confirmed LOINC code here)";
    }

    /**
     * Largest decimal exponent accepted in a number, either way. HAPI writes a decimal out in plain notation, so
     * {@code 1e999999999} (10 characters, within the parser's length limit) would become a string of a billion
     * digits; no clinical quantity needs more than a few dozen digits.
     */
    static final int MAX_DECIMAL_EXPONENT = 1000;

    /** Rejects (as a malformed entry) a resource holding a number too large or too small to write out. */
    static void checkNumbers(JsonNode node) {
        if (node.isBigDecimal()) {
            java.math.BigDecimal d = node.decimalValue();
            long exponent = (long) d.precision() - d.scale();
            if (Math.abs((long) d.scale()) > MAX_DECIMAL_EXPONENT || Math.abs(exponent) > MAX_DECIMAL_EXPONENT) {
                throw new NumberOutOfRange();
            }
        } else if (node.isContainerNode()) {
            for (JsonNode child : node) {
                checkNumbers(child);
            }
        }
    }

    /** A number whose exponent exceeds {@link #MAX_DECIMAL_EXPONENT}; reported as an unreadable resource. */
    static final class NumberOutOfRange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NumberOutOfRange() {
            super("number out of range", null, false, false);
        }
    }

    /**
     * One entry's resource to HAPI: the already parsed tree when the parser takes one (HAPI's JSON parser does), so
     * the JSON is not written out and parsed a second time; else its text.
     */
    private static IBaseResource parse(IParser parser, com.fasterxml.jackson.databind.node.ObjectNode resource) {
        checkNumbers(resource);
        if (parser instanceof ca.uhn.fhir.parser.IJsonLikeParser json) {
            ca.uhn.fhir.parser.json.jackson.JacksonStructure tree = new ca.uhn.fhir.parser.json.jackson.JacksonStructure();
            tree.setNativeObject(resource);
            return json.parseResource(tree);
        }
        return parser.parseResource(resource.toString());
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
                IBaseResource r = parse(parser, (com.fasterxml.jackson.databind.node.ObjectNode) resource);
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
