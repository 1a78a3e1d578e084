package org.trdrules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The text report of the bundled example patients reads as a report: no Java leaks, no overflow, real words. */
class TableReportTests {

    private static final String[] ARGS = {"assess", "--evaluation-date", "2026-11-01", "docs/examples/patients.json"};

    private static String report;
    /** Each patient's part of the report, by patient id. */
    private static final Map<String, String> PATIENT = new LinkedHashMap<>();
    private static JsonNode json;

    @BeforeAll
    static void renderTheExamples() throws Exception {
        report = run(ARGS);
        String[] jsonArgs = {"assess", "--format", "json", "--evaluation-date", "2026-11-01",
                "docs/examples/patients.json"};
        json = new ObjectMapper().readTree(run(jsonArgs)).get("results");
        for (String part : report.split("(?m)^=+\\R")) {
            Matcher m = Pattern.compile("^Patient (\\S+)").matcher(part);
            if (m.find()) {
                PATIENT.put(m.group(1), part);
            }
        }
        assertEquals(4, PATIENT.size(), PATIENT.keySet().toString());
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, TrdCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        return out.toString();
    }

    /** The report as running text: wrapped lines joined, so a phrase can be found wherever it was broken. */
    private static String flat(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    @Test
    void noLineIsWiderThanTheTable() {
        List<String> wide = new ArrayList<>();
        report.lines().filter(l -> l.length() > TableReport.WIDTH).forEach(wide::add);
        assertEquals(List.of(), wide);
        assertEquals(120, TableReport.WIDTH);
    }

    @Test
    void noJavaMapOrObjectLeaks() {
        assertFalse(report.contains("{") || report.contains("}"), "braces of a Java map or JSON");
        assertFalse(Pattern.compile("[A-Za-z_]=\\S").matcher(report).find(), "key=value of a Java map");
        assertFalse(report.matches("(?s).*\\w+\\.\\w+@[0-9a-f]+.*"), "an object's toString");
        assertFalse(report.contains("Optional[") || report.contains("null"), "Optional or null");
    }

    @Test
    void optionCountsAreWords() {
        Pattern counts = Pattern.compile("TREATMENT OPTIONS \\((\\d+)\\): (\\d+) eligible, (\\d+) needs? review, (\\d+)"
                + " not eligible, (\\d+) contraindicated");
        for (Map.Entry<String, String> p : PATIENT.entrySet()) {
            Matcher m = counts.matcher(p.getValue());
            assertTrue(m.find(), p.getKey());
            int sum = 0;
            for (int g = 2; g <= 5; g++) {
                sum += Integer.parseInt(m.group(g));
            }
            assertEquals(Integer.parseInt(m.group(1)), sum, p.getKey());
        }
        assertTrue(PATIENT.get("four-treatments").contains("68 need review"));
    }

    @Test
    void pluralsAreRight() {
        String text = flat(report);
        assertFalse(text.contains("(s)") || text.contains("class(es)"), "no (s) plurals");
        assertFalse(text.matches("(?s).*\\b1 (classes|treatments|episodes|trials|antidepressants|factors)\\b.*"),
                "1 with a plural");
        assertFalse(text.contains("different classes") && text.contains("from 1 different"));
        assertTrue(flat(PATIENT.get("two-ssris")).contains("2 distinct failed adequate treatments from 1 class certain;"
                + " 2 from 2 classes required"));
        assertTrue(flat(PATIENT.get("scores-and-gaps")).contains("1 distinct failed adequate treatment certain"));
        assertTrue(flat(PATIENT.get("atrq-2012")).contains("1 episode recorded"));
        assertTrue(flat(PATIENT.get("scores-and-gaps")).contains("2 episodes recorded"));
    }

    @Test
    void theWashoutReasonSharedByManyOptionsIsOneLine() {
        String p = PATIENT.get("four-treatments");
        String washout = "date of the last dose of an MAOI not recorded: check the washout";
        // once for the switches that need review, once for the switches not offered (no TRD grade), once for combining
        assertEquals(3, count(p, washout), "once per status and family:\n" + p);
        Matcher m = Pattern.compile("for (\\d+): every switch option except phenelzine, tranylcypromine,"
                + " selegiline, moclobemide, isocarboxazid").matcher(flat(p));
        assertTrue(m.find(), p);
        assertTrue(Integer.parseInt(m.group(1)) > 40);
        assertTrue(p.contains("citalopram: already failed an adequate trial of citalopram (t1)"));
        for (String part : PATIENT.values()) {
            assertTrue(count(part, "check the washout") <= 4, part);
        }
    }

    @Test
    void theRiskTotalIsAnIndexWithItsMeaning() {
        int i = 0;
        for (Map.Entry<String, String> p : PATIENT.entrySet()) {
            JsonNode risk = json.get(i++).get("assessment").get("risk");
            int confirmed = 0;
            for (JsonNode f : risk.get("factors")) {
                confirmed += f.get("inTotal").asBoolean() && f.get("status").asText().equals("PRESENT") ? 1 : 0;
            }
            String expected = String.format(Locale.ROOT, "risk index %.2f (sum of the log odds ratios of %d confirmed"
                    + " %s present; not a probability, uncalibrated)", risk.get("total").asDouble(), confirmed,
                    confirmed == 1 ? "factor" : "factors");
            String text = flat(p.getValue());
            assertTrue(text.contains(expected), expected + " in " + p.getKey());
            assertTrue(text.contains("without the model's intercept"), p.getKey());
            assertTrue(text.contains("A screening aid, not a validated prediction"), p.getKey());
            assertFalse(text.contains("log odds, Kautzky"), "the old bare total");
        }
    }

    @Test
    void clinicalContentKeepsItsOrderSafetyFirst() {
        String p = PATIENT.get("scores-and-gaps");
        int safety = p.indexOf("!! SAFETY (critical)");
        assertTrue(safety > 0 && safety < p.indexOf("DEFINITION"), p);
        String[] sections = {"DEFINITION", "STAGING MODEL", "PSEUDO-RESISTANCE", "TRD RISK FACTORS",
            "TREATMENT OPTIONS", "TREATMENT  "};
        int at = safety;
        for (String s : sections) {
            int next = p.indexOf(s, at);
            assertTrue(next > at, s + " after the previous section");
            at = next;
        }
        for (String id : new String[] {"two-adequate-trials", "two-classes", "four-treatments", "eu-pearl-2022",
            "canadian-2021", "thase-rush", "european-staging", "mgh-s", "maudsley", "dm-trd"}) {
            assertTrue(p.contains("  " + id + " "), id);
        }
        assertTrue(p.matches("(?s).*\\n  t2 +bupropion +11\\.0 +INDETERMINATE +MET +current +NON_RESPONSE.*"),
                "the treatment columns hold INDETERMINATE:\n" + p);
        assertTrue(p.matches("(?s).*\\n  maudsley +7 to 8 \\(moderate\\) +duration.*"), "a staging range");
    }

    @Test
    void aCellLongerThanItsColumnIsWrappedInsideIt() {
        StringBuilder b = new StringBuilder();
        TableReport.Columns c = new TableReport.Columns(2, 10, 13);
        String longWord = "x".repeat(300);
        c.row(b, "a-very-long-identifier", "INDETERMINATE 1.5 to 12 (moderate-severe)", longWord + " and more words");
        List<String> lines = b.toString().lines().toList();
        assertTrue(lines.size() > 3);
        for (String line : lines) {
            assertTrue(line.length() <= TableReport.WIDTH, line);
        }
        String wrapped = String.join("", TableReport.wrap(longWord + " and more words", 50)).replace(" ", "");
        assertEquals(longWord + "andmorewords", wrapped, "nothing is cut");
        assertTrue(TableReport.wrap(longWord, 50).stream().allMatch(l -> l.length() <= 50));
        assertTrue(b.toString().contains("  a-very-lon  INDETERMINATE  xxx"), b.toString());
        assertEquals(List.of("one two", "  three", "  four"), TableReport.wrap("one two three four", 7));
    }
}
