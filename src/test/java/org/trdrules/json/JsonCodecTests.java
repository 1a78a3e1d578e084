package org.trdrules.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aPatientNestedTooDeeplyFailsAloneWithItsPath() throws Exception {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        List<JsonCodec.ReadResult> r = codec.readPatients(new StringReader(
                "[{\"id\":\"a\"},{\"id\":\"b\",\"trials\":" + deep + "},{\"id\":\"c\"}]"));
        assertEquals(3, r.size(), "the other patients of the document are still read");
        assertNotNull(r.get(0).patient());
        assertNotNull(r.get(2).patient());
        assertTrue(r.get(1).error().path().startsWith("[1].trials[0][0]"), r.get(1).error().path());
        assertTrue(r.get(1).error().getMessage().contains("nested deeper than 64 levels"));
    }

    @Test
    void aDocumentNestedTooDeeplyFailsAsAWholeTyped() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        PatientReadException e = assertThrows(PatientReadException.class,
                () -> codec.readPatients(new StringReader("[{\"id\":\"a\"},{\"id\":\"b\",\"trials\":" + deep + "}]")));
        assertTrue(e.path().startsWith("[1].trials[0][0]") && e.path().endsWith("..."), "path cut after 65 steps");
        assertTrue(e.getMessage().contains("nested deeper than 10000 levels"));
    }

    @Test
    void duplicateFieldsAreRejectedWithTheirPath() throws Exception {
        List<JsonCodec.ReadResult> r = codec.readPatients(new StringReader("""
                [ {"id":"a","ageYears":40,"ageYears":41},
                  {"id":"b","trials":[{"id":"t1","drug":"sertraline","drug":"citalopram"}]},
                  {"id":"c","trials":[{"id":"t1","drug":"sertraline"}]} ]"""));
        assertEquals("[0].ageYears", r.get(0).error().path());
        assertEquals("[1].trials[0].drug", r.get(1).error().path());
        assertTrue(r.get(1).error().getMessage().contains("duplicate field"));
        assertNotNull(r.get(2).patient());
    }

    @Test
    void longStringsAndNumbersAreLimitedPerPatientAndPerDocument() throws Exception {
        List<JsonCodec.ReadResult> r = codec.readPatients(new StringReader("[{\"id\":\"" + "x".repeat(10_001)
                + "\"},{\"id\":\"b\",\"ageYears\":" + "1".repeat(101) + "},{\"id\":\"" + "x".repeat(10_000) + "\"}]"));
        assertEquals("[0].id", r.get(0).error().path());
        assertEquals("[1].ageYears", r.get(1).error().path());
        assertNotNull(r.get(2).patient(), "10,000 characters are accepted");
        PatientReadException e = assertThrows(PatientReadException.class, () -> codec.readPatients(
                new StringReader("[{\"id\":\"a\"},{\"id\":\"" + "y".repeat(2_000_000) + "\"}]")));
        assertEquals("[1].id", e.path());
        assertFalse(e.getMessage().contains("yyyy"), "never the value");
    }

    @Test
    void malformedJsonAndTrailingContentFailTheDocumentWithThePlaceNotTheText() {
        PatientReadException e = assertThrows(PatientReadException.class, () -> codec.readPatients(
                new StringReader("[{\"id\":\"a\"},{\"id\":\"b\",\"sex\":Jane}]")));
        assertEquals("[1].sex", e.path());
        assertFalse(e.getMessage().contains("Jane"), e.getMessage());
        assertThrows(PatientReadException.class, () -> codec.readPatients(
                new StringReader("{\"id\":\"a\"} {\"id\":\"b\"}")), "a second document is not silently dropped");
    }

    @Test
    void datesAreIsoStringsOnly() throws Exception {
        List<JsonCodec.ReadResult> r = codec.readPatients(new StringReader("""
                [ {"id":"a","birthDate":20000}, {"id":"b","birthDate":""}, {"id":"c","birthDate":" "},
                  {"id":"d","birthDate":"2026-02-30"}, {"id":"e","birthDate":"1975-04-12"} ]"""));
        for (int i = 0; i < 4; i++) {
            assertEquals("[" + i + "].birthDate", r.get(i).error().path());
        }
        assertEquals(java.time.LocalDate.of(1975, 4, 12), r.get(4).patient().birthDate());
    }

    @Test
    void numbersOutOfRangeNameThePathNotTheValue() throws Exception {
        List<JsonCodec.ReadResult> r = codec.readPatients(new StringReader("[{\"id\":\"a\",\"ageYears\":98765432109}]"));
        assertEquals("[0].ageYears", r.get(0).error().path());
        assertFalse(r.get(0).error().getMessage().contains("98765432109"), r.get(0).error().getMessage());
    }
}

