package org.trdrules.fuzz;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.trdrules.TrdEngine;
import org.trdrules.json.JsonCodec;

/**
 * Jazzer's JUnit integration over the JSON path, with the property of {@link InputFuzzTests}
 * ({@link FuzzChecks#json}). In a normal build (regression mode) it runs only the saved inputs in
 * {@code src/test/resources/org/trdrules/fuzz/JsonReaderJazzerTestsInputs/readerFailsOnlyTyped/} (the JSON
 * regressions found by our own fuzzer) and an empty input. To fuzz with coverage guidance locally:
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=JsonReaderJazzerTests}; Jazzer then writes new crashing inputs into that
 * directory. Fuzzing mode is for local use only, never CI.
 */
class JsonReaderJazzerTests {

    private static final TrdEngine ENGINE = TrdEngine.builder().evaluationDate(FuzzChecks.DATE).build();
    private static final JsonCodec CODEC = new JsonCodec();

    @FuzzTest(maxDuration = "10m")
    void readerFailsOnlyTyped(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        FuzzChecks.Violation v = FuzzChecks.json(text, CODEC, ENGINE);
        assertNull(v, () -> v.signature() + " (" + v.detail() + ")");
    }
}
