package org.trdrules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.Patient;

/** Test helpers: one shared engine (built once, as integrators do) and vignette loading. */
public final class Vignettes {
    private Vignettes() {}

    /** Evaluation date used by the vignettes. */
    public static final LocalDate DATE = LocalDate.of(2026, 11, 1);

    private static final class Holder {
        static final TrdEngine ENGINE = TrdEngine.builder().evaluationDate(DATE).build();
    }

    /** The shared default engine. */
    public static TrdEngine engine() {
        return Holder.ENGINE;
    }

    /** Reads the patient of {@code src/test/resources/vignettes/NAME/}. */
    public static Patient load(String name) {
        try (InputStream in = Vignettes.class.getResourceAsStream("/vignettes/" + name + "/patient.json")) {
            return new JsonCodec().readPatient(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
