package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One registry of error codes: unique, well formed, documented, and the only codes the main sources use. */
class ErrorCodeTests {

    @Test
    void codesAreUniqueAndWellFormed() {
        Set<String> seen = new HashSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            assertTrue(c.code().matches("TRD-[A-Z]+-\\d{3}"), c.code());
            assertTrue(seen.add(c.code()), "duplicate " + c.code());
            assertTrue(c.message("x").startsWith(c.code() + ": "));
        }
    }

    @Test
    void everyCodeIsDocumentedAndTheDocumentNamesNoOther() throws Exception {
        String doc = Files.readString(Path.of("docs/errors.md"));
        Set<String> documented = new HashSet<>();
        Matcher m = Pattern.compile("`(TRD-[A-Z]+-\\d{3})`").matcher(doc);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> registry = new HashSet<>(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
        assertEquals(registry, documented);
    }

    @Test
    void mainSourcesWriteNoCodeOutsideTheRegistry() throws Exception {
        Pattern literal = Pattern.compile("\"(TRD-[A-Z]+-\\d{3})");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.endsWith("ErrorCode.java")) {
                    continue;
                }
                Matcher m = literal.matcher(Files.readString(f));
                if (m.find()) {
                    fail(f + " writes " + m.group(1) + " as a literal; use ErrorCode");
                }
            }
        }
    }
}
