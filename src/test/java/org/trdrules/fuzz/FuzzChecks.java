package org.trdrules.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.trdrules.ErrorCode;
import org.trdrules.TrdEngine;
import org.trdrules.TrdInputException;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.fhir.FhirMapping;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.Patient;

/**
 * The properties every input must keep, shared by the fuzz tests. A violated property is returned as a
 * {@link Violation} whose signature is the exception type and the top stack frame in {@code org.trdrules} or
 * {@code ca.uhn} (or {@code NonFinite@<output field>}); neither the signature nor the detail contains input values,
 * so they can be printed.
 */
final class FuzzChecks {

    /** Evaluation date of every fuzz assessment. */
    static final LocalDate DATE = LocalDate.of(2026, 11, 1);

    /** A broken property: a signature and a value-free detail. */
    record Violation(String signature, String detail) {}

    private static final ObjectMapper STRICT = new ObjectMapper();
    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    private FuzzChecks() {}

    /**
     * JSON path: reading throws only {@link TrdInputException}; every read patient gets one result whose failure,
     * if any, is a typed input error (never TRD-ENGINE-000); the written batch has no non-finite number.
     */
    static Violation json(String text, JsonCodec codec, TrdEngine engine) {
        List<JsonCodec.ReadResult> read;
        try {
            read = codec.readPatients(new StringReader(text));
        } catch (TrdInputException e) {
            return typed(e, "readPatients threw");
        } catch (Throwable t) {
            return new Violation(signature(t), "readPatients threw an untyped exception");
        }
        List<Patient> patients = new ArrayList<>();
        for (JsonCodec.ReadResult r : read) {
            if ((r.patient() == null) == (r.error() == null)) {
                return new Violation("ReadResult@JsonCodec.readPatients", "a read result has neither or both of"
                        + " patient and error");
            }
            if (r.patient() != null) {
                patients.add(r.patient());
            }
        }
        return assessAndWrite(patients, codec, engine, "json");
    }

    /** FHIR path: reading returns a mapping or throws only {@link TrdInputException}; the patient assesses typed. */
    static Violation fhir(String text, FhirPatientReader reader, JsonCodec codec, TrdEngine engine) {
        FhirMapping m;
        try {
            m = reader.read(text, DATE);
        } catch (TrdInputException e) {
            return typed(e, "read threw");
        } catch (Throwable t) {
            return new Violation(signature(t), "FhirPatientReader.read threw an untyped exception");
        }
        if (m == null || m.patient() == null) {
            return new Violation("NullMapping@FhirPatientReader.read", "read returned no patient");
        }
        // the reader's last line of defence turns an exception inside one resource into a note: that is still a defect
        for (org.trdrules.fhir.MappingNote n : m.report()) {
            if (n.reason().contains("reader defect")) {
                return new Violation("ReaderDefect@" + n.reason().replaceAll(".*reader defect (\\w+).*", "$1"),
                        "a resource could not be mapped");
            }
        }
        return assessAndWrite(List.of(m.patient()), codec, engine, "fhir");
    }

    private static Violation assessAndWrite(List<Patient> patients, JsonCodec codec, TrdEngine engine, String what) {
        List<AssessmentResult> results;
        try {
            results = engine.assessAll(patients);
        } catch (Throwable t) {
            return new Violation(signature(t), what + ": assessAll threw");
        }
        if (results.size() != patients.size()) {
            return new Violation("ResultCount@TrdEngine.assessAll", what + ": " + results.size() + " results for "
                    + patients.size() + " patients");
        }
        for (AssessmentResult r : results) {
            if (!r.ok()) {
                RuntimeException f = r.failure();
                if (!(f instanceof TrdInputException in)) {
                    return new Violation(signature(f), what + ": untyped assessment failure");
                }
                Violation v = typed(in, what + ": assessment failure");
                if (v != null) {
                    return v;
                }
            }
        }
        String out;
        try {
            out = codec.writeBatch(results);
        } catch (Throwable t) {
            return new Violation(signature(t), what + ": writeBatch threw");
        }
        String bad = nonFinite(out);
        return bad == null ? null : new Violation("NonFinite@" + bad, what + ": output has a non-finite number");
    }

    private static Violation typed(TrdInputException e, String what) {
        return e.code() == ErrorCode.ENGINE_UNEXPECTED ? new Violation(signature(e), what + " TRD-ENGINE-000") : null;
    }

    /** Exception type and the top frame in org.trdrules (outside these tests) or ca.uhn. */
    static String signature(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("org.trdrules.") && !c.startsWith("org.trdrules.fuzz.") || c.startsWith("ca.uhn.")) {
                String simple = c.substring(c.lastIndexOf('.') + 1);
                return t.getClass().getSimpleName() + "@" + simple + "." + e.getMethodName();
            }
        }
        return t.getClass().getSimpleName() + "@?";
    }

    /**
     * The generalised path of the first non-finite number in a batch document ({@code NaN}, {@code Infinity} as a
     * bare token or as the string Jackson writes for a double), or null. Numeric fields are found from the types of
     * the assessment records, so an echoed input string such as a patient id "NaN" is not mistaken for a number.
     */
    static String nonFinite(String batch) {
        if (!batch.contains("NaN") && !batch.contains("Infinity")) {
            return null; // the common case, without parsing the document again
        }
        JsonNode root;
        try {
            root = STRICT.readTree(batch);
        } catch (Exception e) {
            return "(output is not strict JSON)";
        }
        for (JsonNode r : root.path("results")) {
            if (r.has("assessment")) {
                String p = walk(r.get("assessment"), Assessment.class, "results.assessment");
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String walk(JsonNode node, Type type, String path) {
        Class<?> raw = raw(type);
        if (raw == null || node == null || node.isNull()) {
            return null;
        }
        if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            return node.isNumber() && Double.isFinite(node.asDouble()) ? null : path;
        }
        if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType pt) {
            for (JsonNode e : node) {
                String p = walk(e, pt.getActualTypeArguments()[0], path + "[]");
                if (p != null) {
                    return p;
                }
            }
        } else if (raw.isRecord()) {
            for (RecordComponent c : COMPONENTS.computeIfAbsent(raw, Class::getRecordComponents)) {
                String p = walk(node.get(c.getName()), c.getGenericType(), path + "." + c.getName());
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
