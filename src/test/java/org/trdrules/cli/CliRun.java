package org.trdrules.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command line in the test JVM: its exit code and what it wrote. Immutable. */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TrdCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(exit, out.toString(), err.toString());
    }
}
