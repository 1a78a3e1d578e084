package org.trdrules.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.trdrules.catalog.Csv;

/** SNOMED CT codes of the eCQM "Bipolar Disorder" value set, from the bundled code table. Immutable. */
final class BipolarCodes {
    private BipolarCodes() {}

    static final Set<String> SNOMED = load();

    private static Set<String> load() {
        Set<String> out = new HashSet<>();
        try (InputStream in = BipolarCodes.class.getResourceAsStream("/org/trdrules/fhir/codes.csv")) {
            List<List<String>> rows = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (List<String> r : rows.subList(1, rows.size())) {
                if (r.get(3).equals("BIPOLAR") && r.get(0).equals("http://snomed.info/sct")) {
                    out.add(r.get(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
