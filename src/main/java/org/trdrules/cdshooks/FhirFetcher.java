package org.trdrules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Fetches the prefetch data a CDS Hooks request left out from the request's {@code fhirServer}, with its
 * {@code fhirAuthorization} bearer token: one FHIR read or search per missing key, in parallel, each with a timeout
 * and a response size limit, following a search's {@code next} links on the same server up to {@link #MAX_PAGES}
 * pages. Thread-safe; {@link #close()} stops its client.
 */
final class FhirFetcher implements AutoCloseable {

    /** Search result pages followed at most per key. */
    static final int MAX_PAGES = 5;

    /** Why a key could not be fetched: structural (key and HTTP status), never a value. */
    static final class Unavailable extends Exception {
        final String key;

        Unavailable(String key, String reason) {
            super(reason, null, false, false);
            this.key = key;
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final int maxBytes;
    private final ObjectMapper mapper;

    FhirFetcher(Duration timeout, int maxBytes, ObjectMapper mapper) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.mapper = mapper;
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("trd-fhir-client");
        pool.setDaemon(true);
        client = new HttpClient();
        client.setExecutor(pool);
        client.setConnectTimeout(timeout.toMillis());
        client.setIdleTimeout(timeout.toMillis());
        client.setFollowRedirects(false);
        // no authentication challenge or redirect handling: a 401 or 3xx is an answer like any other non-200
        client.getProtocolHandlers().clear();
        client.setMaxConnectionsPerDestination(16);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException(org.trdrules.ErrorCode.ENGINE_UNEXPECTED.message("FHIR client not started"), e);
        }
    }

    /**
     * Fetches each template (key to a relative FHIR URL with {@code {{context.patientId}}} filled in) from the
     * server; a missing Patient read is JSON null, anything else that fails is {@link Unavailable}.
     */
    Map<String, JsonNode> fetch(String base, String token, String patientId, Map<String, String> templates)
            throws Unavailable {
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        Map<String, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : templates.entrySet()) {
            String url = root + "/" + fill(t.getValue(), patientId);
            pending.put(t.getKey(), get(url, token).thenCompose(first -> pages(root, token, first, 1)));
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos() * (MAX_PAGES + 1);
        for (Map.Entry<String, CompletableFuture<JsonNode>> p : pending.entrySet()) {
            try {
                out.put(p.getKey(), p.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                pending.values().forEach(f -> f.cancel(true));
                Throwable c = e.getCause();
                throw new Unavailable(p.getKey(), reason(c));
            } catch (java.util.concurrent.TimeoutException e) {
                pending.values().forEach(f -> f.cancel(true));
                throw new Unavailable(p.getKey(), "timed out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unavailable(p.getKey(), "interrupted");
            }
        }
        return out;
    }

    /** A failure as a plain reason: structural, without the exception's message or type. */
    private static String reason(Throwable c) {
        if (c instanceof Unavailable u) {
            return u.getMessage();
        }
        if (c instanceof java.util.concurrent.TimeoutException) {
            return "timed out";
        }
        if (c instanceof IllegalArgumentException) {
            return "answer over the size limit"; // CompletableResponseListener's buffer capacity
        }
        if (c instanceof java.net.ConnectException || c instanceof java.nio.channels.UnresolvedAddressException) {
            return "not reachable";
        }
        return "failed";
    }

    /** The template with the patient id, its query values URL-encoded. */
    static String fill(String template, String patientId) {
        String s = template.replace("{{context.patientId}}", patientId);
        int q = s.indexOf('?');
        if (q < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.substring(0, q + 1));
        String[] pairs = s.substring(q + 1).split("&");
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            if (i > 0) {
                b.append('&');
            }
            b.append(pairs[i], 0, eq + 1).append(URLEncoder.encode(pairs[i].substring(eq + 1), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** The first page's entries plus those of its next pages on the same server, as one searchset Bundle. */
    private CompletableFuture<JsonNode> pages(String root, String token, JsonNode page, int n) {
        String next = null;
        if (page != null && "Bundle".equals(page.path("resourceType").asText())) {
            for (JsonNode l : page.path("link")) {
                if ("next".equals(l.path("relation").asText()) && l.path("url").isTextual()) {
                    next = l.get("url").asText();
                }
            }
        }
        if (next == null || n >= MAX_PAGES || !next.startsWith(root + "/") && !next.startsWith(root + "?")) {
            return CompletableFuture.completedFuture(page);
        }
        return get(next, token).thenCompose(more -> {
            ObjectNode merged = ((ObjectNode) page).deepCopy();
            ArrayNode entries = merged.withArray("entry");
            if (more != null) {
                more.path("entry").forEach(entries::add);
            }
            merged.set("link", more == null ? mapper.createArrayNode() : more.path("link"));
            return pages(root, token, merged, n + 1);
        });
    }

    private CompletableFuture<JsonNode> get(String url, String token) {
        Request r;
        try {
            r = client.newRequest(url).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> {
                        h.put(HttpHeader.ACCEPT, "application/fhir+json, application/json");
                        if (token != null) {
                            h.put(HttpHeader.AUTHORIZATION, "Bearer " + token);
                        }
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new Unavailable(null, "not a URL"));
        }
        return new CompletableResponseListener(r, maxBytes).send().thenCompose(this::json);
    }

    private CompletableFuture<JsonNode> json(ContentResponse resp) {
        if (resp.getStatus() == 404 || resp.getStatus() == 410) {
            return CompletableFuture.completedFuture(null);
        }
        if (resp.getStatus() != 200) {
            return CompletableFuture.failedFuture(new Unavailable(null, "FHIR server answered " + resp.getStatus()));
        }
        try {
            JsonNode n = mapper.readTree(resp.getContent());
            if (n == null || !n.isObject() || !n.path("resourceType").isTextual()) {
                return CompletableFuture.failedFuture(new Unavailable(null, "not a FHIR resource"));
            }
            return CompletableFuture.completedFuture(n);
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(new Unavailable(null, "not JSON"));
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping: nothing left to do
        }
    }
}
