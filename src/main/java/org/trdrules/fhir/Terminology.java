package org.trdrules.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.trdrules.ErrorCode;
import org.trdrules.engine.Csv;
import org.trdrules.catalog.Drug;
import org.trdrules.catalog.DrugCatalog;

/**
 * RxNorm medication codes and names to products: each product a list of ingredients (catalogue drug when known) with
 * a strength in mg per unit. Codes come from a sourced table of public value-set expansions
 * ({@code fhir/rxnorm-products.csv}, origin in {@code docs/fhir.md}); names that are only text are parsed as RxNorm
 * normalized names ("fluoxetine 25 MG / olanzapine 6 MG Oral Capsule"). Immutable and thread-safe.
 */
final class Terminology {

    static final String TABLE = "/org/trdrules/fhir/rxnorm-products.csv";
    private static final String HEADER = "rxnorm_code,display,ingredients,strengths_mg,dose_form,value_sets";
    /** "sertraline 50 MG", "selegiline 0.25 MG/HR", "lithium carbonate 300 MG". */
    private static final Pattern STRENGTH = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(MG|MCG|G)(?:\\s*/\\s*(HR|24\\s*HR|ML|ACTUAT))?", Pattern.CASE_INSENSITIVE);

    /** The ingredient opens each part of an RxNorm name; its salt follows ("dextromethorphan hydrobromide 45 MG"). */
    private static final Pattern INGREDIENT = Pattern.compile("^\\s*(?:\\{?\\d+\\s*\\(\\s*)?(?:24 hr |12 hr )?([a-z][a-z-]+)");

    /** Dose-form words of local (non-systemic) products. */
    private static final List<String> LOCAL_FORMS = List.of("topical", "cream", "ointment", "lotion", "ophthalmic",
            "otic", "shampoo", "cutaneous");

    /** One ingredient of a product. */
    record Component(String name, Drug drug, Double strengthMg) {}

    /**
     * A medication product.
     *
     * @param components ingredients in the order of the name
     * @param doseForm   dose form words ("Oral Tablet", "Transdermal System"), "" when unknown
     * @param how        how it was resolved, for the mapping report
     */
    record Product(List<Component> components, String doseForm, String how) {

        boolean transdermal() {
            return doseForm.toLowerCase(Locale.ROOT).contains("transdermal");
        }

