package org.trdrules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trdrules.TrdEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** What people expect of a command line: a real version, help on every subcommand, documented exit codes. */
class CliOptionsTests {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void versionNamesTheBuildVersionAndTheRulesVersion() {
        CliRun r = run("--version");
        assertEquals(0, r.exit());
        String rules = TrdEngine.builder().evaluationDate(LocalDate.of(2026, 11, 1)).build().rulesVersion();
        String line = r.out().strip();
        assertTrue(line.matches("trd-rules \\d+\\.\\d+\\.\\d+\\S* \\(rules \\S+\\)"), line);
        assertTrue(line.endsWith("(rules " + rules + ")"), line);
        assertFalse(line.contains("null") || line.contains("unknown") || line.contains("${"), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"assess", "definitions", "serve"})
    void everySubcommandHasHelpThatListsItsExitCodes(String command) {
        CliRun r = run(command, "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: trd-rules " + command), r.out());
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  1 +\\S.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  2 +usage error.*"), r.out());
        assertEquals("", r.err());
        assertEquals(0, run(command, "--version").exit());
    }

    @Test
    void mainHelpAndAssessHelpListEveryExitCode() {
        for (CliRun r : new CliRun[] {run("--help"), run("assess", "--help")}) {
            assertEquals(0, r.exit());
            for (String code : new String[] {"0   success", "1   internal error", "2   usage error",
                    "3   some file or patient not assessed"}) {
                assertTrue(r.out().contains(code), code + " in\n" + r.out());
            }
        }
    }

    @Test
    void usageErrorsAreExitCode2() {
        assertEquals(2, run().exit(), "no subcommand");
        assertEquals(2, run("assess").exit(), "no FILE");
        assertEquals(2, run("assess", "--bogus", "docs/examples/patients.json").exit());
        assertEquals(2, run("assess", "--evaluation-date", "yesterday", "docs/examples/patients.json").exit());
        assertEquals(2, run("frobnicate").exit());
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        final Throwable thrown;

        Boom(Throwable thrown) {
            this.thrown = thrown;
        }

        @Override
        public Integer call() throws Exception {
            if (thrown instanceof Error e) {
                throw e;
            }
            throw (Exception) thrown;
        }
    }

    private static CliRun boom(Throwable t) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TrdCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        cl.addSubcommand("boom", new Boom(t));
        int exit = TrdCli.execute(cl, new String[] {"boom"});
        return new CliRun(exit, out.toString(), err.toString());
    }

    @Test
    void anInternalErrorIsExit1AndOneLineWithTheTypeButNeverTheMessage() {
        for (Throwable t : new Throwable[] {new IllegalStateException("patient P-4711 born 1961-02-03"),
                new StackOverflowError("patient P-4711")}) {
            CliRun r = boom(t);
            assertEquals(TrdCli.INTERNAL_ERROR, r.exit());
            assertEquals("", r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(t.getClass().getName()), r.err());
            assertFalse(r.err().contains("P-4711") || r.err().contains("1961"), "no message: " + r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("Caused by"), "no stack trace");
        }
    }
}
