package org.trdrules.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.cdshooks.CdsHttp.JSON;
import static org.trdrules.cdshooks.CdsHttp.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trdrules.Vignettes;

/**
 * FHIR-server fallback: a request without prefetch makes the service fetch the data from {@code fhirServer} with
 * the request's access token. The FHIR server is a loopback server this test starts, serving the resources of
 * docs/examples/fhir-bundle.json (MedicationDispense in two pages).
 */
class CdsHooksFhirFallbackTests {

    static final String TOKEN = "fhir-access-token-1";
    static final String HOOK = "/cds-services/trd-patient-view";
    static HttpServer fhir;
    static String base;
    static CdsHooksService service;
    static CdsHooksService strict;
    static CdsHooksService single;
    static final CountDownLatch holding = new CountDownLatch(1);
    static final CountDownLatch release = new CountDownLatch(1);
    static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        JsonNode bundle = CdsHttp.exampleBundle();
        fhir = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fhir.setExecutor(Executors.newFixedThreadPool(48)); // the slow context holds a thread per request
        fhir.createContext("/fhir/", ex -> serve(ex, bundle, "/fhir/"));
        fhir.createContext("/big/fhir/", ex -> {
            ObjectNode p = JSON.createObjectNode().put("resourceType", "Patient").put("id", "p1");
            p.putObject("text").put("div", "x".repeat(200_000));
            send(ex, 200, p.toString());
        });
        fhir.createContext("/slow/fhir/", ex -> {
            pause(2_200); // past the 1.5 s deadline, within deadline + 1 s
            send(ex, 200, bundle.get("entry").get(0).get("resource").toString());
        });
        // every answer within the 1 s per-request timeout, but a search of endless pages: only the deadline stops it
        fhir.createContext("/drip/fhir/", ex -> {
            pause(600);
            drip(ex, bundle, "/drip/fhir", 200);
        });
        // pages of 40 KB each, under the 64 KB response limit, endless: the per-request byte budget stops them
        fhir.createContext("/heavy/fhir/", ex -> drip(ex, bundle, "/heavy/fhir", 40_000));
        // holds the first request until the test releases it (at most 2 s)
        fhir.createContext("/hold/fhir/", ex -> {
            holding.countDown();
            try {
                release.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            serve(ex, bundle, "/hold/fhir/");
        });
        fhir.start();
        base = "http://127.0.0.1:" + fhir.getAddress().getPort();
        service = CdsHooksService.start(Vignettes.engine(), CdsHooksConfig.builder().port(0).insecureNoAuth(true)
                .fhirServers(List.of(base + "/fhir", base + "/big/fhir", base + "/slow/fhir", base + "/drip/fhir",
                        base + "/heavy/fhir"))
                .fhirTimeout(Duration.ofMillis(1_000)).fhirDeadline(Duration.ofMillis(1_500))
                .maxFhirResponseBytes(64 * 1024).maxFhirBytesPerRequest(150 * 1024).build());
        // no allow-list: never fetches (deny by default)
        strict = CdsHooksService.start(Vignettes.engine(), CdsHooksConfig.builder().port(0).insecureNoAuth(true)
                .build());
        // one fallback at a time
        single = CdsHooksService.start(Vignettes.engine(), CdsHooksConfig.builder().port(0).insecureNoAuth(true)
                .fhirServers(List.of(base + "/hold/fhir")).maxConcurrentFhirFetches(1)
                .fhirDeadline(Duration.ofSeconds(3)).fhirTimeout(Duration.ofSeconds(3)).build());
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Patient for a read; for a search, a page padded to about {@code size} bytes with a next link. */
    private static void drip(HttpExchange ex, JsonNode bundle, String root, int size) throws IOException {
        if (ex.getRequestURI().getPath().endsWith("/Patient/p1")) {
            send(ex, 200, bundle.get("entry").get(0).get("resource").toString());
            return;
        }
        ObjectNode page = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        page.putObject("meta").putArray("tag").addObject().put("code", "x".repeat(size));
        page.putArray("entry");
        page.putArray("link").addObject().put("relation", "next").put("url", base + root
                + ex.getRequestURI().getPath().substring(root.length()) + "?patient=p1&page=" + System.nanoTime());
        send(ex, 200, page.toString());
    }

    @AfterAll
    static void stop() {
        release.countDown();
        service.stop();
        strict.stop();
        single.stop();
        fhir.stop(0);
    }

    /** Patient/{id} reads and {type}?patient={id} searches over the bundle's resources. */
    private static void serve(HttpExchange ex, JsonNode bundle, String prefix) throws IOException {
        String path = ex.getRequestURI().getPath().substring(prefix.length());
        calls.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"resourceType\":\"OperationOutcome\"}");
            return;
        }
        String query = ex.getRequestURI().getRawQuery();
        if (path.equals("Patient/p1")) {
            send(ex, 200, bundle.get("entry").get(0).get("resource").toString());
            return;
        }
        if (path.startsWith("Patient/")) {
            send(ex, 404, "{\"resourceType\":\"OperationOutcome\"}");
            return;
        }
        if (query == null || !query.startsWith("patient=p1")) {
            send(ex, 400, "{\"resourceType\":\"OperationOutcome\"}");
            return;
        }
        boolean page2 = query.contains("page=2");
        ObjectNode result = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        ArrayNode entries = result.putArray("entry");
        int n = 0;
        for (JsonNode e : bundle.get("entry")) {
            if (e.get("resource").get("resourceType").asText().equals(path)) {
                n++;
                // MedicationDispense comes in two pages: the first 2, then the rest
                boolean first = n <= 2;
                if (!path.equals("MedicationDispense") || first != page2) {
                    entries.addObject().put("fullUrl", base + "/fhir/" + path + "/" + e.get("resource").get("id")
                            .asText()).set("resource", e.get("resource"));
                }
            }
        }
        if (path.equals("MedicationDispense") && !page2) {
            result.putArray("link").addObject().put("relation", "next")
                    .put("url", base + "/fhir/MedicationDispense?patient=p1&page=2");
        }
        send(ex, 200, result.toString());
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/fhir+json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static ObjectNode withoutPrefetch(String server, String token) throws Exception {
        ObjectNode req = CdsHttp.request("patient-view");
        req.remove("prefetch");
        req.put("fhirServer", server);
        if (token != null) {
            req.putObject("fhirAuthorization").put("access_token", token).put("token_type", "Bearer")
                    .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "trd-rules");
        }
        return req;
    }

    @Test
    void withoutPrefetchTheDataIsFetchedWithTheAccessTokenAndGivesTheSameCards() throws Exception {
        HttpResponse<String> prefetched = post(service.port(), HOOK, CdsHttp.request("patient-view"), null);
        HttpResponse<String> fetched = post(service.port(), HOOK, withoutPrefetch(base + "/fhir", TOKEN), null);
        assertEquals(200, fetched.statusCode(), fetched.body());
        assertEquals(JSON.readTree(CdsHttp.sameCards(prefetched.body())), JSON.readTree(CdsHttp.sameCards(fetched.body())));
        assertTrue(calls.get("MedicationDispense").get() >= 2, "the next page was followed");
        assertTrue(JSON.readTree(fetched.body()).get("cards").get(0).get("indicator").asText().equals("critical"),
                "PHQ-9 item 9 from the fetched Observations");
    }

    @Test
    void onlyTheMissingKeysAreFetched() throws Exception {
        ObjectNode req = withoutPrefetch(base + "/fhir", TOKEN);
        req.putObject("prefetch").set("patient", CdsHttp.exampleBundle().get("entry").get(0).get("resource"));
        int before = calls.getOrDefault("Patient/p1", new AtomicInteger()).get();
        HttpResponse<String> r = post(service.port(), HOOK, req, null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(before, calls.getOrDefault("Patient/p1", new AtomicInteger()).get());
    }

    private static void unavailable(HttpResponse<String> r) throws Exception {
        assertEquals(412, r.statusCode(), r.body());
        JsonNode issue = JSON.readTree(r.body()).get("issue").get(0);
        assertEquals("TRD-CDS-004", issue.get("details").get("coding").get(0).get("code").asText());
        assertTrue(issue.get("expression").get(0).asText().startsWith("prefetch."));
        assertTrue(!r.body().contains(TOKEN) && !r.body().contains("Exception"), r.body());
    }

    @Test
    void aRefusedTokenOrAnUnknownPatientIs412() throws Exception {
        unavailable(post(service.port(), HOOK, withoutPrefetch(base + "/fhir", "wrong"), null));
        unavailable(post(service.port(), HOOK, withoutPrefetch(base + "/fhir", null), null));
        ObjectNode unknown = withoutPrefetch(base + "/fhir", TOKEN);
        ((ObjectNode) unknown.get("context")).put("patientId", "nobody");
        unavailable(post(service.port(), HOOK, unknown, null));
    }

    @Test
    void aServerOffTheAllowListIsNeverCalled() throws Exception {
        int before = calls.values().stream().mapToInt(AtomicInteger::get).sum();
        unavailable(post(service.port(), HOOK, withoutPrefetch(base + "/other", TOKEN), null));
        unavailable(post(strict.port(), HOOK, withoutPrefetch(base + "/fhir", TOKEN), null));
        assertEquals(before, calls.values().stream().mapToInt(AtomicInteger::get).sum());
    }

    @Test
    void anOversizedOrSlowAnswerIs412WithinTheDeadline() throws Exception {
        unavailable(post(service.port(), HOOK, withoutPrefetch(base + "/big/fhir", TOKEN), null));
        long t0 = System.nanoTime();
        unavailable(post(service.port(), HOOK, withoutPrefetch(base + "/slow/fhir", TOKEN), null));
        assertTrue(System.nanoTime() - t0 < Duration.ofMillis(2_150).toNanos(), "bounded by the 1.5 s deadline");
    }

    @Test
    void manySlowPagesAreBoundedByOneDeadlinePerRequest() throws Exception {
        // each page answers in 0.6 s, under the 1 s timeout; 5 pages of 4 keys took up to timeout x 6 before
        long t0 = System.nanoTime();
        HttpResponse<String> r = post(service.port(), HOOK, withoutPrefetch(base + "/drip/fhir", TOKEN), null);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        unavailable(r);
        assertTrue(r.body().contains("timed out"), r.body());
        assertTrue(ms < 2_400, "one 1.5 s deadline for every key and page: " + ms + " ms");
    }

    @Test
    void pagesUnderTheResponseLimitStillStopAtTheByteBudgetOfTheRequest() throws Exception {
        HttpResponse<String> r = post(service.port(), HOOK, withoutPrefetch(base + "/heavy/fhir", TOKEN), null);
        unavailable(r);
        assertTrue(r.body().contains("over the size limit"), r.body());
    }

    @Test
    void fallbacksPastTheConcurrencyLimitAre503WithRetryAfter() throws Exception {
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return post(single.port(), HOOK, withoutPrefetch(base + "/hold/fhir", TOKEN), null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(holding.await(5, TimeUnit.SECONDS), "the first request reached the FHIR server");
        HttpResponse<String> second = post(single.port(), HOOK, withoutPrefetch(base + "/hold/fhir", TOKEN), null);
        release.countDown();
        assertEquals(503, second.statusCode(), second.body());
        assertEquals("1", second.headers().firstValue("Retry-After").orElse(null));
        JsonNode issue = JSON.readTree(second.body()).get("issue").get(0);
        assertEquals("TRD-CDS-004", issue.get("details").get("coding").get(0).get("code").asText());
        assertEquals("throttled", issue.get("code").asText());
        assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode(), "the first is answered");
        // the permit is returned: the next one is served
        assertEquals(200, post(single.port(), HOOK, withoutPrefetch(base + "/hold/fhir", TOKEN), null).statusCode());
    }

    @Test
    void withoutAnAllowListEvenAnAuthenticatedRequestFetchesNothing() throws Exception {
        int before = calls.values().stream().mapToInt(AtomicInteger::get).sum();
        try (FhirFetcher f = new FhirFetcher(CdsHooksConfig.builder().insecureNoAuth(true).build(), Hooks.mapper())) {
            Hooks hooks = new Hooks(Vignettes.engine(), Hooks.mapper(), f, List.of(),
                    ReportLinks.create(CdsHooksConfig.builder().insecureNoAuth(true).reportPages(0).build(),
                            Vignettes.engine().config(), java.time.Clock.systemUTC(), () -> null, "none"), 2);
            byte[] body = withoutPrefetch(base + "/fhir", TOKEN).toString().getBytes(StandardCharsets.UTF_8);
            Hooks.Answer a = hooks.hook(CdsHooksCards.PATIENT_VIEW, body, true);
            assertEquals(412, a.status());
            assertEquals("TRD-CDS-004", a.body().get("issue").get(0).get("details").get("coding").get(0).get("code")
                    .asText());
        }
        assertEquals(before, calls.values().stream().mapToInt(AtomicInteger::get).sum(), "no FHIR server call");
    }

    @Test
    void theAccessTokenIsNeverSentOverPlainHttpOffLoopback() throws Exception {
        try (FhirFetcher f = new FhirFetcher(CdsHooksConfig.builder().insecureNoAuth(true).build(), Hooks.mapper())) {
            FhirFetcher.Unavailable e = assertThrows(FhirFetcher.Unavailable.class, () -> f.fetch(
                    "http://fhir.example.org/r4", TOKEN, "p1", Map.of("patient", "Patient/{{context.patientId}}")));
            assertEquals("not https", e.getMessage());
        }
    }

    @Test
    void anAllowListEntryOverPlainHttpOffLoopbackIsAConfigurationError() {
        for (String s : List.of("http://fhir.example.org/r4", "http://192.168.1.10/fhir", "ftp://fhir.example.org")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CdsHooksConfig.builder()
                    .insecureNoAuth(true).fhirServers(List.of(s)).build(), s);
            assertTrue(e.getMessage().startsWith("TRD-CDS-001: fhirServers"), e.getMessage());
        }
        assertEquals(List.of("https://fhir.example.org/r4"), CdsHooksConfig.builder().insecureNoAuth(true)
                .fhirServers(List.of("https://fhir.example.org/r4")).build().fhirServers());
    }

    @Test
    void aPatientIdThatIsNoFhirIdOrAFhirServerThatIsNoUrlIs400() throws Exception {
        ObjectNode req = withoutPrefetch(base + "/fhir", TOKEN);
        ((ObjectNode) req.get("context")).put("patientId", "../../admin?x=1");
        HttpResponse<String> r = post(service.port(), HOOK, req, null);
        assertEquals(400, r.statusCode());
        assertEquals("context.patientId", JSON.readTree(r.body()).get("issue").get(0).get("expression").get(0).asText());
        assertTrue(!r.body().contains("admin"));
        ((ObjectNode) req.get("context")).put("patientId", "..");
        assertEquals(400, post(service.port(), HOOK, req, null).statusCode());
        assertEquals(400, post(service.port(), HOOK, withoutPrefetch("file:///etc/passwd", TOKEN), null).statusCode());
    }
}
