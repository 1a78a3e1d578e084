package org.trdrules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trd-rules report}: one page per patient, named without patient data; typed results for bad input. */
class ReportCommandTests {

    static final List<String> EXAMPLE_IDS = List.of("atrq-2012", "two-ssris", "scores-and-gaps", "four-treatments");

    static List<Path> pages(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void onePagePerPatientNamedByPositionAndHashNeverById(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pages");
        CliRun r = CliRun.of("report", "--evaluation-date", "2026-11-01", "--out", out.toString(),
                "docs/examples/patients.json");
        assertEquals(0, r.exit(), r.err());
        List<Path> pages = pages(out);
        assertEquals(4, pages.size());
        for (int i = 0; i < pages.size(); i++) {
            String name = pages.get(i).getFileName().toString();
            assertTrue(name.matches(String.format("%03d", i + 1) + "-[0-9a-f]{12}\\.html"), name);
            String html = Files.readString(pages.get(i));
            assertTrue(html.contains("Patient <strong>" + EXAMPLE_IDS.get(i) + "</strong>"), "page " + i);
        }
        // sha256("atrq-2012") starts with these digits: the hash lets a holder of the id find the page
        assertEquals("001-88b5d0da5838.html", Report.fileName(1, "atrq-2012"));
        for (String id : EXAMPLE_IDS) {
            assertFalse(r.out().contains(id) || r.err().contains(id), "no id on stdout or stderr: " + id);
            for (Path p : pages) {
                assertFalse(p.getFileName().toString().contains(id));
            }
        }
        // the ATRQ page shows the example's verdicts
        String atrq = Files.readString(pages.get(0));
        assertTrue(atrq.contains("<tr id=\"def-four-treatments\">"));
        assertTrue(atrq.contains("four-treatments: 2 more failed adequate treatments"));
    }

    @Test
    void aFhirBundleGetsItsPage(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("report", "--fhir", "--evaluation-date", "2026-11-01", "--out", dir.toString(),
                "docs/examples/fhir-bundle.json");
        assertEquals(0, r.exit(), r.err());
        List<Path> pages = pages(dir);
        assertEquals(1, pages.size());
        String html = Files.readString(pages.get(0));
        assertTrue(html.contains("class=\"evalline\"") && html.contains(">PHQ-9</text>"));
    }

    @Test
    void aBadFileIsATypedLineAndCostsNoOtherPage(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pages");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[{\"id\": \"secret-id-7\", \"ageYears\": -5}]");
        CliRun r = CliRun.of("report", "--evaluation-date", "2026-11-01", "--out", out.toString(),
                dir.resolve("missing.json").toString(), broken.toString(), "docs/examples/patients.json");
        assertEquals(TrdCli.PARTIAL_FAILURE, r.exit());
        assertTrue(r.err().contains("input 1 (missing.json) not assessed, no page: TRD-IO-001"), r.err());
        assertTrue(r.err().contains("input 2 (broken.json) not assessed, no page: TRD-INPUT-001 ageYears"), r.err());
        assertFalse(r.err().contains("secret-id-7") || r.err().contains("-5"), r.err());
        List<Path> pages = pages(out);
        assertEquals(4, pages.size(), "the good file's patients");
        assertTrue(pages.get(0).getFileName().toString().startsWith("003-"));
    }

    @Test
    void outMustBeADirectoryAndIsRequired(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals(2, CliRun.of("report", "--out", file.toString(), "docs/examples/patients.json").exit());
        assertEquals(2, CliRun.of("report", "docs/examples/patients.json").exit());
        CliRun help = CliRun.of("report", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--out=DIR") && help.out().contains("Exit codes:"), help.out());
    }
}
