package org.trdrules;

/**
 * The one registry of the library's error codes. Every error the library raises carries one of these stable codes
 * (in {@link TrdInputException#code()} or at the start of the message of an {@link IllegalStateException} or
 * {@link IllegalArgumentException}); the CLI, the JSON output and the CDS Hooks service show the same code. Codes
 * are never reused or renumbered; {@code docs/errors.md} documents each one. Immutable and thread-safe.
 */
public enum ErrorCode {
    /** A configuration value is outside its allowed range. */
    CONFIG_INVALID("TRD-CONFIG-001", "a configuration value is outside its allowed range"),
    /** A custom definition id is reserved or already used. */
    CONFIG_DEFINITION_ID("TRD-CONFIG-002", "a custom definition id is reserved or already used"),
    /** The engine was built without an evaluation date or clock. */
    CONFIG_NO_EVALUATION_DATE("TRD-CONFIG-003", "the engine needs an evaluation date or a clock"),
    /** A builder option was set twice or together with a conflicting one (clock and evaluation date). */
    CONFIG_CONFLICT("TRD-CONFIG-004", "a builder option was set twice or with a conflicting one"),
    /** A drug catalogue file is malformed. */
    CATALOG_INVALID("TRD-CATALOG-001", "a drug catalogue row or header is malformed"),
    /** A catalogue key names two drugs. */
    CATALOG_AMBIGUOUS_KEY("TRD-CATALOG-002", "a catalogue key names two different drugs"),
    /** A bundled data file is missing from the jar. */
    CATALOG_MISSING("TRD-CATALOG-003", "a bundled data file is missing"),
    /** The patient history is impossible (every problem listed with its path). */
    INPUT_INVALID("TRD-INPUT-001", "the patient history is impossible"),
    /** The JSON document could not be read as a patient. */
    JSON_UNREADABLE("TRD-JSON-001", "the JSON could not be read as a patient"),
    /** The document could not be read as a FHIR R4 Bundle. */
    FHIR_UNREADABLE("TRD-FHIR-001", "the document could not be read as a FHIR R4 Bundle"),
    /** A FHIR reader option is outside its allowed range. */
    FHIR_READER_OPTION("TRD-FHIR-002", "a FHIR reader option is outside its allowed range"),
    /** A line of a bulk NDJSON file is not a readable FHIR resource (reported with file:line). */
    BULK_LINE_UNREADABLE("TRD-BULK-001", "an NDJSON line is not a readable FHIR resource"),
    /** A bulk resource names no patient, or a patient with no Patient resource in the input (file:line). */
    BULK_ORPHAN("TRD-BULK-002", "a resource names no patient of the input"),
    /** A Patient id appears twice in the bulk input; the later Patient resource is not used (file:line). */
    BULK_DUPLICATE_PATIENT("TRD-BULK-003", "a Patient id appears twice in the input"),
    /**
     * A bulk resource's {@code medicationReference} names no Medication of the input (file:line of the referencing
     * resource); the resource is still used, read as a Bundle reads an unresolved reference.
     */
    BULK_REFERENCE_UNRESOLVED("TRD-BULK-004", "a medicationReference names no Medication of the input"),
    /** A bulk Medication resource was not indexed: no valid id, its id appears earlier, or the index bound is reached. */
    BULK_MEDICATION_NOT_INDEXED("TRD-BULK-005", "a Medication resource could not be indexed"),
    /** A shared bulk resource the rules do not read (Practitioner, Organization, ...): informational, not an error. */
    BULK_NOT_USED("TRD-BULK-006", "a shared resource the rules do not read (informational)"),
    /** An input file is missing, a directory or unreadable. */
    FILE_UNREADABLE("TRD-IO-001", "the input file is missing, a directory or unreadable"),
    /** A CDS Hooks service setting is invalid (address, issuer, key set, algorithm, limit). */
    CDS_CONFIG_INVALID("TRD-CDS-001", "a CDS Hooks service setting is invalid"),
    /** The CDS Hooks request carried no bearer token, or the token was refused. */
    CDS_UNAUTHORIZED("TRD-CDS-002", "the bearer token is missing or was refused"),
    /** The CDS Hooks request cannot be read: not JSON, too large, of the wrong type or wrongly typed fields. */
    CDS_REQUEST_INVALID("TRD-CDS-003", "the CDS Hooks request cannot be read"),
    /** Data the hook needs was neither prefetched nor could be fetched from the FHIR server. */
    CDS_DATA_UNAVAILABLE("TRD-CDS-004", "data the hook needs was neither prefetched nor fetched"),
    /** An unexpected internal error; never caused by input alone. */
    ENGINE_UNEXPECTED("TRD-ENGINE-000", "an unexpected internal error"),
    /** The compiled rules could not be loaded. */
    ENGINE_RULES_MISSING("TRD-ENGINE-001", "the compiled rules could not be loaded"),
    /** A rule consequence ran outside an assessment. */
    ENGINE_NO_CONTEXT("TRD-ENGINE-002", "a rule consequence ran outside an assessment"),
    /** A built-in definition is missing from the configuration. */
    ENGINE_DEFINITION_MISSING("TRD-ENGINE-003", "a built-in definition is missing");

    private final String code;
    private final String summary;

    ErrorCode(String code, String summary) {
        this.code = code;
        this.summary = summary;
    }

    /** The stable code, e.g. {@code TRD-INPUT-001}. */
    public String code() {
        return code;
    }

    /** One line saying what the code means, without patient data. */
    public String summary() {
        return summary;
    }

    /** {@code code + ": " + detail}, the form every message of the library starts with. */
    public String message(String detail) {
        return code + ": " + detail;
    }

    @Override
    public String toString() {
        return code;
    }
}
