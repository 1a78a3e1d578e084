package org.trdrules.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.cdshooks.CdsHttp.JSON;
import static org.trdrules.cdshooks.CdsHttp.post;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.trdrules.Vignettes;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.Verdict;
import org.trdrules.fhir.FhirPatientReader;

/**
 * The clinician report behind the patient-view card link, over real HTTP on 127.0.0.1: the link, the page it
 * serves (the example patient's drugs and verdicts), its headers, and the token as a short-lived capability that
 * names no patient (unknown, expired and evicted tokens are the 404 of an unknown path).
 */
class CdsHooksReportTests {

    static final String HOOK = "/cds-services/trd-patient-view";
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-15T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private CdsHooksService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    private int start(CdsHooksConfig.Builder config) throws Exception {
        service = CdsHooksService.start(Vignettes.engine(), config.port(0).insecureNoAuth(true).build(), clock);
        return service.port();
    }

    /** The report link of the TRD status card of a patient-view answer, or null when it has none. */
    private static String link(HttpResponse<String> answer) throws Exception {
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(List.of(), CdsHooksCardsTests.validate(JSON.readTree(answer.body())), "CDS Hooks response schema");
        String url = null;
        for (JsonNode card : JSON.readTree(answer.body()).get("cards")) {
            for (JsonNode l : card.path("links")) {
                assertNull(url, "one report link only");
                assertEquals(CdsHooksCards.REPORT_LINK_LABEL, l.get("label").asText());
                assertEquals("absolute", l.get("type").asText());
                assertTrue(card.get("summary").asText().startsWith("TRD "), "on the TRD status card");
                url = l.get("url").asText();
            }
        }
        return url;
    }

    private static String path(String url) {
        return URI.create(url).getRawPath();
    }

    private static String token(String url) {
        String p = path(url);
        return p.substring(p.lastIndexOf("/report/") + "/report/".length());
    }

