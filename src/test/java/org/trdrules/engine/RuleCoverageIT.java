package org.trdrules.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.trdrules.RuleInfo;
import org.trdrules.TrdEngine;

/**
 * Every rule of the catalogue fires somewhere in the unit-test suite. Runs in {@code mvn verify} (failsafe), after
 * surefire, reading what {@link RuleCoverageListener} recorded during the tests. A rule that never fires is either
 * untested (add a vignette that makes it fire) or dead (remove it, or list it below with the reason it cannot fire).
 */
class RuleCoverageIT {

    /** Rules that cannot fire in any valid assessment, each with its reason. Empty: every rule can fire. */
    private static final Set<String> CANNOT_FIRE = Set.of();

    @Test
    void everyRuleFiresSomewhereInTheSuite() throws IOException {
        Path dir = RuleCoverageListener.dir();
        assertTrue(Files.isDirectory(dir), dir + " missing: run the unit tests (mvn verify) first");
        Set<String> fired = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).toList();
        }
        assertFalse(files.isEmpty(), "no rule firings recorded in " + dir + ": did the unit tests run?");
        for (Path f : files) {
            fired.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
        Set<String> never = new TreeSet<>();
        for (RuleInfo r : TrdEngine.builder().evaluationDate(java.time.LocalDate.of(2026, 11, 1)).build().ruleCatalogue()) {
            if (!fired.contains(r.id()) && !CANNOT_FIRE.contains(r.id())) {
                never.add(r.id() + " (" + r.stage() + ")");
            }
        }
        assertTrue(never.isEmpty(), never.size() + " rule(s) never fired in the unit tests; add a vignette"
                + " (src/test/resources/vignettes/) that fires each, or explain why it cannot fire:\n  "
                + String.join("\n  ", never));
    }
}
