package org.trdrules.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.trdrules.ErrorCode;
import org.trdrules.RuleInfo;
import org.trdrules.TrdEngine;
import org.trdrules.engine.Csv;

/**
 * The registry of published sources ({@code org/trdrules/sources/sources.csv}: id, authors, title, year, venue,
 * locator, cite) and docs/sources.md rendered from it, with the rules that cite each source. A citation refers to a
 * source when it contains one of the source's {@code cite} forms (separated by {@code |}); every part of a rule's
 * citation (parts are separated by "; ") must refer to one. Stateless; the registry is immutable.
 */
public final class SourcesDoc {
    private SourcesDoc() {}

    static final String RESOURCE = "/org/trdrules/sources/sources.csv";
    static final List<String> HEADER = List.of("id", "authors", "title", "year", "venue", "locator", "cite");

    /** One published source. */
    record Source(String id, String authors, String title, String year, String venue, String locator,
                  List<String> cite) {
        boolean citedBy(String citation) {
            for (String c : cite) {
                if (citation.contains(c)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The bundled registry, validated: a bad row is {@code TRD-CATALOG-001} with its line. */
    static List<Source> registry() {
        try (InputStream in = SourcesDoc.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ErrorCode.CATALOG_MISSING.message("bundled sources/sources.csv missing"));
            }
            List<List<String>> rows = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            if (rows.isEmpty() || !rows.get(0).equals(HEADER)) {
                throw bad(1, "header must be " + String.join(",", HEADER));
            }
            List<Source> out = new ArrayList<>();
            Set<String> ids = new TreeSet<>();
            for (int i = 1; i < rows.size(); i++) {
                List<String> r = rows.get(i);
                if (r.size() != HEADER.size()) {
                    throw bad(i + 1, "expected " + HEADER.size() + " columns");
                }
                for (int c : new int[] {0, 1, 2, 3, 4, 6}) {
                    if (r.get(c).isBlank()) {
                        throw bad(i + 1, HEADER.get(c) + " must not be blank");
                    }
                }
                if (!ids.add(r.get(0))) {
                    throw bad(i + 1, "id " + r.get(0) + " repeats");
                }
                out.add(new Source(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5),
                        List.of(r.get(6).split("\\|"))));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IllegalStateException bad(int line, String what) {
        return new IllegalStateException(ErrorCode.CATALOG_INVALID.message("sources/sources.csv:" + line + ": " + what));
    }

    /** The parts of a citation ("; "-separated) that name no registered source. */
    static List<String> unregistered(String citation, List<Source> registry) {
        List<String> out = new ArrayList<>();
        for (String part : citation.split(";\\s+")) {
            if (registry.stream().noneMatch(s -> s.citedBy(part))) {
                out.add(part);
            }
        }
        return out;
    }

    /** The Markdown document: every source with its full reference and the rules that cite it. */
    public static String render(TrdEngine engine) {
        List<Source> registry = registry();
        Map<String, List<String>> citedBy = new LinkedHashMap<>();
        List<RuleInfo> rules = engine.ruleCatalogue().stream().sorted(Comparator.comparing(RuleInfo::id)).toList();
        for (Source s : registry) {
            List<String> ids = new ArrayList<>();
            for (RuleInfo r : rules) {
                if (s.citedBy(r.citation())) {
                    ids.add("`" + r.id() + "`");
                }
            }
            citedBy.put(s.id(), ids);
        }
        StringBuilder b = new StringBuilder("# Sources\n\n");
        b.append("<!-- Generated from src/main/resources/org/trdrules/sources/sources.csv and the rule metadata;"
                + " do not edit. SourcesDocTests fails when this file is stale or a rule cites an unregistered"
                + " source. -->\n\n");
        b.append("Every citation in the rules, the code tables and the thresholds names one of these published"
                + " sources. `cite` is how a citation refers to the source.\n\n");
        b.append("| id | reference | cite | cited by rules |\n|---|---|---|---|\n");
        for (Source s : registry) {
            b.append("| `").append(s.id()).append("` | ").append(s.authors().endsWith(".") ? s.authors() + " " : s.authors() + ". ")
                    .append(s.title())
                    .append(". ").append(s.venue()).append(", ").append(s.year())
                    .append(s.locator().isBlank() ? "" : ". " + s.locator()).append(" | ")
                    .append(String.join(" / ", s.cite().stream().map(c -> "\"" + c + "\"").toList())).append(" | ")
                    .append(citedBy.get(s.id()).isEmpty() ? "-" : String.join(", ", citedBy.get(s.id())))
                    .append(" |\n");
        }
        return b.toString();
    }
}
