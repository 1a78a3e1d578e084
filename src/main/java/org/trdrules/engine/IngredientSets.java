package org.trdrules.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The ingredient value sets of {@link ValueSets} (system {@link ValueSets#INGREDIENT}) as hash sets, built once per
 * class loader, so the eligibility rules test membership in constant time: an option's own drug is looked up once
 * per engine (the option catalogue keeps the names of the value sets it is in), other drugs per assessment.
 * Immutable and thread-safe.
 */
final class IngredientSets {
    private IngredientSets() {}

    private static final Map<String, Set<String>> BY_SET = build();

    private static Map<String, Set<String>> build() {
        ValueSets vs = ValueSets.bundled();
        Map<String, Set<String>> m = new HashMap<>();
        for (String name : vs.names()) {
            Set<String> s = new HashSet<>();
            for (ValueSets.Entry e : vs.entries(name)) {
                if (ValueSets.INGREDIENT.equals(e.system()) && !e.prefix()) {
                    s.add(e.code());
                }
            }
            if (!s.isEmpty()) {
                m.put(name, Set.copyOf(s));
            }
        }
        return Map.copyOf(m);
    }

    /** The code an ingredient name has in the value sets: a space written as '-', then normalised. */
    static String code(String ingredient) {
        return Codes.normalise(ingredient.replace(' ', '-'));
    }

    /** True when the ingredient is in the named ingredient value set ({@code TRD-CATALOG-003} for an unknown name). */
    static boolean contains(String valueSet, String ingredient) {
        Set<String> s = set(valueSet);
        return ingredient != null && s.contains(code(ingredient));
    }

    /** The names of the ingredient value sets the ingredient is in (empty for null). */
    static Set<String> setsOf(String ingredient) {
        if (ingredient == null) {
            return Set.of();
        }
        String c = code(ingredient);
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, Set<String>> e : BY_SET.entrySet()) {
            if (e.getValue().contains(c)) {
                out.add(e.getKey());
            }
        }
        return Set.copyOf(out);
    }

    /** The named ingredient value set; a name that is no ingredient value set is a programming error. */
    static Set<String> set(String valueSet) {
        Set<String> s = BY_SET.get(valueSet);
        if (s == null) {
            ValueSets.bundled().entries(valueSet); // TRD-CATALOG-003 when no value set has the name
            throw new IllegalArgumentException("value set '" + valueSet + "' lists no ingredients");
        }
        return s;
    }
}