    @Test
    void theCardLinksToThePageWithThePatientsDrugsAndVerdicts() throws Exception {
        int port = start(CdsHooksConfig.builder());
        String url = link(post(port, HOOK, CdsHttp.request("patient-view"), null));
        assertNotNull(url, "patient-view card carries the report link");
        // the URL is the service's own address and a random token: nothing of the patient (id p1, birth date)
        assertTrue(url.matches("http://127\\.0\\.0\\.1:" + port + "/report/[A-Za-z0-9_-]{43}"), url);
        assertNull(URI.create(url).getRawQuery());

        HttpResponse<String> page = CdsHttp.get(port, path(url));
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(null));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("default-src 'none'; style-src 'unsafe-inline'; img-src data:",
                page.headers().firstValue("Content-Security-Policy").orElse(null));
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(null));

        String html = page.body();
        assertTrue(html.startsWith("<!DOCTYPE html>") || html.startsWith("<!doctype html>"), html.substring(0, 40));
        assertFalse(html.contains("<script"), "the page runs no script (the CSP allows none)");
        // the example bundle's antidepressant courses, by ingredient
        assertTrue(html.contains("sertraline"), "sertraline course");
        assertTrue(html.contains("escitalopram"), "escitalopram course");
        // every definition's verdict, as the engine concludes it for the same bundle
        Assessment a = assessExample();
        for (DefinitionResult d : a.definitions()) {
            Matcher m = Pattern.compile("<tr id=\"def-" + Pattern.quote(d.id())
                    + "\">.*?<span class=\"verdict [^\"]*\">([^<]*)</span>", Pattern.DOTALL).matcher(html);
            assertTrue(m.find(), "row of " + d.id());
            String word = d.verdict() == Verdict.MET ? "MET" : d.verdict() == Verdict.NOT_MET ? "NOT MET" : "UNDECIDED";
            assertTrue(m.group(1).trim().endsWith(" " + word), d.id() + ": " + m.group(1));
        }

        // every option of every family, though the patient-view card itself judged only the procedures it suggests
        assertTrue(a.options().size() > 150, a.options().size() + " options");
        for (var o : a.options()) {
            assertTrue(html.contains("<li id=\"opt-" + o.id() + "\">"), "option " + o.id() + " on the page");
        }

        // a second call is a new page under a new token; the first stays
        String again = link(post(port, HOOK, CdsHttp.request("patient-view"), null));
        assertNotEquals(token(url), token(again));
        assertEquals(200, CdsHttp.get(port, path(url)).statusCode());

        // a method other than GET or HEAD is 405
        assertEquals(405, post(port, path(url), "{}", "application/json", null).statusCode());
    }

    private static Assessment assessExample() throws Exception {
        String bundle = Files.readString(Path.of("docs/examples/fhir-bundle.json"));
        var m = FhirPatientReader.create().read(bundle, Vignettes.engine().evaluationDate());
        return Vignettes.engine().assess(m.patient());
    }

    @Test
    void theLinkIsUnderTheConfiguredServiceUrl() throws Exception {
        int port = start(CdsHooksConfig.builder().serviceUrl(URI.create("https://cds.example.org/trd/cds-services")));
        String url = link(post(port, HOOK, CdsHttp.request("patient-view"), null));
        assertTrue(url.matches("https://cds\\.example\\.org/trd/report/[A-Za-z0-9_-]{43}"), url);
        // served here under /report/ (the proxy maps its prefix)
        assertEquals(200, CdsHttp.get(port, "/report/" + token(url)).statusCode());
        assertEquals("https://cds.example.org/report/t", ReportLinks.url(URI.create("https://cds.example.org/"), "t"));
    }

    @Test
    void unknownAndMalformedTokensAreThe404OfAnUnknownPath() throws Exception {
        int port = start(CdsHooksConfig.builder());
        HttpResponse<String> unknownPath = CdsHttp.get(port, "/nope");
        assertEquals(404, unknownPath.statusCode());
        String url = link(post(port, HOOK, CdsHttp.request("patient-view"), null));
        String t = token(url);
        String other = (t.charAt(0) == 'A' ? 'B' : 'A') + t.substring(1);
        for (String p : List.of("/report/" + other, "/report/", "/report/x", "/report/" + t + "/", "/report/" + t + "x",
                "/report/" + t.substring(1), "/report/" + t + "%41")) {
            HttpResponse<String> r = CdsHttp.get(port, p);
            assertEquals(404, r.statusCode(), p);
            assertEquals(unknownPath.body(), r.body(), p);
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
            assertFalse(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), p);
        }
    }

    @Test
    void anExpiredTokenIs404() throws Exception {
        int port = start(CdsHooksConfig.builder().reportLifetime(Duration.ofMinutes(10)));
        String url = link(post(port, HOOK, CdsHttp.request("patient-view"), null));
        clock.now = clock.now.plus(Duration.ofMinutes(10)).minusMillis(1);
        assertEquals(200, CdsHttp.get(port, path(url)).statusCode(), "still within its lifetime");
        clock.now = clock.now.plusMillis(1);
        HttpResponse<String> r = CdsHttp.get(port, path(url));
        assertEquals(404, r.statusCode(), "expired at its lifetime");
        assertEquals(CdsHttp.get(port, "/nope").body(), r.body());
    }

    @Test
    void theStoreKeepsTheNewestPagesOnly() throws Exception {
        int port = start(CdsHooksConfig.builder().reportPages(3));
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            urls.add(link(post(port, HOOK, CdsHttp.request("patient-view"), null)));
        }
        assertEquals(404, CdsHttp.get(port, path(urls.get(0))).statusCode(), "oldest evicted");
        assertEquals(404, CdsHttp.get(port, path(urls.get(1))).statusCode(), "second oldest evicted");
        for (int i = 2; i < 5; i++) {
            assertEquals(200, CdsHttp.get(port, path(urls.get(i))).statusCode(), "page " + i + " kept");
        }
    }

    @Test
    void withoutTheJteRuntimeOrWithReportPagesZeroCardsCarryNoLinkAndTheAnswerIsUnchanged() throws Exception {
        service = CdsHooksService.start(Vignettes.engine(), CdsHooksConfig.builder().port(0).insecureNoAuth(true)
                .build(), clock, "gg.jte.NotOnThisClassPath");
        HttpResponse<String> noJte = post(service.port(), HOOK, CdsHttp.request("patient-view"), null);
        assertNull(link(noJte));
        service.stop();
        int port = start(CdsHooksConfig.builder().reportPages(0));
        HttpResponse<String> off = post(port, HOOK, CdsHttp.request("patient-view"), null);
        assertNull(link(off));
        assertEquals(noJte.body(), off.body());
        service.stop();
        port = start(CdsHooksConfig.builder());
        JsonNode on = JSON.readTree(post(port, HOOK, CdsHttp.request("patient-view"), null).body());
        for (JsonNode card : on.get("cards")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) card).remove("links");
        }
        assertEquals(JSON.readTree(off.body()), on, "the link is the only difference");
        assertEquals(404, CdsHttp.get(port, "/report/" + "A".repeat(43)).statusCode());
    }

    @Test
    void theTokenNeverReachesTheLog() throws Exception {
        int port = start(CdsHooksConfig.builder());
        String url = link(post(port, HOOK, CdsHttp.request("patient-view"), null));
        assertEquals(200, CdsHttp.get(port, path(url)).statusCode());
        assertEquals(404, CdsHttp.get(port, "/report/" + "B".repeat(43)).statusCode());
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test-log.txt"));
        if (Files.exists(log)) {
            String text = Files.readString(log);
            assertFalse(text.contains(token(url)), "token in the log");
            assertFalse(text.contains("B".repeat(43)), "requested token in the log");
        }
    }

    @Test
    void reportSettingsAreChecked() {
        for (int bad : new int[] {-1, 10_001}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CdsHooksConfig.builder().insecureNoAuth(true).reportPages(bad).build());
            assertTrue(e.getMessage().startsWith("TRD-CDS-001") && e.getMessage().contains("reportPages"),
                    e.getMessage());
        }
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofHours(2)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CdsHooksConfig.builder().insecureNoAuth(true).reportLifetime(bad).build());
            assertTrue(e.getMessage().contains("reportLifetime"), e.getMessage());
        }
        CdsHooksConfig d = CdsHooksConfig.builder().insecureNoAuth(true).build();
        assertEquals(200, d.reportPages());
        assertEquals(Duration.ofMinutes(10), d.reportLifetime());
    }

    /**
     * Review regression (lazy report assessment): the report behind a card is the assessment of the card's day. With an
     * engine on a clock, a link opened after midnight (within the page's 10-minute lifetime) must not show a report
     * evaluated on another day than the card it came from (the FHIR mapping was made at the card's day too).
     */
    @Test
    void theReportIsAssessedAtTheDayOfTheCardItLinksFrom() throws Exception {
        clock.now = Instant.parse("2026-01-15T23:59:00Z");
        service = CdsHooksService.start(org.trdrules.TrdEngine.builder().clock(clock).build(),
                CdsHooksConfig.builder().port(0).insecureNoAuth(true).build(), clock);
        String url = link(post(service.port(), HOOK, CdsHttp.request("patient-view"), null));
        assertNotNull(url);
        clock.now = clock.now.plusSeconds(120); // 2026-01-16 00:01, the page still lives
        HttpResponse<String> page = CdsHttp.get(service.port(), path(url));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("evaluated 2026-01-15"), "the report is of the card's day, not "
                + page.body().replaceAll("(?s).*(evaluated [0-9-]+).*", "$1"));
    }

    @Test
    void storeTokensAre256RandomBitsAndExpiredPagesAreDropped() {
        ReportStore store = new ReportStore(2, Duration.ofSeconds(1), clock);
        byte[] page = "<p>a</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicInteger renders = new java.util.concurrent.atomic.AtomicInteger();
        String a = store.put(() -> {
            renders.incrementAndGet();
            return page;
        });
        String b = store.put(() -> page);
        assertTrue(TOKEN.matcher(a).matches() && TOKEN.matcher(b).matches(), a);
        assertNotEquals(a, b);
        assertEquals(0, renders.get(), "a page is rendered when first asked for, not when stored");
        assertEquals(page, store.get(a));
        assertEquals(page, store.get(a));
        assertEquals(1, renders.get(), "and only once");
        clock.now = clock.now.plusSeconds(1);
        assertNull(store.get(a));
        assertNull(store.get(b));
        assertEquals(0, store.size(), "expired pages are dropped, not kept");
        assertNull(store.get(null));
    }
}
