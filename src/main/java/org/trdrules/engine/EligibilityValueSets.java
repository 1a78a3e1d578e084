package org.trdrules.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.trdrules.ErrorCode;
import org.trdrules.catalog.Csv;

/**
 * The named code lists of the eligibility rules, {@code valuesets/eligibility.csv} (columns valueset, system, code,
 * match, display, source, version): condition-code prefixes and ingredient names, each list with its source. Read
 * once; queried by name from the rules through {@link EligibilityContext}. Immutable and thread-safe.
 */
final class EligibilityValueSets {
    static final String RESOURCE = "/org/trdrules/valuesets/eligibility.csv";

    private static final EligibilityValueSets BUNDLED = load();

    private final Map<String, List<String>> prefixes;
    private final Map<String, Set<String>> names;

    private EligibilityValueSets(Map<String, List<String>> prefixes, Map<String, Set<String>> names) {
        this.prefixes = prefixes;
        this.names = names;
    }

    static EligibilityValueSets bundled() {
        return BUNDLED;
    }

    /** Normalised code prefixes of a value set of condition codes. */
    List<String> prefixes(String valueSet) {
        List<String> p = prefixes.get(valueSet);
        if (p == null) {
            throw new IllegalArgumentException("unknown value set " + valueSet);
        }
        return p;
    }

    /** True when the ingredient (lower case) is in the named value set of ingredient names. */
    boolean contains(String valueSet, String ingredient) {
        Set<String> s = names.get(valueSet);
        if (s == null) {
            throw new IllegalArgumentException("unknown value set " + valueSet);
        }
        return ingredient != null && s.contains(ingredient);
    }

    Set<String> names(String valueSet) {
        Set<String> s = names.get(valueSet);
        if (s == null) {
            throw new IllegalArgumentException("unknown value set " + valueSet);
        }
        return s;
    }

    private static EligibilityValueSets load() {
        try (InputStream in = EligibilityValueSets.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message("value sets " + RESOURCE + " missing"));
            }
            List<List<String>> rows = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, List<String>> prefixes = new HashMap<>();
            Map<String, Set<String>> names = new HashMap<>();
            for (int i = 1; i < rows.size(); i++) {
                List<String> r = rows.get(i);
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;
                }
                if (r.size() != 7) {
                    throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message(RESOURCE + " line " + (i + 1)
                            + " has " + r.size() + " columns, expected 7"));
                }
                if ("ingredient".equals(r.get(1))) {
                    names.computeIfAbsent(r.get(0), k -> new HashSet<>()).add(r.get(2).toLowerCase(Locale.ROOT));
                } else if ("prefix".equals(r.get(3))) {
                    prefixes.computeIfAbsent(r.get(0), k -> new ArrayList<>()).add(Codes.normalise(r.get(2)));
                } else {
                    throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message(RESOURCE + " line " + (i + 1)
                            + ": match must be prefix for condition codes"));
                }
            }
            Map<String, List<String>> p = new HashMap<>();
            prefixes.forEach((k, v) -> p.put(k, List.copyOf(v)));
            Map<String, Set<String>> n = new HashMap<>();
            names.forEach((k, v) -> n.put(k, Set.copyOf(v)));
            return new EligibilityValueSets(Map.copyOf(p), Map.copyOf(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
