package org.trdrules.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.trdrules.ErrorCode;
import org.trdrules.engine.Csv;

/**
 * Named clinical value sets (code lists), read from the bundled CSV files under
 * {@code org/trdrules/valuesets/}: columns {@code valueset,system,code,match,display,source,version}, one code (or
 * code prefix, {@code match = prefix}, or pattern, {@code match = regex}) a row. Every code list the rules use lives there, so a list is written once and
 * queried by name: by rules through {@link Conditions#has(String)} and by Java through {@link #contains}. The files
 * are validated when loaded (a bad row is {@code TRD-CATALOG-001} with its file and line).
 *
 * <p>Codes are compared as the rules always compared them: trimmed, upper case, without dots. A condition coded in
 * one of the systems the value sets use is matched against the rows of that system only. A condition without a
 * system is matched against every row (an ICD-10-CM code and a SNOMED CT concept id cannot be mistaken for each
 * other). A few aliases are mapped explicitly ({@link #ALIASES}): the HL7 OIDs of ICD-10-CM and SNOMED CT, and WHO
 * ICD-10 ({@code http://hl7.org/fhir/sid/icd-10}), which is read as ICD-10-CM because the chapters the value sets use
 * (F mental and behavioural, E endocrine, G, R, T, X, Z) share their three-character categories in both. Any other
 * declared system (ICD-9-CM, Read codes, a local system) matches nothing: a Read code F12.. (Parkinson's disease) is
 * not ICD-10-CM F12 (cannabis). Such a code is also not interpretable for a value set ({@link #covers}), so a problem
 * list of such codes leaves a condition unknown rather than absent.
 *
 * <p>Internal. Immutable and thread-safe; {@link #bundled()} is loaded once per class loader and shared by every
 * engine and FHIR reader.
 */
public final class ValueSets {

    /** Directory of the bundled value-set files. */
    static final String DIRECTORY = "/org/trdrules/valuesets/";
    /**
     * The bundled value-set files, in load order: the one place that lists them. A value set may span files (its rows
     * are added together), but a row may not repeat.
     */
    static final List<String> FILES = List.of("core.csv", "eligibility.csv");

    /**
     * The code system of drug value sets that list ingredients by name (lower-case INN as the drug catalogue
     * normalises it, a space written as '-', e.g. {@code st-johns-wort}), for drugs outside the catalogue such as
     * NSAIDs or thiazides (eligibility.csv).
     */
    public static final String INGREDIENT = "urn:trdrules:ingredient";

    static final List<String> HEADER = List.of("valueset", "system", "code", "match", "display", "source", "version");

    /** The code systems a value-set row may name (canonical URIs). */
    static final Set<String> SYSTEMS = Set.of(
            "http://hl7.org/fhir/sid/icd-10-cm",
            "http://snomed.info/sct",
            "http://www.nlm.nih.gov/research/umls/rxnorm",
            "http://www.whocc.no/atc",
            "http://loinc.org",
            "http://www.ama-assn.org/go/cpt",
            INGREDIENT);

    /**
     * System aliases read as one of {@link #SYSTEMS}: the HL7 OIDs (bare and as {@code urn:oid:}) of ICD-10-CM
     * (2.16.840.1.113883.6.90) and SNOMED CT (2.16.840.1.113883.6.96), and WHO ICD-10, read as ICD-10-CM for the
     * categories the value sets use (the shared F/E/G/R/T/X/Z chapters; ICD-10-CM subdivides them further, and a
     * WHO code such as F30.1 then matches a prefix row, not an exact ICD-10-CM row).
     */
    static final Map<String, String> ALIASES = Map.of(
            "urn:oid:2.16.840.1.113883.6.90", "http://hl7.org/fhir/sid/icd-10-cm",
            "2.16.840.1.113883.6.90", "http://hl7.org/fhir/sid/icd-10-cm",
            "http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm",
            "urn:oid:2.16.840.1.113883.6.96", "http://snomed.info/sct",
            "2.16.840.1.113883.6.96", "http://snomed.info/sct");

