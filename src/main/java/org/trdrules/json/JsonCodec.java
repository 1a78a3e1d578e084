package org.trdrules.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trdrules.ErrorCode;
import org.trdrules.TrdInputException;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.fhir.MappingNote;
import org.trdrules.model.InvalidPatientException;
import org.trdrules.model.Patient;

/**
 * Reads patient histories and writes assessments in the documented JSON formats ({@code docs/schema/}). A file
 * holds one patient object or an array of them; each element is read on its own, so one bad patient yields one
 * failure and the others are still read. Immutable and thread-safe.
 *
 * <p>Reading is bounded (see {@code docs/json-format.md}, "Limits"). Limits that apply to one patient (nesting
 * depth, the length of a string or a number, a duplicated field) make that patient's {@link ReadResult} an error
 * and leave the others; limits that apply to the document (its length, its nesting depth, a string or number too
 * long to buffer, the number of patients) fail the whole document. Either way the error is a
 * {@link PatientReadException} (TRD-JSON-001) naming the JSON path, never another exception type.
 */
public final class JsonCodec {

    /** Schema id written into every output document. */
    public static final String OUTPUT_FORMAT = "trd-rules/assessment-batch/2";

    /** Longest document read, in characters (64 MiB); a longer one fails as a whole. */
    public static final int MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;
    /** Most patients in one document; more fail the document as a whole. */
    public static final int MAX_PATIENTS = 100_000;
    /** Deepest nesting of arrays and objects within one patient, the patient object counting as 1. */
    public static final int MAX_PATIENT_DEPTH = 64;
    /** Deepest nesting in the document; beyond it the document fails as a whole. */
    public static final int MAX_DOCUMENT_DEPTH = 10_000;
    /** Longest string value within a patient, in characters. */
    public static final int MAX_STRING_CHARS = 10_000;
    /** Longest string value the reader buffers; a longer one fails the document as a whole. */
    public static final int MAX_DOCUMENT_STRING_CHARS = 1_000_000;
    /** Longest number within a patient, in characters. */
    public static final int MAX_NUMBER_CHARS = 100;
    /** Longest number the reader buffers; a longer one fails the document as a whole. */
    public static final int MAX_DOCUMENT_NUMBER_CHARS = 1_000;
    /** Longest field name, in characters; a longer one fails the document as a whole. */
    public static final int MAX_NAME_CHARS = 1_000;

    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_DOCUMENT_CHARS)
                    .maxNestingDepth(MAX_DOCUMENT_DEPTH)
                    .maxStringLength(MAX_DOCUMENT_STRING_CHARS)
                    .maxNumberLength(MAX_DOCUMENT_NUMBER_CHARS)
                    .maxNameLength(MAX_NAME_CHARS)
                    .build())
            .build();

    private final ObjectMapper mapper = JsonMapper.builder(factory)
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // dates are ISO strings only: no epoch-day numbers, no blank strings read as "no date"
            .withConfigOverride(LocalDate.class, o -> o.setFormat(JsonFormat.Value.forLeniency(false)))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** One read patient, or the reason it could not be read. Immutable. */
    public record ReadResult(int index, Patient patient, PatientReadException error) {}

    /**
     * Reads one patient or an array of patients. Malformed JSON and document limits fail the whole document (a
     * thrown {@link PatientReadException} naming where); bad elements become errors in their own slot.
     */
    public List<ReadResult> readPatients(Reader in) throws IOException {
        return read(in, true);
    }

    /** Reads a single patient object; throws {@link PatientReadException} naming the path of the problem. */
    public Patient readPatient(String json) throws IOException {
        ReadResult r = read(new StringReader(json), false).get(0);
        if (r.error() != null) {
            throw r.error();
        }
        return r.patient();
    }

    private List<ReadResult> read(Reader in, boolean arrays) throws IOException {
        List<ReadResult> out = new ArrayList<>();
        try (JsonParser p = factory.createParser(in)) {
            try {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY && arrays) {
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (i >= MAX_PATIENTS) {
                            throw new PatientReadException("[" + i + "]", "more than " + MAX_PATIENTS
                                    + " patients in one document", null);
                        }
                        out.add(readOne(i, "[" + i + "]", p));
                        i++;
                    }
                } else {
                    out.add(readOne(0, "", p));
                }
                if (t != null && p.nextToken() != null) {
                    throw new PatientReadException(path(p.getParsingContext()),
                            "content after the end of the document", null);
                }
            } catch (StreamConstraintsException e) {
                throw new PatientReadException(path(p.getParsingContext()), limit(e), e);
            } catch (JsonProcessingException e) {
                // the parser's own message may quote input text: only the position is reported
                JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
                throw new PatientReadException(path(p.getParsingContext()), "malformed JSON at line "
                        + at.getLineNr() + ", column " + at.getColumnNr(), e);
            }
        }
        return out;
    }

    /** Reads the element at the parser's current token; leaves the parser on its last token. */
    private ReadResult readOne(int index, String prefix, JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new ReadResult(index, null, new PatientReadException(prefix, "expected a patient object", null));
        }
        Element e = tree(p);
        if (e.problemPath != null) {
            return new ReadResult(index, null, new PatientReadException(e.problemPath, e.problem, null));
        }
        try {
            return new ReadResult(index, mapper.treeToValue(e.root, Patient.class), null);
        } catch (UnrecognizedPropertyException ex) {
            return new ReadResult(index, null, new PatientReadException(join(prefix, path(ex)),
                    "unknown field", ex));
        } catch (MismatchedInputException ex) {
            return new ReadResult(index, null, new PatientReadException(join(prefix, path(ex)),
                    "wrong type or value, expected " + simple(ex.getTargetType()), ex));
        } catch (JsonMappingException ex) {
            // the original message may quote the value: only the path is reported
            String what = ex.getCause() instanceof InputCoercionException c
                    ? "number out of range, expected " + simple(c.getTargetType()) : "unreadable value";
            return new ReadResult(index, null, new PatientReadException(join(prefix, path(ex)), what, ex));
        } catch (JsonProcessingException ex) {
            return new ReadResult(index, null, new PatientReadException(prefix, "unreadable value", ex));
        }
    }

    /** A patient object read into a tree, or the first per-patient limit it broke (its path and what). */
    private static final class Element {
        ObjectNode root;
        String problemPath;
        String problem;
    }

    /**
     * Builds the tree of the object at the current token without recursion, checking the per-patient limits and
     * duplicate fields. After the first problem the rest of the element is only skipped, so the next element is
     * still read.
     */
    private Element tree(JsonParser p) throws IOException {
        JsonNodeFactory nodes = mapper.getNodeFactory();
        Element e = new Element();
        e.root = nodes.objectNode();
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        open.push(e.root);
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new JsonEOFException(p, null, "end of input inside a patient");
            }
            switch (t) {
                case FIELD_NAME -> {
                    if (e.problemPath == null && ((ObjectNode) open.peek()).has(p.currentName())) {
                        problem(e, p, "duplicate field");
                    }
                }
                case START_OBJECT, START_ARRAY -> {
                    depth++;
                    if (e.problemPath == null && depth > MAX_PATIENT_DEPTH) {
                        problem(e, p, "nested deeper than " + MAX_PATIENT_DEPTH + " levels");
                    }
                    if (e.problemPath == null) {
                        ContainerNode<?> c = t == JsonToken.START_OBJECT ? nodes.objectNode() : nodes.arrayNode();
                        add(open.peek(), p, c);
                        open.push(c);
                    }
                }
                case END_OBJECT, END_ARRAY -> {
                    depth--;
                    if (e.problemPath == null) {
                        open.pop();
                    }
                }
                default -> {
                    if (e.problemPath == null) {
                        JsonNode v = scalar(nodes, p, t, e);
                        if (v != null) {
                            add(open.peek(), p, v);
                        }
                    }
                }
            }
        }
        return e;
    }

    private static JsonNode scalar(JsonNodeFactory nodes, JsonParser p, JsonToken t, Element e) throws IOException {
        switch (t) {
            case VALUE_STRING -> {
                if (p.getTextLength() > MAX_STRING_CHARS) {
                    problem(e, p, "text longer than " + MAX_STRING_CHARS + " characters");
                    return null;
                }
                return nodes.textNode(p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                if (p.getTextLength() > MAX_NUMBER_CHARS) {
                    problem(e, p, "number longer than " + MAX_NUMBER_CHARS + " characters");
                    return null;
                }
                if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return nodes.numberNode(p.getDoubleValue());
                }
                return switch (p.getNumberType()) {
                    case INT -> nodes.numberNode(p.getIntValue());
                    case LONG -> nodes.numberNode(p.getLongValue());
                    default -> nodes.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            default -> {
                return nodes.nullNode();
            }
        }
    }

    private static void add(ContainerNode<?> parent, JsonParser p, JsonNode v) throws IOException {
        if (parent instanceof ObjectNode o) {
            o.set(p.currentName(), v);
        } else {
            ((ArrayNode) parent).add(v);
        }
    }

    private static void problem(Element e, JsonParser p, String what) {
        e.problemPath = path(p.getParsingContext());
        e.problem = what;
        e.root = null;
    }

    /**
     * The JSON path of a parser position, e.g. {@code [2].trials[0].dailyDoseMg}. Past {@link #MAX_PATIENT_DEPTH}
     * + 1 steps (only in a document nested too deeply) the rest of the path is written {@code ...}.
     */
    private static String path(JsonStreamContext ctx) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.hasCurrentIndex()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.push(c.getCurrentName());
            }
        }
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (String s : parts) {
            if (n++ > MAX_PATIENT_DEPTH) {
                return b.append("...").toString();
            }
            b.append(b.length() == 0 || s.startsWith("[") ? "" : ".").append(s);
        }
        return b.toString();
    }

    /** Which document limit a constraint exception reports, without echoing the input. */
    private static String limit(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("nesting depth")) {
            return "document nested deeper than " + MAX_DOCUMENT_DEPTH + " levels";
        } else if (m.contains("document length")) {
            return "document longer than " + MAX_DOCUMENT_CHARS + " characters";
        } else if (m.contains("number value length")) {
            return "number longer than " + MAX_DOCUMENT_NUMBER_CHARS + " characters";
        } else if (m.contains("string value length")) {
            return "text longer than " + MAX_DOCUMENT_STRING_CHARS + " characters";
        } else if (m.contains("name")) {
            return "field name longer than " + MAX_NAME_CHARS + " characters";
        }
        return "document exceeds a reading limit";
    }

    private static String join(String prefix, String path) {
        return prefix.isEmpty() || path.isEmpty() || path.startsWith("[") ? prefix + path : prefix + "." + path;
    }

    private static String simple(Class<?> c) {
        return c == null ? "another type" : c.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /**
     * Writes one patient history in the input format as a single line (no line breaks), so that
     * {@link #readPatient} reads back an equal {@link Patient}; nulls are left out.
     */
    public String writePatient(Patient p) {
        try {
            return mapper.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("patient not writable"), e);
        }
    }

    /**
     * The error object of a failed result ({@code {"code":..,"message":..,"path":..}} or, for an invalid history,
     * {@code "problems"}), as one line of JSON; never the message of an unexpected exception.
     */
    public String writeError(RuntimeException e) {
        try {
            return mapper.writeValueAsString(error(e));
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("error not writable"), x);
        }
    }

    /** Writes one assessment as JSON. */
    public String write(Assessment a) {
        return text(mapper.valueToTree(a));
    }

    private String text(com.fasterxml.jackson.databind.JsonNode n) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            // a tree of the library's own records always writes; anything else is a defect, never bad input
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("output not writable"), e);
        }
    }

    /**
     * Writes a batch: {@code {"format":..., "results":[{"index":0,"patientId":..,"assessment":{..}} or
     * {"index":1,"error":{"code":..,"message":..,"problems":[..]}}]}}.
     */
    public String writeBatch(List<AssessmentResult> results) {
        return writeBatch(results, Map.of());
    }

    /**
     * Writes a batch as {@link #writeBatch(List)} does, with the FHIR mapping report of each result that came from a
     * Bundle ({@code "mapping":[{"resource":..,"status":..,"path":..,"reason":..}]}), keyed by result index.
     */
    public String writeBatch(List<AssessmentResult> results, Map<Integer, List<MappingNote>> mappings) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", OUTPUT_FORMAT);
        ArrayNode arr = root.putArray("results");
        for (AssessmentResult r : results) {
            ObjectNode o = arr.addObject();
            o.put("index", r.index());
            if (r.patientId() != null) {
                o.put("patientId", r.patientId());
            }
            if (r.ok()) {
                o.set("assessment", mapper.valueToTree(r.assessment()));
            } else {
                o.set("error", error(r.failure()));
            }
            List<MappingNote> mapping = mappings.get(r.index());
            if (mapping != null) {
                o.set("mapping", mapper.valueToTree(mapping));
            }
        }
        return text(root);
    }

    /** A JSON error object with a stable code, the message, the path and, for invalid histories, every problem. */
    ObjectNode error(RuntimeException e) {
        ObjectNode err = mapper.createObjectNode();
        if (e instanceof InvalidPatientException ip) {
            err.put("code", ip.code().code());
            err.put("message", "invalid patient history");
            err.set("problems", mapper.valueToTree(ip.problems()));
        } else if (e instanceof TrdInputException in) {
            err.put("code", in.code().code());
            err.put("message", in.getMessage());
            err.put("path", in.path());
        } else {
            // never echo an unexpected exception's message: it may carry patient values
            err.put("code", ErrorCode.ENGINE_UNEXPECTED.code());
            err.put("message", "unexpected error (" + e.getClass().getSimpleName() + ")");
        }
        return err;
    }
}
