package org.trdrules.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class JsonCodec {

    /** Schema id written into every output document. */
    public static final String OUTPUT_FORMAT = "trd-rules/assessment-batch/1";

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** One read patient, or the reason it could not be read. Immutable. */
    public record ReadResult(int index, Patient patient, PatientReadException error) {}

    /** Reads one patient or an array of patients. Malformed JSON as a whole throws; bad elements become errors. */
    public List<ReadResult> readPatients(Reader in) throws IOException {
        JsonNode root;
        try {
            root = mapper.readTree(in);
        } catch (JsonProcessingException e) {
            throw new PatientReadException("", "malformed JSON at line " + e.getLocation().getLineNr(), e);
        }
        List<ReadResult> out = new ArrayList<>();
        if (root != null && root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                out.add(readOne(i, "[" + i + "]", root.get(i)));
            }
        } else {
            out.add(readOne(0, "", root));
        }
        return out;
    }

    /** Reads a single patient object; throws {@link PatientReadException} naming the path of the problem. */
    public Patient readPatient(String json) throws IOException {
        ReadResult r = readOne(0, "", mapper.readTree(json));
        if (r.error() != null) {
            throw r.error();
        }
        return r.patient();
    }

    private ReadResult readOne(int index, String prefix, JsonNode node) {
        if (node == null || !node.isObject()) {
            return new ReadResult(index, null, new PatientReadException(prefix, "expected a patient object", null));
        }
        try {
            return new ReadResult(index, mapper.treeToValue(node, Patient.class), null);
        } catch (UnrecognizedPropertyException e) {
            return new ReadResult(index, null, new PatientReadException(join(prefix, path(e)),
                    "unknown field", e));
        } catch (MismatchedInputException e) {
            return new ReadResult(index, null, new PatientReadException(join(prefix, path(e)),
                    "wrong type or value, expected " + simple(e.getTargetType()), e));
        } catch (JsonProcessingException e) {
            return new ReadResult(index, null, new PatientReadException(prefix, e.getOriginalMessage(), e));
        }
    }

    private static String join(String prefix, String path) {
        return prefix.isEmpty() || path.isEmpty() || path.startsWith("[") ? prefix + path : prefix + "." + path;
    }

    private static String simple(Class<?> c) {
        return c == null ? "another type" : c.getSimpleName();
    }

    private static String path(MismatchedInputException e) {
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

    /** Writes one assessment as JSON. */
    public String write(Assessment a) throws JsonProcessingException {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(a);
    }

    /**
     * Writes a batch: {@code {"format":..., "results":[{"index":0,"patientId":..,"assessment":{..}} or
     * {"index":1,"error":{"code":..,"message":..,"problems":[..]}}]}}.
     */
    public String writeBatch(List<AssessmentResult> results) throws JsonProcessingException {
        return writeBatch(results, Map.of());
    }

    /**
     * Writes a batch as {@link #writeBatch(List)} does, with the FHIR mapping report of each result that came from a
     * Bundle ({@code "mapping":[{"resource":..,"status":..,"path":..,"reason":..}]}), keyed by result index.
     */
    public String writeBatch(List<AssessmentResult> results, Map<Integer, List<MappingNote>> mappings)
            throws JsonProcessingException {
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
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /** A JSON error object with a stable code, the message, the path and, for invalid histories, every problem. */
    public ObjectNode error(RuntimeException e) {
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
