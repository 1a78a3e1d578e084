package org.trdrules.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.trdrules.model.CodedCondition;

/**
 * A patient's coded conditions as the rules query them: by value-set name ({@link ValueSets}), e.g.
 * {@code conditions.has("substance-use-disorder")} in a DRL constraint. Holds each code normalised (upper case,
 * without dots) with the systems and provisional flags it was recorded with. One per assessment, read by one
 * thread: the answers per value set are remembered (the same question is asked by several rules), so it is not
 * thread-safe.
 */
public final class Conditions {
    private final ValueSets valueSets;
    /** normalised code -> the systems it was recorded in (null = no system), insertion-ordered by HashMap rules. */
    private final Map<String, Set<String>> systems = new HashMap<>();
    private final Map<String, Set<String>> provisionalSystems = new HashMap<>();
    private final Map<String, Set<String>> establishedSystems = new HashMap<>();
    /** Answers already computed, by value set: has, hasEstablished, hasProvisional. */
    private final Map<String, Boolean> hasMemo = new HashMap<>();
    private final Map<String, Boolean> establishedMemo = new HashMap<>();
    private final Map<String, Boolean> provisionalMemo = new HashMap<>();

    Conditions(List<CodedCondition> conditions, ValueSets valueSets) {
        this.valueSets = valueSets;
        for (CodedCondition c : conditions) {
            String code = Codes.normalise(c.code());
            systems.computeIfAbsent(code, k -> new HashSet<>()).add(c.system());
            (Boolean.TRUE.equals(c.provisional()) ? provisionalSystems : establishedSystems)
                    .computeIfAbsent(code, k -> new HashSet<>()).add(c.system());
        }
    }

    /** True when no condition is recorded (absence of a code then means unknown, not absent). */
    public boolean isEmpty() {
        return systems.isEmpty();
    }

    /**
     * True when at least one recorded condition can be read against the value set: it has no system, or its system
     * (or an alias of it) is one the value set's rows use. When none can (a SNOMED CT problem list against an
     * ICD-10-CM-only value set, or Read or ICD-9 codes), the absence of a match says nothing: the condition is
     * unknown, not absent.
     */
    public boolean interpretable(String valueSet) {
        ValueSets.Index index = valueSets.index(valueSet);
        for (Set<String> codeSystems : systems.values()) {
            for (String system : codeSystems) {
                if (index.covers(system)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Three-valued presence of the value set: MET when a recorded condition is in it; NOT_MET when conditions are
     * recorded and at least one is in a code system the value set covers; otherwise INDETERMINATE (no problem list,
     * or none of it interpretable).
     */
    public org.trdrules.assessment.Verdict presence(String valueSet) {
        if (has(valueSet)) {
            return org.trdrules.assessment.Verdict.MET;
        }
        return interpretable(valueSet) ? org.trdrules.assessment.Verdict.NOT_MET
                : org.trdrules.assessment.Verdict.INDETERMINATE;
    }

    /** True when a recorded condition (established or provisional) is in the value set. */
    public boolean has(String valueSet) {
        return memo(hasMemo, systems, valueSet);
    }

    /** True when an established (not provisional) condition is in the value set. */
    public boolean hasEstablished(String valueSet) {
        return memo(establishedMemo, establishedSystems, valueSet);
    }

    /** True when a provisional (unconfirmed, differential) condition is in the value set. */
    public boolean hasProvisional(String valueSet) {
        return memo(provisionalMemo, provisionalSystems, valueSet);
    }

    private boolean memo(Map<String, Boolean> memo, Map<String, Set<String>> codes, String valueSet) {
        Boolean b = memo.get(valueSet);
        if (b == null) {
            b = any(codes, valueSet); // an unknown value-set name still fails here, every time it is asked
            memo.put(valueSet, b);
        }
        return b;
    }

    /** The recorded codes (normalised) that are in any of the value sets, for explanations. */
    public List<String> codesIn(String... valueSetNames) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : systems.entrySet()) {
            for (String vs : valueSetNames) {
                if (matches(vs, e.getKey(), e.getValue())) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }

    private boolean any(Map<String, Set<String>> codes, String valueSet) {
        ValueSets.Index index = valueSets.index(valueSet);
        for (Map.Entry<String, Set<String>> e : codes.entrySet()) {
            for (String system : e.getValue()) {
                if (index.contains(system, e.getKey())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matches(String valueSet, String code, Set<String> codeSystems) {
        ValueSets.Index index = valueSets.index(valueSet);
        for (String system : codeSystems) {
            if (index.contains(system, code)) {
                return true;
            }
        }
        return false;
    }
}
