package org.trdrules.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.trdrules.Vignettes;
import org.trdrules.model.AddOn;
import org.trdrules.model.AddOnKind;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Episode;
import org.trdrules.model.Instrument;
import org.trdrules.model.Measurement;
import org.trdrules.model.Outcome;
import org.trdrules.model.Patient;
import org.trdrules.model.Severity;

/** The page shows the assessment's verdicts on the right courses: vignettes in, specific marks out. */
class ClinicianReportTests {

    static final ClinicianReport REPORT = ClinicianReport.create();

    /** The published ATRQ worked example (Current Psychiatry 2012;11(3)): five trials, recorded without dates. */
    static Patient atrq() {
        return Patient.builder("atrq-2012").ageYears(45)
                .episode(Episode.builder("e1").onset(LocalDate.of(2008, 1, 15)).severity(Severity.MODERATE)
                        .current(true).build())
                .trial(AntidepressantTrial.builder("t1", "sertraline").episodeId("e1").dailyDoseMg(100.0).weeks(13.0)
                        .improvementPercent(0.0).build())
                .trial(AntidepressantTrial.builder("t2", "citalopram").episodeId("e1").dailyDoseMg(20.0).weeks(4.3)
                        .improvementPercent(0.0).build())
                .trial(AntidepressantTrial.builder("t3", "venlafaxine").episodeId("e1").dailyDoseMg(75.0).weeks(7.0)
                        .improvementPercent(30.0).build())
                .trial(AntidepressantTrial.builder("t4", "duloxetine").episodeId("e1").dailyDoseMg(90.0).weeks(104.0)
                        .outcome(Outcome.RESPONSE_LOST)
                        .addOn(AddOn.builder("t5", "aripiprazole").kind(AddOnKind.AUGMENTATION).dailyDoseMg(10.0)
                                .weeks(4.0).outcome(Outcome.NON_RESPONSE).build())
                        .build())
                .build();
    }

