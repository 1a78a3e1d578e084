package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.trdrules.cli.DefinitionsDoc;

/**
 * docs/definitions.md is generated from the rule metadata; this test fails when it drifts. Regenerate with
 * {@code mvn test -Dtest=DefinitionsDocTests -Dtrd.updateDocs=true}.
 */
class DefinitionsDocTests {

    @Test
    void definitionsDocumentMatchesTheRules() throws Exception {
        Path doc = Path.of("docs/definitions.md");
        String expected = DefinitionsDoc.render(Vignettes.engine());
        if (Boolean.getBoolean("trd.updateDocs")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(doc, StandardCharsets.UTF_8),
                "docs/definitions.md is stale: run mvn test -Dtest=DefinitionsDocTests -Dtrd.updateDocs=true");
    }
}
