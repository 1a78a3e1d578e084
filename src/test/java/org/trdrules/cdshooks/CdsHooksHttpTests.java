package org.trdrules.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.cdshooks.CdsHttp.JSON;
import static org.trdrules.cdshooks.CdsHttp.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trdrules.Vignettes;

/**
 * The HTTP behaviour of the CDS Hooks service on 127.0.0.1: headers, methods, content types, the body limit, CORS,
 * slow clients and a bounded load. Every loop here is bounded in count and time.
 */
class CdsHooksHttpTests {

    static final String ORIGIN = "https://sandbox.cds-hooks.test";
    static final String HOOK = "/cds-services/trd-patient-view";
    static CdsHooksService service;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        service = CdsHooksService.start(Vignettes.engine(), CdsHooksConfig.builder().port(0).insecureNoAuth(true)
                .corsOrigins(List.of(ORIGIN)).headerTimeout(Duration.ofMillis(800))
                .bodyTimeout(Duration.ofMillis(800)).maxThreads(16).build());
        port = service.port();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    private static void securityHeaders(HttpResponse<?> r) {
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), r.uri().toString());
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
    }

    @Test
    void healthzAndEveryAnswerCarryNoStoreAndNosniff() throws Exception {
        HttpResponse<String> h = CdsHttp.get(port, "/healthz");
        assertEquals(200, h.statusCode());
        assertEquals("ok", JSON.readTree(h.body()).get("status").asText());
        securityHeaders(h);
        securityHeaders(CdsHttp.get(port, "/cds-services"));
        securityHeaders(CdsHttp.get(port, "/nope"));
        securityHeaders(post(port, HOOK, CdsHttp.request("patient-view"), null));
    }

    /**
     * With one assessment at a time, concurrent hook calls wait their turn and are all answered, with the cards one
     * call alone gets (the safety card and the TRD status of the example Bundle); a limit of 0 is refused by name.
     */
    @Test
    void callsBeyondMaxConcurrentAssessmentsWaitTheirTurnAndAreAllAnswered() throws Exception {
        CdsHooksService one = CdsHooksService.start(Vignettes.engine(), CdsHooksConfig.builder().port(0)
                .insecureNoAuth(true).reportPages(0).maxConcurrentAssessments(1).build());
        try {
            String alone = post(one.port(), HOOK, CdsHttp.request("patient-view"), null).body();
            assertTrue(JSON.readTree(alone).get("cards").size() >= 1, alone);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                List<java.util.concurrent.Future<HttpResponse<String>>> fs = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    fs.add(pool.submit(() -> post(one.port(), HOOK, CdsHttp.request("patient-view"), null)));
                }
                for (java.util.concurrent.Future<HttpResponse<String>> f : fs) {
                    HttpResponse<String> r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    assertEquals(200, r.statusCode());
                    assertEquals(JSON.readTree(alone), JSON.readTree(r.body()));
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            one.stop();
        }
        assertEquals(Runtime.getRuntime().availableProcessors(), CdsHooksConfig.builder().insecureNoAuth(true).build()
                .maxConcurrentAssessments());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CdsHooksConfig.builder().insecureNoAuth(true).maxConcurrentAssessments(0).build());
        assertTrue(e.getMessage().startsWith("TRD-CDS-001: maxConcurrentAssessments"), e.getMessage());
    }

    @Test
    void wrongMethodIs405WithAllowAndUnknownPathsAre404() throws Exception {
        HttpResponse<String> r = CdsHttp.get(port, HOOK);
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElse(null));
        assertEquals(405, post(port, "/cds-services", "{}", "application/json", null).statusCode());
        assertEquals(404, post(port, "/cds-services/nope", "{}", "application/json", null).statusCode());
        assertEquals(404, post(port, "/cds-services/nope/feedback", "{}", "application/json", null).statusCode());
        assertEquals(404, CdsHttp.get(port, "/").statusCode());
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        String body = CdsHttp.request("patient-view").toString();
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data")) {
            HttpResponse<String> r = post(port, HOOK, body, type, null);
            assertEquals(415, r.statusCode(), type);
            assertTrue(r.body().contains("TRD-CDS-003"));
        }
        assertEquals(200, post(port, HOOK, body, "application/json; charset=utf-8", null).statusCode());
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsRead() throws Exception {
        try (Socket s = CdsHttp.socket(port, 5_000)) {
            CdsHttp.write(s, "POST " + HOOK + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 104857600\r\n\r\n{");
            assertEquals(413, CdsHttp.status(s));
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413WhileItIsRead() throws Exception {
        try (Socket s = CdsHttp.socket(port, 5_000)) {
            CdsHttp.write(s, "POST " + HOOK + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = ("[" + "{\"a\":1},".repeat(8 * 1024 / 8 - 1) + "{}]").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            int sent = 0;
            try {
                // at most 4 MB, stopping as soon as the service has answered and closed
                for (int i = 0; i < 512; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += chunk.length;
                }
            } catch (java.io.IOException closed) {
                // the service closed the connection after its 413: expected
            }
            assertEquals(413, CdsHttp.status(s), "after " + sent + " bytes");
        }
    }

    @Test
    void corsPreflightIsAnsweredForAConfiguredOriginOnly() throws Exception {
        HttpResponse<String> r = CdsHttp.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + HOOK))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 204, "status " + r.statusCode());
        assertEquals(ORIGIN, r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        String headers = r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase();
        assertTrue(headers.contains("authorization") && headers.contains("content-type"), headers);
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));

        HttpResponse<String> other = CdsHttp.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + HOOK)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.test").header("Access-Control-Request-Method", "POST")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        HttpResponse<String> actual = CdsHttp.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + HOOK)).header("Origin", ORIGIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CdsHttp.request("patient-view").toString()))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, actual.statusCode());
        assertEquals(ORIGIN, actual.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void slowClientsNeverBlockOthersAndAreCutOffAtTheirDeadline() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            // 40 slowloris sockets (headers never finished) and 40 slow bodies (declared, never sent): more than
            // the 16 worker threads
            for (int i = 0; i < 40; i++) {
                Socket s = CdsHttp.socket(port, 5_000);
                CdsHttp.write(s, "POST " + HOOK + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow");
                slow.add(s);
                Socket b = CdsHttp.socket(port, 5_000);
                CdsHttp.write(b, "POST " + HOOK + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{");
                slow.add(b);
            }
            String body = CdsHttp.request("patient-view").toString();
            long t0 = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                assertEquals(200, post(port, HOOK, body, "application/json", null).statusCode());
            }
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20), "6 normal requests took too long");
            // the deadlines (0.8 s here): the header trickler is closed, the slow body gets 408
            Socket header = slow.get(0);
            Socket bodyless = slow.get(1);
            for (int i = 0; i < 3; i++) {
                Thread.sleep(300);
                try {
                    CdsHttp.write(header, "x");
                } catch (java.io.IOException closed) {
                    break;
                }
            }
            assertEquals(-1, CdsHttp.status(header), "the trickling header connection is closed");
            assertEquals(408, CdsHttp.status(bodyless));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void twentyConcurrentClientsGetIdenticalAnswers() throws Exception {
        String body = CdsHttp.request("patient-view").toString();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<Future<List<String>>> clients = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                clients.add(pool.submit(() -> {
                    List<String> bodies = new ArrayList<>();
                    for (int i = 0; i < 10 && System.nanoTime() < deadline; i++) {
                        HttpResponse<String> r = post(port, HOOK, body, "application/json", null);
                        assertEquals(200, r.statusCode());
                        // the same cards; only the report link's token differs (a fresh capability each time)
                        bodies.add(CdsHttp.sameCards(r.body()));
                    }
                    return bodies;
                }));
            }
            Set<String> distinct = new java.util.HashSet<>();
            int n = 0;
            for (Future<List<String>> f : clients) {
                List<String> b = f.get(30, TimeUnit.SECONDS);
                n += b.size();
                distinct.addAll(b);
            }
            assertTrue(n >= 20, n + " answers");
            assertEquals(1, distinct.size(), "every client got the same cards");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void typedAnswersToWrongInputNeverEchoIt() throws Exception {
        String marker = "ZQX-echo-9931";
        // not JSON
        HttpResponse<String> r = post(port, HOOK, "{" + marker, "application/json", null);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("TRD-CDS-003") && !r.body().contains(marker), r.body());
        // a prefetch entry that is no resource
        ObjectNode req = CdsHttp.request("patient-view");
        ((ObjectNode) req.get("prefetch")).putArray("conditions").add(marker);
        r = post(port, HOOK, req, null);
        assertEquals(400, r.statusCode());
        JsonNode issue = JSON.readTree(r.body()).get("issue").get(0);
        assertEquals("prefetch.conditions", issue.get("expression").get(0).asText());
        assertFalse(r.body().contains(marker));
        // an impossible value (a birth date in the future): the FHIR reader leaves it out as a mapping note, so the
        // answer is cards, never a 500, and the input is not echoed
        req = CdsHttp.request("patient-view");
        ObjectNode patient = (ObjectNode) req.get("prefetch").get("patient");
        patient.put("birthDate", "2999-01-01");
        patient.putArray("name").addObject().put("family", marker);
        r = post(port, HOOK, req, null);
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(r.body().contains(marker));
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "));
        // the wrong hook for the service
        req = CdsHttp.request("order-sign");
        r = post(port, HOOK, req, null);
        assertEquals(400, r.statusCode());
        assertEquals("hook", JSON.readTree(r.body()).get("issue").get(0).get("expression").get(0).asText());
    }

    @Test
    void feedbackIsAcceptedPerTheSpecAndMalformedFeedbackIs400() throws Exception {
        String ok = "{\"feedback\":[{\"card\":\"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea\",\"outcome\":\"overridden\","
                + "\"overrideReason\":{\"reason\":{\"code\":\"clinical-judgement\",\"system\":\""
                + CdsHooksCards.OVERRIDE_SYSTEM + "\"},\"userComment\":\"free text never logged\"},"
                + "\"outcomeTimestamp\":\"2026-12-01T10:00:00Z\"},"
                + "{\"card\":\"0b6c8c5a-3f0e-4a57-9d7f-2b1a3c4d5e6f\",\"outcome\":\"accepted\","
                + "\"acceptedSuggestions\":[{\"id\":\"e56e1945-20b3-4393-8503-a1a20fd73152\"}]}]}";
        HttpResponse<String> r = post(port, HOOK + "/feedback", ok, "application/json", null);
        assertEquals(200, r.statusCode(), r.body());
        for (String bad : List.of("{}", "{\"feedback\":[]}", "{\"feedback\":[{\"card\":\"x\"}]}",
                "{\"feedback\":[{\"card\":\"x\",\"outcome\":\"maybe\"}]}", "[1]")) {
            HttpResponse<String> b = post(port, HOOK + "/feedback", bad, "application/json", null);
            assertEquals(400, b.statusCode(), bad);
            assertTrue(b.body().contains("TRD-CDS-003"));
        }
        assertEquals(405, CdsHttp.get(port, HOOK + "/feedback").statusCode());
    }

    @Test
    void mutatedRequestsAlwaysGetATypedAnswer() throws Exception {
        // a bounded mutation fuzz of the hook request: every answer is one of the typed statuses, never a 500
        String base = CdsHttp.request("patient-view").toString();
        java.util.Random random = new java.util.Random(20261201L);
        String[] junk = {"null", "[]", "{}", "\"x\"", "1e999", "-1", "true", "{\"resourceType\":\"Bundle\"}"};
        for (int i = 0; i < 60; i++) {
            StringBuilder b = new StringBuilder(base);
            int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(40)));
                case 1 -> b.insert(at, junk[random.nextInt(junk.length)]);
                default -> b.setCharAt(at, "{}[],:\"0a".charAt(random.nextInt(9)));
            }
            HttpResponse<String> r = post(port, HOOK, b.toString(), "application/json", null);
            assertTrue(Set.of(200, 400, 412, 422).contains(r.statusCode()), r.statusCode() + " " + r.body());
            assertFalse(r.body().contains("Exception"), r.body());
        }
    }
}
