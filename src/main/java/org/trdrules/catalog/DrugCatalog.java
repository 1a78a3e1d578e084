package org.trdrules.catalog;

import org.trdrules.ErrorCode;
import org.trdrules.SourceStatus;
import org.trdrules.engine.Csv;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The drug catalogue: antidepressants and augmentation agents with RxNorm, ATC, class and dose bounds, each dose
 * with its source and status. Look-up by ingredient or brand name (case-insensitive), RxNorm ingredient RxCUI or
 * ATC code. The bundled table is {@code org/trdrules/catalog/drugs.csv} (see docs/catalog.md); integrators may
 * replace it with {@link #fromCsv(Reader)}. Immutable and thread-safe once built.
 */
public final class DrugCatalog {

    static final String RESOURCE = "/org/trdrules/catalog/drugs.csv";
    private static final String[] HEADER = {"ingredient", "role", "drug_class", "mechanism", "atc_code", "rxcui",
        "rxcui_status", "min_daily_dose_mg", "min_dose_source", "min_dose_status", "max_daily_dose_mg",
        "max_dose_source", "max_dose_status", "brand_names", "notes"};

    private final List<Drug> drugs;
    private final Map<String, Drug> byKey;

    private DrugCatalog(List<Drug> drugs) {
        this.drugs = List.copyOf(drugs);
        Map<String, Drug> m = new HashMap<>();
        for (Drug d : drugs) {
            put(m, d.ingredient(), d);
            for (String b : d.brandNames()) {
                put(m, b, d);
            }
            if (d.rxcui() != null) {
                put(m, d.rxcui(), d);
            }
            if (d.atcCode() != null) {
                put(m, d.atcCode(), d);
            }
        }
        this.byKey = Map.copyOf(m);
    }

    private static void put(Map<String, Drug> m, String key, Drug d) {
        Drug prev = m.putIfAbsent(norm(key), d);
        if (prev != null && prev != d) {
            throw new IllegalArgumentException(ErrorCode.CATALOG_AMBIGUOUS_KEY.message("catalogue key '" + key + "' names both "
                    + prev.ingredient() + " and " + d.ingredient()));
        }
    }

    static String norm(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    }

    /** The catalogue bundled with the library. */
    public static DrugCatalog bundled() {
        return Holder.BUNDLED;
    }

    private static final class Holder {
        static final DrugCatalog BUNDLED = load();

        private static DrugCatalog load() {
            try (InputStream in = DrugCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message("bundled catalogue " + RESOURCE + " missing"));
                }
                return fromCsv(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Reads a catalogue in the bundled CSV format (same 15 columns, header first).
     *
     * @throws IllegalArgumentException with code {@code TRD-CATALOG-001} naming the row and column of a bad cell
     */
    public static DrugCatalog fromCsv(Reader csv) throws IOException {
        List<List<String>> rows = Csv.read(csv);
        if (rows.isEmpty() || !List.of(HEADER).equals(rows.get(0))) {
            throw new IllegalArgumentException(ErrorCode.CATALOG_INVALID.message("header must be " + String.join(",", HEADER)));
        }
        List<Drug> drugs = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue;
            }
            if (r.size() != HEADER.length) {
                throw bad(i, "row", "has " + r.size() + " fields, expected " + HEADER.length);
            }
            drugs.add(new Drug(
                    norm(required(r, i, 0)),
                    enumValue(DrugRole.class, r, i, 1),
                    enumValue(DrugClass.class, r, i, 2),
                    r.get(3),
                    blankToNull(r.get(4)),
                    blankToNull(r.get(5)),
                    new Sourced(number(r, i, 7), blankToNull(r.get(8)), enumValue(SourceStatus.class, r, i, 9)),
                    new Sourced(number(r, i, 10), blankToNull(r.get(11)), enumValue(SourceStatus.class, r, i, 12)),
                    r.get(13).isBlank() ? List.of() : List.of(r.get(13).split(";")),
                    blankToNull(r.get(14))));
        }
        return new DrugCatalog(drugs);
    }

    private static IllegalArgumentException bad(int row, String column, String why) {
        return new IllegalArgumentException(ErrorCode.CATALOG_INVALID.message("catalogue row " + row + " column " + column + " " + why));
    }

    private static String required(List<String> r, int i, int col) {
        String v = r.get(col).trim();
        if (v.isEmpty()) {
            throw bad(i, HEADER[col], "is required");
        }
        return v;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, List<String> r, int i, int col) {
        String v = required(r, i, col).toUpperCase(Locale.ROOT);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw bad(i, HEADER[col], "has unknown value '" + r.get(col) + "'");
        }
    }

    private static Double number(List<String> r, int i, int col) {
        String v = r.get(col).trim();
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Double.valueOf(v);
        } catch (NumberFormatException e) {
            throw bad(i, HEADER[col], "is not a number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Finds a drug by ingredient, brand name, RxNorm ingredient RxCUI or ATC code, ignoring case. */
    public Optional<Drug> find(String nameOrCode) {
        if (nameOrCode == null || nameOrCode.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKey.get(norm(nameOrCode)));
    }

    /** All drugs, in table order. */
    public Collection<Drug> drugs() {
        return drugs;
    }
}
