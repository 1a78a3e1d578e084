package org.trdrules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.trdrules.RuleInfo;
import org.trdrules.TrdConfig;
import org.trdrules.Vignettes;
import org.trdrules.engine.Csv;

/**
 * Every citation names a registered published source, none points at notes outside the repository, and
 * docs/sources.md is current (regenerate with {@code mvn test -Dtest=SourcesDocTests -Dtrd.updateDocs=true}).

 */
class SourcesDocTests {

    /** Files not checked for references to notes: generated from the rule metadata, which is checked below. */
    static final List<String> EXEMPT_FILES = List.of("docs/definitions.md");

    /** Ways of pointing at the clinical notes that are not part of the repository. */
    static final List<String> NOTES = List.of("criteria 5", "criteria.md", "criteria-addendum", "criteria addendum",
            "sources-raw", "guidelines-2023", "/shared/");

    private static String notesReference(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return NOTES.stream().filter(t::contains).findFirst().orElse(null);
    }

    @Test
    void everyRuleCitationNamesRegisteredSourcesAndNoNotes() {
        List<SourcesDoc.Source> registry = SourcesDoc.registry();
        List<String> problems = new ArrayList<>();
        for (RuleInfo r : Vignettes.engine().ruleCatalogue()) {
            if (notesReference(r.citation()) != null) {
                problems.add(r.id() + ": cites the notes (" + notesReference(r.citation()) + ")");
            }
            for (String part : SourcesDoc.unregistered(r.citation(), registry)) {
                problems.add(r.id() + ": no registered source in \"" + part + "\"");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyCodeTableSourceIsRegistered() throws IOException {
        List<SourcesDoc.Source> registry = SourcesDoc.registry();
        List<String> problems = new ArrayList<>();
        for (String table : List.of("/org/trdrules/fhir/codes.csv", "/org/trdrules/valuesets/core.csv",
                "/org/trdrules/valuesets/eligibility.csv")) {
            List<List<String>> rows = Csv.read(new InputStreamReader(getClass().getResourceAsStream(table),
                    StandardCharsets.UTF_8));
            int col = rows.get(0).indexOf("source");
            for (int i = 1; i < rows.size(); i++) {
                String source = rows.get(i).get(col);
                if (notesReference(source) != null || !SourcesDoc.unregistered(source, registry).isEmpty()) {
                    problems.add(table + ":" + (i + 1) + ": " + source);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyDrugCatalogueDoseSourceIsRegistered() throws IOException {
        List<SourcesDoc.Source> registry = SourcesDoc.registry();
        List<String> problems = new ArrayList<>();
        List<List<String>> rows = Csv.read(new InputStreamReader(
                getClass().getResourceAsStream("/org/trdrules/catalog/drugs.csv"), StandardCharsets.UTF_8));
        for (String column : List.of("min_dose_source", "max_dose_source")) {
            int col = rows.get(0).indexOf(column);
            for (int i = 1; i < rows.size(); i++) {
                String source = rows.get(i).get(col);
                if (!source.isBlank() && (notesReference(source) != null
                        || !SourcesDoc.unregistered(source, registry).isEmpty())) {
                    problems.add("drugs.csv:" + (i + 1) + " " + column + ": " + source);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void noThresholdOrDefinitionCitesTheNotes() {
        List<String> problems = new ArrayList<>();
        for (TrdConfig.Setting s : TrdConfig.defaults().settings()) {
            if (notesReference(s.citation()) != null) {
                problems.add(s.name());
            }
        }
        Vignettes.engine().definitions().stream().filter(d -> notesReference(d.citation()) != null)
                .forEach(d -> problems.add(d.id()));
        assertEquals(List.of(), problems);
    }

    @Test
    void noFileInTheRepositoryPointsAtTheNotes() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String root : List.of("src/main", "src/reference", "docs", "README.md", "CHANGELOG.md", "NOTICE")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String p = f.toString().replace('\\', '/');
                    if (EXEMPT_FILES.stream().anyMatch(p::startsWith) || !(p.endsWith(".java") || p.endsWith(".drl")
                            || p.endsWith(".csv") || p.endsWith(".md") || p.endsWith("NOTICE"))) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    for (int i = 0; i < lines.size(); i++) {
                        String hit = notesReference(lines.get(i));
                        // CHANGELOG entries may name what was replaced; the history is not a citation
                        if (hit != null && !p.equals("CHANGELOG.md")) {
                            problems.add(p + ":" + (i + 1) + ": " + hit);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void sourcesDocumentIsCurrent() throws IOException {
        Path doc = Path.of("docs/sources.md");
        String expected = SourcesDoc.render(Vignettes.engine());
        if (Boolean.getBoolean("trd.updateDocs")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "",
                "docs/sources.md is stale: run mvn test -Dtest=SourcesDocTests -Dtrd.updateDocs=true");
    }
}
