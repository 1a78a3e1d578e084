package org.trdrules.synthetic;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trdrules.ErrorCode;
import org.trdrules.engine.Csv;

/**
 * The generator's rates ({@code rates.csv}) and drug pools ({@code drug-pools.csv}), each row with its published
 * source or marked UNCONFIRMED. Loaded once; immutable and thread-safe.
 */
final class Rates {

    /** One rate row. */
    record Rate(String key, double value, String unit, String source, String status) {}

    /** One drug-pool row. */
    record PoolDrug(String pool, String ingredient, int weight, String source, String status) {}

    private static final Rates BUNDLED = load();

    private final Map<String, Rate> rates;
    private final List<PoolDrug> pools;

    private Rates(Map<String, Rate> rates, List<PoolDrug> pools) {
        this.rates = Map.copyOf(rates);
        this.pools = List.copyOf(pools);
    }

    static Rates bundled() {
        return BUNDLED;
    }

    double get(String key) {
        Rate r = rates.get(key);
        if (r == null) {
            throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message("synthetic rate " + key));
        }
        return r.value();
    }

    List<Rate> all() {
        return List.copyOf(new java.util.TreeMap<>(rates).values());
    }

    List<PoolDrug> pool(String name) {
        return pools.stream().filter(p -> p.pool().equals(name)).toList();
    }

    List<PoolDrug> pools() {
        return pools;
    }

    private static Rates load() {
        Map<String, Rate> rates = new LinkedHashMap<>();
        for (List<String> row : rows("rates.csv", 5)) {
            rates.put(row.get(0), new Rate(row.get(0), Double.parseDouble(row.get(1)), row.get(2), row.get(3),
                    row.get(4)));
        }
        List<PoolDrug> pools = new ArrayList<>();
        for (List<String> row : rows("drug-pools.csv", 5)) {
            pools.add(new PoolDrug(row.get(0), row.get(1), Integer.parseInt(row.get(2)), row.get(3), row.get(4)));
        }
        return new Rates(rates, pools);
    }

    private static List<List<String>> rows(String file, int columns) {
        try (InputStream in = Rates.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message("org/trdrules/synthetic/" + file));
            }
            List<List<String>> rows = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<List<String>> out = new ArrayList<>();
            for (int i = 1; i < rows.size(); i++) {
                List<String> r = rows.get(i);
                if (r.size() == 1 && r.get(0).isBlank()) {
                    continue;
                }
                if (r.size() != columns || r.get(4).isBlank()) {
                    throw new IllegalStateException(ErrorCode.CATALOG_INVALID.message("org/trdrules/synthetic/"
                            + file + " line " + (i + 1) + ": expected " + columns + " fields with a status"));
                }
                out.add(r);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message("org/trdrules/synthetic/" + file), e);
        }
    }
}