    /** Two dated SSRI trials, the second still taken, PHQ-9 scores with a positive item 9. */
    static Patient datedWithIdeation() {
        return Patient.builder("dated").ageYears(38)
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 9, 1)).current(true).build())
                .trial(AntidepressantTrial.builder("t1", "sertraline").episodeId("e1").dailyDoseMg(150.0)
                        .start(LocalDate.of(2025, 10, 1)).end(LocalDate.of(2026, 1, 15)).adherencePercent(90.0)
                        .improvementPercent(15.0).build())
                .trial(AntidepressantTrial.builder("t2", "escitalopram").episodeId("e1").dailyDoseMg(20.0)
                        .start(LocalDate.of(2026, 2, 1)).adherencePercent(95.0).build())
                .measurement(new Measurement("m1", Instrument.PHQ9, 21.0, LocalDate.of(2025, 9, 20), 0))
                .measurement(new Measurement("m2", Instrument.PHQ9, 18.0, LocalDate.of(2026, 1, 10), 0))
                .measurement(new Measurement("m3", Instrument.PHQ9, 16.0, LocalDate.of(2026, 6, 1), 2))
                .build();
    }

    static String render(Patient p) {
        return REPORT.render(p, Vignettes.engine().assess(p));
    }

    /** The class attribute of the timeline group of the course with this key ("#2"). */
    static String course(String html, String key) {
        Matcher m = Pattern.compile("<g class=\"([^\"]*)\" data-key=\"" + Pattern.quote(key) + "\">").matcher(html);
        assertTrue(m.find(), "no timeline course " + key);
        return m.group(1);
    }

    /** The text of the timeline group of the course with this key, up to its closing tag. */
    static String courseText(String html, String key) {
        int i = html.indexOf("data-key=\"" + key + "\"");
        assertTrue(i >= 0, "no timeline course " + key);
        int next = html.indexOf("data-key=", i + 1);
        return html.substring(i, next > 0 ? next : html.indexOf("</svg>", i));
    }

    @Test
    void theAtrqExampleShowsEachTrialsPublishedAdequacyOnTheTimeline() {
        String html = render(atrq());
        // sertraline: adequate and failed, counted by all five definitions (c0..c4)
        String t1 = course(html, "#1");
        assertTrue(t1.contains("k-ssri") && t1.contains("a-ok") && t1.contains("counted"), t1);
        for (int i = 0; i < 5; i++) {
            assertTrue((" " + t1 + " ").contains(" c" + i + " "), t1);
        }
        // citalopram 4.3 weeks: too short (striped), counted only by the 4-week definitions (EU-PEARL, Canadian)
        String t2 = course(html, "#2");
        assertTrue(t2.contains("a-short"), t2);
        assertTrue((t2 + " ").contains(" c3 ") && (t2 + " ").contains(" c4 ") && !(t2 + " ").contains(" c0 "), t2);
        assertTrue(courseText(html, "#2").contains("fill=\"url(#p-hatch)\""));
        assertTrue(courseText(html, "#2").contains("too short"));
        // venlafaxine 75 mg: dose too low (thin, dotted), counted by none
        String t3 = course(html, "#3");
        assertTrue(t3.contains("a-dose") && !t3.contains("counted"), t3);
        assertTrue(courseText(html, "#3").contains("dose too low"));
        // duloxetine: a response that was lost, not a failure
        assertTrue(courseText(html, "#4").contains("o-response-lost"));
        assertTrue(courseText(html, "#4").contains("response lost"));
        // aripiprazole added to duloxetine: drawn under its trial, counted
        String t5 = course(html, "#5");
        assertTrue(t5.contains("k-atypical-antipsychotic") && t5.contains("counted"), t5);
        assertTrue(html.indexOf("data-key=\"#5\"") > html.indexOf("data-key=\"#4\""));
        assertTrue(courseText(html, "#5").contains("&#8627; aripiprazole 10 mg/d"));
        // no dates: drawn on a scale of weeks, said so
        assertTrue(html.contains("Recorded without dates"));
        assertFalse(html.contains("class=\"evalline\""));
    }

    @Test
    void ectIsJudgedBySessionsAndPsychotherapyIsLeftToTheDefinitions() {
        Patient p = Patient.builder("ect").ageYears(52)
                .episode(Episode.builder("e1").onset(LocalDate.of(2022, 1, 1)).current(true).build())
                .trial(AntidepressantTrial.builder("t1", "citalopram").episodeId("e1").dailyDoseMg(40.0).weeks(8.0)
                        .improvementPercent(10.0).build())
                .procedure(org.trdrules.model.Procedure.builder("p1", org.trdrules.model.ProcedureType.ECT)
                        .episodeId("e1").sessions(12).laterality(org.trdrules.model.EctLaterality.BILATERAL)
                        .improvementPercent(15.0).build())
                .psychotherapy(org.trdrules.model.Psychotherapy.builder("p2", org.trdrules.model.PsychotherapyType.CBT)
                        .episodeId("e1").sessions(16).outcome(Outcome.NON_RESPONSE).build())
                .build();
        String html = render(p);
        String ect = course(html, "#2");
        assertTrue(ect.contains("k-ect") && ect.contains("a-ok"), ect);
        assertTrue(courseText(html, "#2").contains("ECT 12 sessions, bilateral"));
        String cbt = course(html, "#3");
        assertTrue(cbt.contains("k-psy") && cbt.contains("a-none"), cbt);
        assertTrue(courseText(html, "#3").contains("judged by each definition (sessions)"));
        assertTrue(courseText(html, "#3").contains(">CBT 16 sessions</text>"), courseText(html, "#3"));
    }

    @Test
    void oneReportServesManyThreadsAndGivesEachTheSamePage() throws Exception {
        Patient p = datedWithIdeation();
        org.trdrules.assessment.Assessment a = Vignettes.engine().assess(p);
        String expected = REPORT.render(p, a);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> pages = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                pages.add(pool.submit(() -> REPORT.render(p, a)));
            }
            for (java.util.concurrent.Future<String> f : pages) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDefinitionsStandSideBySideWithTheirVerdictsAndCountedTrials() {
        String html = render(atrq());
        String two = row(html, "two-adequate-trials");
        assertTrue(two.contains("MET") && !two.contains("NOT MET"), two);
        assertTrue(two.contains("#1</span> sertraline") && two.contains("#5</span> aripiprazole added to duloxetine"),
                two);
        String four = row(html, "four-treatments");
        assertTrue(four.contains("NOT MET"), four);
        assertTrue(html.contains("four-treatments: 2 more failed adequate treatments"));
        // pseudo-resistance findings name the courses by their timeline keys
        String pseudo = html.substring(html.indexOf("id=\"pseudo\""), html.indexOf("id=\"risk\""));
        assertTrue(pseudo.contains("#3</span> venlafaxine") && pseudo.contains("#2</span> citalopram"), pseudo);
        // staging with its per-item breakdown and the range MGH-S leaves
        String staging = html.substring(html.indexOf("id=\"staging\""), html.indexOf("id=\"pseudo\""));
        assertTrue(staging.contains("1.5 to 2") && staging.contains("0 to 0.5 (range)"), staging);
        assertTrue(staging.contains("8</strong> (moderate)"), staging);
    }

    private static String row(String html, String definition) {
        int i = html.indexOf("<tr id=\"def-" + definition + "\">");
        assertTrue(i >= 0, definition);
        return html.substring(i, html.indexOf("</tr>", i));
    }

    @Test
    void aDatedHistoryHasItsAxisOngoingCourseScoresThresholdsAndEvaluationDate() {
        String html = render(datedWithIdeation());
        // safety first, with the crisis line, before the timeline
        int safety = html.indexOf("class=\"safety\"");
        assertTrue(safety > 0 && safety < html.indexOf("id=\"timeline\""));
        assertTrue(html.substring(safety, html.indexOf("</section>", safety)).contains("988"));
        // the second trial is still taken: open-ended arrow, no invented end
        String t2 = courseText(html, "#2");
        assertTrue(t2.contains("class=\"arrow\"") && t2.contains("ongoing"), t2);
        assertFalse(courseText(html, "#1").contains("class=\"arrow\""));
        // the first trial: adequate and failed, counted by two-adequate-trials
        assertTrue(course(html, "#1").contains("a-ok") && (course(html, "#1") + " ").contains(" c0 "));
        // the evaluation date and the episode band
        assertTrue(html.contains("class=\"evalline\"") && html.contains("evaluated 2026-11-01"));
        assertTrue(html.contains("episode e1 (current)"));
        // PHQ-9 series with the configured remission threshold and the positive item 9 marked
        assertTrue(html.contains(">PHQ-9</text>"));
        assertTrue(html.contains("remission \u2264 4"));
        assertTrue(html.contains("response: 50 % below the first score (\u2264 10.5)"));
        assertTrue(html.contains("class=\"pt9\""));
        assertEquals(3, count(html, "<title>PHQ-9 "));
        // the years or months of the axis
        assertTrue(html.contains(">2026-01</text>"), "month ticks");
    }

    @Test
    void theTimelineHasATextAlternativeAndATable() {
        String html = render(datedWithIdeation());
        assertTrue(html.contains("role=\"img\" aria-labelledby=\"tl-title tl-desc\""));
        String desc = html.substring(html.indexOf("<desc id=\"tl-desc\">"), html.indexOf("</desc>"));
        assertTrue(desc.contains("#1 sertraline 150 mg/d: adequate, non-response (15 %), counted by two-adequate-trials"),
                desc);
        assertTrue(html.contains("<summary>The timeline as a table</summary>"));
        assertEquals(2, count(html, "<tr><th scope=\"row\">#"));
    }

    @Test
    void thePageIsSelfContainedAndPrints() {
        String html = render(datedWithIdeation()).toLowerCase(Locale.ROOT);
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("<link"));
        assertFalse(html.contains(" src="));
        assertFalse(html.contains("href=\"http"));
        assertFalse(html.contains("url(http"));
        assertFalse(html.contains("@import"));
        assertTrue(html.contains("@media print"));
        assertTrue(html.contains("content-security-policy\" content=\"default-src 'none'"));
    }

    @Test
    void everyValueFromTheInputIsEscaped() {
        String evil = "<script>alert(\"x\")</script>'";
        Patient p = Patient.builder("id\"><script>alert(1)</script>").ageYears(40)
                .episode(Episode.builder("e<b>1</b>").onset(LocalDate.of(2025, 9, 1)).current(true).build())
                .trial(AntidepressantTrial.builder("t\"1", evil).dailyDoseMg(50.0)
                        .start(LocalDate.of(2025, 10, 1)).end(LocalDate.of(2026, 1, 1))
                        .addOn(AddOn.builder("a1", "lithium\" onload=\"alert(2)").dailyDoseMg(600.0).weeks(6.0).build())
                        .build())
                .build();
        String html = render(p);
        assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "a script element");
        assertFalse(html.contains("<b>1</b>"));
        // every injected attribute or call is text content, never inside a tag
        for (String needle : new String[] {"onload", "alert("}) {
            int n = 0;
            for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1), n++) {
                assertTrue(html.lastIndexOf('>', i) > html.lastIndexOf('<', i), needle + " inside a tag at " + i);
            }
            assertTrue(n > 3, needle + " shown as text");
        }
        assertTrue(html.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;' 50 mg/d"), "the drug name as text");
        assertTrue(html.contains("Patient <strong>id\"&gt;&lt;script&gt;alert(1)&lt;/script&gt;</strong>"),
                "the id as text");
        assertTrue(html.contains("episode e&lt;b&gt;1&lt;/b&gt;"), "the episode id as text");
    }

    @Test
    void anAssessmentOfAnotherPatientIsRefusedWithoutNamingEither() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> REPORT.render(atrq(), Vignettes.engine().assess(datedWithIdeation())));
        assertFalse(e.getMessage().contains("atrq") || e.getMessage().contains("dated"));
    }

    @Test
    void noSafetyFindingIsNotCalledSafe() {
        String html = render(atrq());
        assertTrue(html.contains("No suicide-risk finding") && html.contains("This is not a risk assessment"));
        assertTrue(html.contains("suicidal ideation recorded: not recorded"));
    }

    @Test
    void optionsAreGroupedByFamilyThenStatusWithReasons() {
        String html = render(atrq());
        String options = html.substring(html.indexOf("id=\"options\""));
        assertTrue(options.contains("<strong>Procedures and neuromodulation</strong>"));
        int vns = options.indexOf("id=\"opt-vns\"");
        assertTrue(vns > 0);
        assertTrue(options.substring(vns, options.indexOf("</li>", vns))
                .contains("fewer than four failed adequate treatments (four-treatments NOT_MET)"));
        // vns sits under "not eligible", after the procedures' "eligible" group
        assertTrue(options.lastIndexOf("not eligible (", vns) > options.lastIndexOf("eligible (", vns) - 5);
        // guideline grades are shown with the options (rTMS: CANMAT 2023, first line)
        int rtms = options.indexOf("id=\"opt-rtms\"");
        assertTrue(rtms > 0);
        assertTrue(options.substring(rtms, options.indexOf("</li>", rtms)).contains("CANMAT 2023"),
                "the rTMS option shows its CANMAT grade");
    }

    /**
     * Generated histories (the differential test's generator: boundary durations, doses and adherence, ongoing and
     * undated courses, add-ons, ECT, psychotherapy, scores): every page renders, draws every course once, balances its
     * groups and has no non-finite coordinate.
     */
    @Test
    void everyGeneratedHistoryRendersEveryCourse() {
        org.trdrules.reference.HistoryGenerator gen = new org.trdrules.reference.HistoryGenerator(20261201L,
                Vignettes.DATE, org.trdrules.catalog.DrugCatalog.bundled());
        for (int i = 0; i < 300; i++) {
            Patient p = gen.next(i);
            String html;
            try {
                html = render(p);
            } catch (RuntimeException e) {
                throw new AssertionError("history " + i + ": " + org.trdrules.reference.HistoryGenerator.describe(p), e);
            }
            int courses = p.procedures().size() + p.psychotherapies().size();
            for (AntidepressantTrial t : p.trials()) {
                courses += 1 + t.addOns().size();
            }
            assertEquals(courses, count(html, " data-key=\"#"), "history " + i);
            assertEquals(count(html, "<g "), count(html, "</g>"), "history " + i);
            assertFalse(html.contains("NaN") || html.contains("Infinity"), "history " + i);
        }
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
