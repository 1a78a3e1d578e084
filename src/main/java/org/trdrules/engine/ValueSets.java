package org.trdrules.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
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
 * code prefix, {@code match = prefix}) a row. Every code list the rules use lives there, so a list is written once and
 * queried by name: by rules through {@link Conditions#has(String)} and by Java through {@link #contains}. The files
 * are validated when loaded (a bad row is {@code TRD-CATALOG-001} with its file and line).
 *
 * <p>Codes are compared as the rules always compared them: trimmed, upper case, without dots. A condition coded in
 * one of the systems the value sets use is matched against the rows of that system only; a condition without a
 * system, or in a system no value set uses (a local system, an OID alias), is matched against every row, as before
 * value sets had systems (an ICD-10-CM code and a SNOMED CT concept id cannot be mistaken for each other).
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

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** One row: a code or prefix of a value set, with where it was read. */
    record Entry(String valueSet, String system, String code, boolean prefix, String display, String source,
                 String version, String file, int line) {
        boolean matches(String normalisedCode) {
            return prefix ? normalisedCode.startsWith(code) : normalisedCode.equals(code);
        }
    }

    private final Map<String, List<Entry>> byName;
    private final Set<String> systemsUsed;

    private ValueSets(Map<String, List<Entry>> byName) {
        Map<String, List<Entry>> m = new LinkedHashMap<>();
        Set<String> systems = new HashSet<>();
        for (Map.Entry<String, List<Entry>> e : byName.entrySet()) {
            m.put(e.getKey(), List.copyOf(e.getValue()));
            for (Entry x : e.getValue()) {
                systems.add(x.system());
            }
        }
        this.byName = Collections.unmodifiableMap(m);
        this.systemsUsed = Set.copyOf(systems);
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
                    String key = e.valueSet() + "|" + e.system() + "|" + e.code() + "|" + e.prefix();
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
            if (!match.equals("exact") && !match.equals("prefix")) {
                throw invalid(file, line, "match must be 'exact' or 'prefix'");
            }
            for (int c = 4; c < HEADER.size(); c++) {
                if (c != 4 && r.get(c).isBlank()) {
                    throw invalid(file, line, HEADER.get(c) + " must not be blank");
                }
            }
            out.add(new Entry(name, system, Codes.normalise(code), match.equals("prefix"), r.get(4).trim(),
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
        List<Entry> l = byName.get(valueSet);
        if (l == null) {
            throw new IllegalArgumentException(ErrorCode.CATALOG_MISSING.message("no value set named '" + valueSet
                    + "'"));
        }
        return l;
    }

    /**
     * True when the code (in the given system, which may be null) is in the value set.
     *
     * @throws IllegalArgumentException {@code TRD-CATALOG-003} when no value set has that name (a programming error)
     */
    public boolean contains(String valueSet, String system, String code) {
        List<Entry> entries = entries(valueSet);
        if (code == null || code.isBlank()) {
            return false;
        }
        return containsNormalised(entries, system, Codes.normalise(code));
    }

    boolean containsNormalised(List<Entry> entries, String system, String normalisedCode) {
        boolean anySystem = system == null || !systemsUsed.contains(system.trim());
        for (Entry e : entries) {
            if ((anySystem || e.system().equals(system.trim())) && e.matches(normalisedCode)) {
                return true;
            }
        }
        return false;
    }
}
