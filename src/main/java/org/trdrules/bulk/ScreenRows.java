package org.trdrules.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import org.trdrules.ErrorCode;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.SafetyFinding;
import org.trdrules.assessment.StagingResult;
import org.trdrules.json.JsonCodec;

/**
 * The one-line screening row of a patient (format {@value #FORMAT}, docs/population.md): patient id, where it came
 * from, each definition's verdict, each staging result, option counts by status (when eligibility was assessed),
 * safety finding ids and the risk total; or, for a patient that could not be assessed, its typed error. Stateless
 * and thread-safe.
 */
public final class ScreenRows {

    /** The row format id, written in every row. */
    public static final String FORMAT = "trd-rules/screen-row/1";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonCodec CODEC = new JsonCodec();

    private ScreenRows() {}

    /** The row of an assessed patient. */
    public static String row(String source, Assessment a, boolean eligibility) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("patientId", a.patientId());
        o.put("source", source);
        ObjectNode defs = o.putObject("definitions");
        for (DefinitionResult d : a.definitions()) {
            defs.put(d.id(), d.verdict().name());
        }
        ObjectNode stages = o.putObject("stages");
        for (StagingResult s : a.stages()) {
            ObjectNode st = stages.putObject(s.id());
            st.put("status", s.status().name());
            if (s.stage() != null) {
                st.put("stage", s.stage());
            }
            if (s.score() != null) {
                st.put("score", s.score());
            }
            st.put("low", s.low());
            st.put("high", s.high());
        }
        if (eligibility) {
            Map<EligibilityStatus, Integer> counts = new EnumMap<>(EligibilityStatus.class);
            for (EligibilityStatus s : EligibilityStatus.values()) {
                counts.put(s, 0);
            }
            for (OptionResult r : a.options()) {
                counts.merge(r.status(), 1, Integer::sum);
            }
            ObjectNode opts = o.putObject("options");
            counts.forEach((k, v) -> opts.put(k.name(), v));
        }
        var safety = o.putArray("safety");
        for (SafetyFinding f : a.safety()) {
            safety.add(f.id());
        }
        o.put("riskTotal", Math.round(a.risk().total() * 1e6) / 1e6);
        return text(o);
    }

    /** The row of a patient that could not be read or assessed: its typed error (code, message, path). */
    public static String error(String source, String patientId, RuntimeException e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        if (patientId != null) {
            o.put("patientId", patientId);
        } else {
            o.putNull("patientId");
        }
        o.put("source", source);
        try {
            o.set("error", MAPPER.readTree(CODEC.writeError(e)));
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("error row not writable"), x);
        }
        return text(o);
    }

    /**
     * The report line of an issue of the bulk input: code, location ({@code file:line}), reason, and
     * {@code "informational":true} for a line that is listed only so that every line is accounted for.
     */
    public static String issue(BulkIssue i) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("code", i.code().code());
        o.put("location", i.location());
        o.put("reason", i.reason());
        if (i.informational()) {
            o.put("informational", true);
        }
        return text(o);
    }

    private static String text(ObjectNode o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("row not writable"), e);
        }
    }
}
