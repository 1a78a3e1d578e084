package org.trdrules.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading: one unreadable patient in an array yields one typed error naming its JSON path; the others are read. */
class JsonCodecTests {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void badElementIsIsolatedAndNamedByPath() throws Exception {
        List<JsonCodec.ReadResult> r = codec.readPatients(new StringReader("""
                [ {"id":"a","trials":[{"id":"t1","drug":"sertraline","dailyDoseMg":100}]},
                  {"id":"b","trials":[{"id":"t1","drug":"sertraline","dailyDoseMg":"lots"}]},
                  {"id":"c","trials":[{"id":"t1","drug":"sertraline","colour":"red"}]},
                  {"id":"d","ageYears":45.7} ]"""));
        assertEquals(4, r.size());
        assertNotNull(r.get(0).patient());
        assertEquals("[1].trials[0].dailyDoseMg", r.get(1).error().path());
        assertEquals("[2].trials[0].colour", r.get(2).error().path());
        assertEquals("[3].ageYears", r.get(3).error().path(), "a fractional age is not silently truncated");
        assertNull(r.get(1).patient());
    }

    @Test
    void enumsAreCaseInsensitiveAndDatesIso() throws Exception {
        var p = codec.readPatient("""
                {"id":"x","sex":"female","episodes":[{"id":"e1","onset":"2025-01-31","severity":"severe"}]}""");
        assertEquals(org.trdrules.model.Sex.FEMALE, p.sex());
        assertEquals(java.time.LocalDate.of(2025, 1, 31), p.episodes().get(0).onset());
    }
}