        /** False for local forms (creams, ointments, eye and ear drops...), which are no antidepressant trial. */
        boolean systemic() {
            String f = doseForm.toLowerCase(Locale.ROOT);
            for (String local : LOCAL_FORMS) {
                if (f.contains(local)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final DrugCatalog catalog;
    private final Map<String, Row> byCode;
    private final List<Drug> byNameLength;

    private record Row(String display, String[] ingredients, Double[] strengths, String doseForm) {}

    Terminology(DrugCatalog catalog) {
        this.catalog = catalog;
        this.byCode = load();
        List<Drug> drugs = new ArrayList<>(catalog.drugs());
        // longest names first, so "dextromethorphan-bupropion" wins over "bupropion" in text
        drugs.sort((a, b) -> Integer.compare(b.ingredient().length(), a.ingredient().length()));
        this.byNameLength = List.copyOf(drugs);
    }

    private static Map<String, Row> load() {
        try (InputStream in = Terminology.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message("bundled table " + TABLE + " missing"));
            }
            List<List<String>> rows = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            if (rows.isEmpty() || !String.join(",", rows.get(0)).equals(HEADER)) {
                throw new IllegalStateException(ErrorCode.CATALOG_INVALID.message(TABLE + " header must be " + HEADER));
            }
            Map<String, Row> m = new HashMap<>();
            for (int n = 1; n < rows.size(); n++) {
                List<String> r = rows.get(n);
                try {
                    String[] ingredients = r.get(2).split("\\s*/\\s*");
                    String[] s = r.get(3).isBlank() ? new String[0] : r.get(3).split("\\s*/\\s*", -1);
                    Double[] strengths = new Double[ingredients.length];
                    for (int i = 0; i < ingredients.length && i < s.length; i++) {
                        strengths[i] = s[i].isBlank() ? null : Double.valueOf(s[i]);
                    }
                    if (r.get(0).isBlank() || m.put(r.get(0).trim(), new Row(r.get(1), ingredients, strengths,
                            r.get(4))) != null) {
                        throw new IllegalArgumentException("blank or repeated code");
                    }
                } catch (RuntimeException e) {
                    throw new IllegalStateException(ErrorCode.CATALOG_INVALID.message(TABLE + " row " + n
                            + " is malformed (" + e.getClass().getSimpleName() + ")"), e);
                }
            }
            return Map.copyOf(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A product for an RxNorm code of the table (whether or not its ingredients are catalogue drugs), else an
     * ingredient code of the catalogue, else the text; empty when none of these is known.
     */
    Optional<Product> resolve(String rxnormCode, String text) {
        if (rxnormCode != null && !rxnormCode.isBlank()) {
            Row row = byCode.get(rxnormCode.trim());
            if (row != null) {
                List<Component> cs = new ArrayList<>();
                for (int i = 0; i < row.ingredients().length; i++) {
                    String name = row.ingredients()[i];
                    cs.add(new Component(name, catalog.find(name).orElse(null), row.strengths()[i]));
                }
                // also when no ingredient is a catalogue drug (carbamazepine): its ingredients are still known
                return Optional.of(new Product(List.copyOf(cs), row.doseForm(), "RxNorm code (value-set table)"));
            }
            Optional<Drug> d = catalog.find(rxnormCode);
            if (d.isPresent()) {
                return Optional.of(new Product(List.of(new Component(d.get().ingredient(), d.get(), null)), "",
                        "RxNorm ingredient code (catalogue)"));
            }
        }
        return text == null || text.isBlank() ? Optional.empty() : parse(text);
    }

    /**
     * Parses an RxNorm normalized name or free text. A name of several parts each with its strength ("fluoxetine 25
     * MG / olanzapine 6 MG Oral Capsule") is a product of those ingredients, non-catalogue ones kept by name. Other
     * text resolves only when it names exactly one catalogue drug: text naming two ("sertraline; stopped
     * fluoxetine") is ambiguous and resolves to nothing rather than to an invented combination.
     */
    Optional<Product> parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        String[] parts = lower.split("\\s/\\s");
        boolean normalized = parts.length > 1;
        for (String part : parts) {
            normalized &= strength(part) != null;
        }
        List<Component> cs = new ArrayList<>();
        for (String part : normalized ? parts : new String[] {lower}) {
            Drug found = null;
            int at = -1;
            for (Drug d : byNameLength) {
                int i = wordIndex(part, d);
                if (i < 0) {
                    continue;
                }
                if (!normalized && found != null && found != d && !overlaps(part, found, at, d, i)) {
                    return Optional.empty(); // two drugs named in free text: ambiguous
                }
                if (found == null || i < at) {
                    found = d;
                    at = i;
                }
            }
            if (found == null) {
                // a part of a multi-ingredient RxNorm name that is no catalogue drug ("perphenazine 2 mg"): by name
                String name = normalized ? ingredientName(part) : null;
                if (name != null) {
                    cs.add(new Component(name, null, strength(part)));
                }
                continue;
            }
            Drug f = found;
            if (cs.stream().noneMatch(c -> c.drug() == f)) {
                cs.add(new Component(found.ingredient(), found, strength(part.substring(at))));
            }
        }
        if (cs.stream().noneMatch(c -> c.drug() != null)) {
            return Optional.empty();
        }
        return Optional.of(new Product(List.copyOf(cs), doseForm(lower), "name (text)"));
    }

    /** The leading ingredient word of one part of an RxNorm name, or null. */
    static String ingredientName(String part) {
        Matcher m = INGREDIENT.matcher(part);
        return m.find() ? m.group(1) : null;
    }

    /** True when one name sits inside the other's match ("dextromethorphan-bupropion" contains "bupropion"). */
    private static boolean overlaps(String text, Drug a, int at, Drug b, int bt) {
        int aEnd = at + nameLength(text, a, at);
        int bEnd = bt + nameLength(text, b, bt);
        return at <= bt && bEnd <= aEnd || bt <= at && aEnd <= bEnd;
    }

    private static int nameLength(String text, Drug d, int at) {
        if (text.startsWith(d.ingredient(), at)) {
            return d.ingredient().length();
        }
        for (String b : d.brandNames()) {
            if (text.startsWith(b.toLowerCase(Locale.ROOT), at)) {
                return b.length();
            }
        }
        return 0;
    }

    /** Position of the drug's ingredient or one of its names as a whole word in the text, or -1. */
    private static int wordIndex(String text, Drug d) {
        int best = indexOfWord(text, d.ingredient());
        for (String b : d.brandNames()) {
            int i = indexOfWord(text, b.toLowerCase(Locale.ROOT));
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    static int indexOfWord(String text, String word) {
        int from = 0;
        while (true) {
            int i = text.indexOf(word, from);
            if (i < 0) {
                return -1;
            }
            int end = i + word.length();
            boolean startOk = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
            boolean endOk = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (startOk && endOk) {
                return i;
            }
            from = i + 1;
        }
    }

    /** mg per unit from "50 MG", "0.5 G", "0.25 MG/HR" (x 24: per day of a transdermal system), "6 MG/24HR". */
    static Double strength(String text) {
        Matcher m = STRENGTH.matcher(text);
        if (!m.find()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        v = unit.equals("G") ? v * 1000 : unit.equals("MCG") ? v / 1000 : v;
        String per = m.group(3) == null ? "" : m.group(3).toUpperCase(Locale.ROOT).replace(" ", "");
        if (per.equals("HR")) {
            v *= 24;
        } else if (per.equals("ML") || per.equals("ACTUAT")) {
            return null; // per volume or per actuation: the dose needs the volume, not a unit count
        }
        return Double.isFinite(v) ? v : null;
    }

    private static String doseForm(String lower) {
        for (String local : LOCAL_FORMS) {
            if (lower.contains(local)) {
                return local; // "doxepin 5% cream": a local form wherever the words stand
            }
        }
        int i = lower.lastIndexOf(" mg ");
        String tail = i >= 0 ? lower.substring(i + 4) : "";
        return tail.contains("transdermal") || lower.contains("transdermal") ? "Transdermal System" : tail.trim();
    }
}