    /** The canonical system a recorded system is read as; null when it is none the value sets know. */
    static String canonical(String system) {
        String s = system.trim();
        if (SYSTEMS.contains(s)) {
            return s;
        }
        return ALIASES.get(s);
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /**
     * One row: a code, a prefix or a pattern of a value set, with where it was read. {@code match} is
     * {@code exact}, {@code prefix} or {@code regex}; a regex row's code is a Java regular expression matched against
     * the whole normalised code (upper case, no dots), for code families a prefix cannot state (ICD-10-CM T36-T65
     * with 6th character 2, intentional self-harm).
     */
    record Entry(String valueSet, String system, String code, String match, Pattern pattern, String display,
                 String source, String version, String file, int line) {
        boolean prefix() {
            return match.equals("prefix");
        }

        boolean matches(String normalisedCode) {
            return switch (match) {
                case "prefix" -> normalisedCode.startsWith(code);
                case "regex" -> pattern.matcher(normalisedCode).matches();
                default -> normalisedCode.equals(code);
            };
        }
    }

    /** A regex row's pattern: upper-case letters, digits and regex syntax only (a normalised code has no dot). */
    private static final Pattern REGEX_ROW = Pattern.compile("[A-Z0-9\\[\\]()|?*+{},^$-]+");

    /**
     * One value set's rows indexed for lookup: per canonical system (and across all systems, for a code recorded
     * without one) its exact codes and its prefixes in hash sets, and its patterns. A lookup costs a few hash probes
     * however many rows the value set has (the eCQM expansions have hundreds). Immutable and thread-safe.
     */
    static final class Index {
        /** The key under which the rows of every system are indexed together (a code recorded without a system). */
        private static final String ANY = "";
        private final List<Entry> entries;
        private final Map<String, Set<String>> exact = new HashMap<>();
        private final Map<String, Set<String>> prefixes = new HashMap<>();
        private final Map<String, List<Pattern>> patterns = new HashMap<>();
        /** The lengths of the prefix rows, ascending: only these substrings of a code are probed. */
        private final int[] prefixLengths;

        private Index(List<Entry> entries) {
            this.entries = List.copyOf(entries);
            Set<Integer> lengths = new java.util.TreeSet<>();
            for (Entry e : this.entries) {
                for (String key : List.of(e.system(), ANY)) {
                    switch (e.match()) {
                        case "prefix" -> prefixes.computeIfAbsent(key, k -> new HashSet<>()).add(e.code());
                        case "regex" -> patterns.computeIfAbsent(key, k -> new ArrayList<>()).add(e.pattern());
                        default -> exact.computeIfAbsent(key, k -> new HashSet<>()).add(e.code());
                    }
                }
                if (e.prefix()) {
                    lengths.add(e.code().length());
                }
            }
            this.prefixLengths = lengths.stream().mapToInt(Integer::intValue).toArray();
        }

        /** True when a normalised code recorded in {@code system} (null: any system) is in the value set. */
        boolean contains(String system, String normalisedCode) {
            String key = ANY;
            if (system != null) {
                key = canonical(system);
                if (key == null) {
                    return false;
                }
            }
            Set<String> codes = exact.get(key);
            if (codes != null && codes.contains(normalisedCode)) {
                return true;
            }
            Set<String> starts = prefixes.get(key);
            if (starts != null) {
                for (int length : prefixLengths) {
                    if (length > normalisedCode.length()) {
                        break;
                    }
                    if (starts.contains(normalisedCode.substring(0, length))) {
                        return true;
                    }
                }
            }
            List<Pattern> regexes = patterns.get(key);
            if (regexes != null) {
                for (Pattern pt : regexes) {
                    if (pt.matcher(normalisedCode).matches()) {
                        return true;
                    }
                }
            }
            return false;
        }

        /**
         * True when a code recorded in {@code system} can be read against the value set: the system is null (matched
         * against every row) or is, or is an alias of, a system some row of the value set uses. A code that is not
         * interpretable says nothing about whether the condition is present.
         */
        boolean covers(String system) {
            if (system == null) {
                return true;
            }
            String canonical = canonical(system);
            return canonical != null && (exact.containsKey(canonical) || prefixes.containsKey(canonical)
                    || patterns.containsKey(canonical));
        }
    }

    private final Map<String, Index> byName;

    private ValueSets(Map<String, List<Entry>> byName) {
        Map<String, Index> m = new LinkedHashMap<>();
        for (Map.Entry<String, List<Entry>> e : byName.entrySet()) {
            m.put(e.getKey(), new Index(e.getValue()));
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /** The bundled value sets, loaded (and validated) once. */
    public static ValueSets bundled() {
        return Holder.BUNDLED;
    }

    private static final class Holder {
        static final ValueSets BUNDLED = load(f -> ValueSets.class.getResourceAsStream(DIRECTORY + f), FILES);
    }

    /** Loads the named files through {@code open} (null = missing, {@code TRD-CATALOG-003}). */
    static ValueSets load(Function<String, InputStream> open, List<String> files) {
        Map<String, List<Entry>> byName = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String file : files) {
            try (InputStream in = open.apply(file)) {
                if (in == null) {
                    throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message("bundled value-set file valuesets/"
                            + file + " missing"));
                }
                for (Entry e : parse("valuesets/" + file, new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String key = e.valueSet() + "|" + e.system() + "|" + e.code() + "|" + e.match();
                    if (!seen.add(key)) {
                        throw invalid(e.file(), e.line(), "row repeats " + e.valueSet() + " " + e.code());
                    }
                    byName.computeIfAbsent(e.valueSet(), k -> new ArrayList<>()).add(e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ValueSets(byName);
    }

    /** Parses and validates one file; {@code file} names it in errors. */
    static List<Entry> parse(String file, Reader in) throws IOException {
        List<List<String>> rows = Csv.read(in);
        if (rows.isEmpty() || !rows.get(0).equals(HEADER)) {
            throw invalid(file, 1, "header must be " + String.join(",", HEADER));
        }
        List<Entry> out = new ArrayList<>(rows.size());
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            int line = i + 1;
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue;
            }
            if (r.size() != HEADER.size()) {
                throw invalid(file, line, "expected " + HEADER.size() + " columns, found " + r.size());
            }
            String name = r.get(0).trim();
            String system = r.get(1).trim();
            String code = r.get(2).trim();
            String match = r.get(3).trim();
            if (!NAME.matcher(name).matches()) {
                throw invalid(file, line, "valueset must be lower-case words joined by '-'");
            }
            if (!SYSTEMS.contains(system)) {
                throw invalid(file, line, "system must be one of " + new java.util.TreeSet<>(SYSTEMS));
            }
            if (code.isEmpty() || code.chars().anyMatch(Character::isWhitespace)) {
                throw invalid(file, line, "code must be non-blank without spaces");
            }
            if (!match.equals("exact") && !match.equals("prefix") && !match.equals("regex")) {
                throw invalid(file, line, "match must be 'exact', 'prefix' or 'regex'");
            }
            Pattern pattern = null;
            if (match.equals("regex")) {
                if (!REGEX_ROW.matcher(code).matches()) {
                    throw invalid(file, line, "regex code must use upper-case letters, digits and regex syntax only"
                            + " (codes are matched normalised: upper case, no dots)");
                }
                try {
                    pattern = Pattern.compile(code);
                } catch (java.util.regex.PatternSyntaxException x) {
                    throw invalid(file, line, "regex code does not compile: " + x.getDescription());
                }
            }
            for (int c = 4; c < HEADER.size(); c++) {
                if (c != 4 && r.get(c).isBlank()) {
                    throw invalid(file, line, HEADER.get(c) + " must not be blank");
                }
            }
            out.add(new Entry(name, system, pattern == null ? Codes.normalise(code) : code, match, pattern,
                    r.get(4).trim(),
                    r.get(5).trim(), r.get(6).trim(), file, line));
        }
        return out;
    }

    private static IllegalArgumentException invalid(String file, int line, String what) {
        return new IllegalArgumentException(ErrorCode.CATALOG_INVALID.message(file + ":" + line + ": " + what));
    }

    /** The value-set names, in file order. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** The rows of a value set; {@code TRD-CATALOG-003} when no value set has that name. */
    List<Entry> entries(String valueSet) {
        return index(valueSet).entries;
    }

    /** The indexed rows of a value set; {@code TRD-CATALOG-003} when no value set has that name. */
    Index index(String valueSet) {
        Index i = byName.get(valueSet);
        if (i == null) {
            throw new IllegalArgumentException(ErrorCode.CATALOG_MISSING.message("no value set named '" + valueSet
                    + "'"));
        }
        return i;
    }

    /**
     * True when the code (in the given system, which may be null) is in the value set.
     *
     * @throws IllegalArgumentException {@code TRD-CATALOG-003} when no value set has that name (a programming error)
     */
    public boolean contains(String valueSet, String system, String code) {
        Index index = index(valueSet);
        if (code == null || code.isBlank()) {
            return false;
        }
        return index.contains(system, Codes.normalise(code));
    }
}
