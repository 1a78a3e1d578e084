package org.trdrules.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.trdrules.ErrorCode;

/**
 * The Medication resources of a bulk input, by id, in bounded memory: Medication is not patient-scoped (a
 * MedicationRequest, MedicationStatement or MedicationDispense names its drug by {@code medicationReference}), so
 * bulk reading indexes every Medication line first and adds the Medications a patient's resources reference to that
 * patient's Bundle, where {@code FhirPatientReader} resolves them as it resolves a Bundle's own Medication entries.
 *
 * <p>Each Medication is kept as its JSON without {@code id} and {@code meta} (which the reader never reads), and equal
 * bodies are stored once: an export with one Medication per order (Synthea) repeats a few drug bodies under many ids.
 * The estimated size (id and body characters plus {@value #ENTRY_OVERHEAD} bytes per entry) is bounded; a Medication
 * that does not fit, has no valid id or repeats an earlier id is not indexed, and {@link #add} says why (the caller
 * reports it as {@link ErrorCode#BULK_MEDICATION_NOT_INDEXED}).
 *
 * <p>Not thread-safe while being filled; once filled, {@link #resource} may be called from any thread. Serializable
 * (a Spark job broadcasts it).
 */
public final class MedicationIndex implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default bound: 32 MiB (estimated), some 250,000 Medications of one-per-order exports. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** Estimated bytes of one map entry and its strings' headers, added per id and per distinct body. */
    static final int ENTRY_OVERHEAD = 64;
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    /**
     * Numbers are kept exactly as written (decimal nodes), as the FHIR reader reads them, so a stored Medication
     * reaches it unchanged: a strength is not rounded to a double, and an out-of-range number is not turned into
     * "Infinity" here but refused by the reader as it refuses it in a Bundle.
     */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100)
                            .maxDocumentLength(BulkFhirReader.MAX_LINE_CHARS).maxNumberLength(100).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .nodeFactory(new com.fasterxml.jackson.databind.node.JsonNodeFactory(true))
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final long maxBytes;
    /** id to body: the resource's members other than resourceType, id and meta, as JSON text without braces. */
    private final HashMap<String, String> bodies = new HashMap<>();
    /** Each distinct body once (only while filling). */
    private transient Map<String, String> distinct = new HashMap<>();
    private long bytes;
    private boolean full;

    /**
     * An empty index holding at most about {@code maxBytes} bytes.
     *
     * @throws IllegalArgumentException {@code TRD-CONFIG-001} when {@code maxBytes} is below 1
     */
    public MedicationIndex(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message(
                    "medication index bytes must be at least 1"));
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Indexes one Medication resource (one NDJSON line).
     *
     * @return null when indexed; else why not (structural, no values)
     */
    public String add(String medicationJson) {
        JsonNode n;
        try {
            n = JSON.readTree(medicationJson);
        } catch (JsonProcessingException | RuntimeException e) {
            return "malformed JSON";
        }
        if (!(n instanceof ObjectNode o) || !"Medication".equals(o.path("resourceType").asText(null))) {
            return "not a Medication resource";
        }
        JsonNode idNode = o.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
        if (id == null || !FHIR_ID.matcher(id).matches()) {
            return "Medication without a valid id";
        }
        if (bodies.containsKey(id)) {
            return "a Medication with this id appears earlier; this one is not used";
        }
        if (full) { // sealed at the first Medication that did not fit: what is indexed is a prefix of the input
            return fullReason();
        }
        o.remove("resourceType");
        o.remove("id");
        o.remove("meta");
        String body = o.toString();
        body = body.substring(1, body.length() - 1);
        if (distinct == null) {
            distinct = new HashMap<>();
        }
        String shared = distinct.get(body);
        long cost = id.length() + ENTRY_OVERHEAD + (shared == null ? body.length() + ENTRY_OVERHEAD : 0);
        if (bytes + cost > maxBytes) {
            full = true;
            distinct = null; // needed only while filling
            return fullReason();
        }
        if (shared == null) {
            distinct.put(body, body);
            shared = body;
        }
        bodies.put(id, shared);
        bytes += cost;
        return null;
    }

    private String fullReason() {
        return "the Medication index is full (bound " + maxBytes + " bytes; raise it with"
                + " BulkFhirReader.withMedicationIndexBytes or screen --medication-index-mb)";
    }

    /** The Medication of {@code id} as a FHIR resource (JSON, without its meta), or null when not indexed. */
    public String resource(String id) {
        String body = id == null ? null : bodies.get(id);
        if (body == null) {
            return null;
        }
        return "{\"resourceType\":\"Medication\",\"id\":\"" + id + "\"" + (body.isEmpty() ? "" : "," + body) + "}";
    }

    /** Medications indexed. */
    public int size() {
        return bodies.size();
    }

    /** Estimated bytes held. */
    public long bytes() {
        return bytes;
    }

    /** Whether some Medication was not indexed because the bound was reached. */
    public boolean full() {
        return full;
    }

    /**
     * Why a {@code medicationReference} found no Medication here (the reason of a
     * {@link ErrorCode#BULK_REFERENCE_UNRESOLVED} report line; structural, no values).
     *
     * @param wellFormed whether the reference has the form {@code Medication/id}
     */
    public String unresolved(boolean wellFormed) {
        return (wellFormed ? "medicationReference names no Medication of the input"
                + (full ? " (or one beyond the Medication index bound, " + ErrorCode.BULK_MEDICATION_NOT_INDEXED.code()
                + ")" : "")
                : "medicationReference is not of the form Medication/id")
                + "; the resource is read as a Bundle reads an unresolved reference (its display, else not used)";
    }

    /**
     * The Medication id of a literal reference ({@code Medication/id}, absolute or versioned), or null (a contained
     * {@code #id}, a {@code urn:} or any other form).
     */
    public static String medicationId(String reference) {
        return BulkFhirReader.referenceId("Medication", reference);
    }
}
