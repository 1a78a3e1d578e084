package org.trdrules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress and the summary go to stderr, only on a terminal (or when asked), and carry counts only. */
class CliProgressTests {

    private static final String EXAMPLES = "docs/examples/patients.json";
    private static final BooleanSupplier REAL = TrdCli.stderrIsTerminal;

    private record Run(int exit, String out, String err) {}

    @AfterEach
    void realTerminalCheck() {
        TrdCli.stderrIsTerminal = REAL;
    }

    private static Run run(boolean terminal, String... args) {
        TrdCli.stderrIsTerminal = () -> terminal;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TrdCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Three files (over the two-file threshold) of the four example patients, plus a missing one. */
    private static String[] batch(Path dir, String... options) throws Exception {
        Path a = Files.copy(Path.of(EXAMPLES), dir.resolve("a.json"), StandardCopyOption.REPLACE_EXISTING);
        Path b = Files.copy(Path.of(EXAMPLES), dir.resolve("b.json"), StandardCopyOption.REPLACE_EXISTING);
        String[] files = {EXAMPLES, a.toString(), b.toString(), dir.resolve("missing.json").toString()};
        String[] args = new String[3 + options.length + files.length];
        args[0] = "assess";
        args[1] = "--evaluation-date";
        args[2] = "2026-11-01";
        System.arraycopy(options, 0, args, 3, options.length);
        System.arraycopy(files, 0, args, 3 + options.length, files.length);
        return args;
    }

    private static void assertNoPatientData(String err) {
        for (String id : new String[] {"atrq-2012", "two-ssris", "scores-and-gaps", "four-treatments", "2026-11-01",
                "sertraline", "missing.json"}) {
            assertFalse(err.contains(id), id + " in stderr: " + err);
        }
    }

    @Test
    void onATerminalALongBatchShowsProgressAndASummaryOnStderrWithCountsOnly(@TempDir Path dir) throws Exception {
        Run r = run(true, batch(dir, "--format", "json"));
        assertEquals(TrdCli.PARTIAL_FAILURE, r.exit());
        assertEquals(13, new ObjectMapper().readTree(r.out()).get("results").size(), "stdout is the JSON alone");
        assertTrue(r.err().contains("\r"), "redrawn in place: " + r.err());
        assertTrue(r.err().contains("12/12 patients"), "done / total: " + r.err());
        assertTrue(r.err().contains("patients/s"), "rate: " + r.err());
        assertTrue(r.err().matches("(?s).*\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\).*"),
                "elapsed / ETA: " + r.err());
        String[] lines = r.err().split("[\r\n]+");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("trd-rules assess: 12 patients assessed, 1 not assessed \\(4 files, \\d+\\.\\d s\\)"),
                last);
        for (String line : lines) {
            assertTrue(line.length() <= Progress.WIDTH + 1, "fits 80 columns: " + line);
        }
        assertNoPatientData(r.err());
    }

    @Test
    void quietSuppressesProgressAndSummaryOnATerminal(@TempDir Path dir) throws Exception {
        Run r = run(true, batch(dir, "--format", "json", "--quiet"));
        assertEquals(TrdCli.PARTIAL_FAILURE, r.exit());
        assertEquals("", r.err());
    }

    @Test
    void offATerminalNothingButTheReportIsPrintedUnlessTheSummaryIsAskedFor(@TempDir Path dir) throws Exception {
        Run r = run(false, batch(dir, "--format", "json"));
        assertEquals("", r.err(), "piped output stays clean");
        new ObjectMapper().readTree(r.out());

        Run s = run(false, batch(dir, "--summary"));
        assertTrue(s.err().matches(
                "trd-rules assess: 12 patients assessed, 1 not assessed \\(4 files, \\d+\\.\\d s\\)\\R"), s.err());
        assertNoPatientData(s.err());
    }

    @Test
    void aShortBatchOnATerminalHasNoProgressLineButTheSummary() {
        Run r = run(true, "assess", "--evaluation-date", "2026-11-01", EXAMPLES);
        assertEquals(0, r.exit());
        assertFalse(r.err().contains("\r"), r.err());
        assertTrue(r.err().startsWith("trd-rules assess: 4 patients assessed, 0 not assessed (1 file, "), r.err());
    }

    @Test
    void theRealCheckSaysNoTerminalUnderTheTestRunner() {
        assertFalse(REAL.getAsBoolean(), "surefire's stderr is a pipe");
    }
}
