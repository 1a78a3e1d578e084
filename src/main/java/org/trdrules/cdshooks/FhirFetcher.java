package org.trdrules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * pages. One call has one deadline and one byte budget for all its keys and pages, and at most
 * {@code maxConcurrent} calls run at once (a call past it is {@link Busy} at once, never queued on a worker). The
 * token is sent only over https or to a loopback host. Thread-safe; {@link #close()} stops its client.
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

    /** Too many fetches are running already: the caller should retry later. */
    static final class Busy extends Exception {
        Busy() {
            super("too many FHIR fetches at once", null, false, false);
        }
    }

    /** One call's deadline, byte budget and requests (aborted together when the call ends early). */
    private static final class Call {
        final long deadline;
        final AtomicLong budget;
        final Queue<Request> requests = new ConcurrentLinkedQueue<>();
        volatile boolean over;

        Call(long deadline, long budget) {
            this.deadline = deadline;
            this.budget = new AtomicLong(budget);
        }

        void abortAll() {
            over = true; // no next page starts after this
            Unavailable why = new Unavailable(null, "cancelled");
            requests.forEach(r -> r.abort(why));
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final Duration deadline;
    private final int maxBytes;
    private final int maxBytesPerCall;
    private final Semaphore running;
    private final ObjectMapper mapper;

    FhirFetcher(CdsHooksConfig c, ObjectMapper mapper) {
        this(c.fhirTimeout(), c.maxFhirResponseBytes(), c.fhirDeadline(), c.maxFhirBytesPerRequest(),
                c.maxConcurrentFhirFetches(), mapper);
    }

    FhirFetcher(Duration timeout, int maxBytes, Duration deadline, int maxBytesPerCall, int maxConcurrent,
            ObjectMapper mapper) {
        this.timeout = timeout.compareTo(deadline) < 0 ? timeout : deadline;
        this.deadline = deadline;
        this.maxBytes = Math.min(maxBytes, maxBytesPerCall);
        this.maxBytesPerCall = maxBytesPerCall;
        this.running = new Semaphore(maxConcurrent);
        this.mapper = mapper;
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("trd-fhir-client");
        pool.setDaemon(true);
        client = new HttpClient();
        client.setExecutor(pool);
        client.setConnectTimeout(this.timeout.toMillis());
        client.setIdleTimeout(this.timeout.toMillis());
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
     * server; a missing Patient read is JSON null, anything else that fails (the deadline and byte budget of the
     * call included) is {@link Unavailable}; {@link Busy} when too many calls are running.
     */
    Map<String, JsonNode> fetch(String base, String token, String patientId, Map<String, String> templates)
            throws Unavailable, Busy {
        if (!running.tryAcquire()) {
            throw new Busy();
        }
        try {
            return fetchWithin(base, token, patientId, templates);
        } finally {
            running.release();
        }
    }

    private Map<String, JsonNode> fetchWithin(String base, String token, String patientId,
            Map<String, String> templates) throws Unavailable {
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        Call call = new Call(System.nanoTime() + deadline.toNanos(), maxBytesPerCall);
        Map<String, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : templates.entrySet()) {
            String url = root + "/" + fill(t.getValue(), patientId);
            pending.put(t.getKey(), get(call, url, token).thenCompose(first -> pages(call, root, token, first, 1)));
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<JsonNode>> p : pending.entrySet()) {
            try {
                out.put(p.getKey(), p.getValue().get(Math.max(1, call.deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                call.abortAll();
                Throwable c = e.getCause();
                throw new Unavailable(p.getKey(), reason(c));
            } catch (java.util.concurrent.TimeoutException e) {
                call.abortAll();
                throw new Unavailable(p.getKey(), "timed out");
            } catch (InterruptedException e) {
                call.abortAll();
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
    private CompletableFuture<JsonNode> pages(Call call, String root, String token, JsonNode page, int n) {
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
        return get(call, next, token).thenCompose(more -> {
            ObjectNode merged = ((ObjectNode) page).deepCopy();
            ArrayNode entries = merged.withArray("entry");
            if (more != null) {
                more.path("entry").forEach(entries::add);
            }
            merged.set("link", more == null ? mapper.createArrayNode() : more.path("link"));
            return pages(call, root, token, merged, n + 1);
        });
    }

    private CompletableFuture<JsonNode> get(Call call, String url, String token) {
        long left = TimeUnit.NANOSECONDS.toMillis(call.deadline - System.nanoTime());
        if (left <= 0 || call.over) {
            return CompletableFuture.failedFuture(new Unavailable(null, "timed out"));
        }
        if (token != null && !secure(url)) {
            // never sent over plain http off this machine (the configuration allows no such server; kept as a guard)
            return CompletableFuture.failedFuture(new Unavailable(null, "not https"));
        }
        Request r;
        try {
            r = client.newRequest(url).timeout(Math.min(timeout.toMillis(), left), TimeUnit.MILLISECONDS)
                    .onResponseContent((resp, buf) -> {
                        if (call.budget.addAndGet(-buf.remaining()) < 0) {
                            resp.abort(new Unavailable(null, "answers over the size limit"));
                        }
                    })
                    .headers(h -> {
                        h.put(HttpHeader.ACCEPT, "application/fhir+json, application/json");
                        if (token != null) {
                            h.put(HttpHeader.AUTHORIZATION, "Bearer " + token);
                        }
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new Unavailable(null, "not a URL"));
        }
        call.requests.add(r);
        if (call.over) {
            r.abort(new Unavailable(null, "cancelled")); // abortAll ran while this request was being built
        }
        return new CompletableResponseListener(r, maxBytes).send().thenCompose(this::json);
    }

    private static boolean secure(String url) {
        try {
            return CdsHooksConfig.isSecureOrLoopback(new URI(url));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
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
