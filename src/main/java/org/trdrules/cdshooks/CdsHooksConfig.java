package org.trdrules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.trdrules.ErrorCode;

/**
 * Settings of the CDS Hooks service: address, the EHR issuers allowed to call it (each with its JWKS), the accepted
 * JWT algorithms, CORS origins and the limits that keep it answering under load. Built with {@link #builder()} or
 * read from a JSON file with {@link Builder#file(Path)} (flags given later override the file). Every setting has a
 * safe default: loopback address, authentication required, 1 MB bodies. Immutable and thread-safe.
 */
public final class CdsHooksConfig {

    /**
     * Algorithms a JWKS-verified token may use: asymmetric only, never {@code none} or HMAC, and only those the
     * verifier can check (nimbus-jose-jwt checks EdDSA only with Google Tink, which the service does not carry, so an
     * allowed EdDSA would refuse every token).
     */
    public static final Set<String> ASYMMETRIC_ALGORITHMS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")));

    /** Where an issuer's public keys come from: a JWKS URL or a local JWKS file (exactly one non-null). Immutable. */
    public record Jwks(URI url, Path file) {
        /** Checks that exactly one of the two is given. */
        public Jwks {
            if ((url == null) == (file == null)) {
                throw invalid("issuer JWKS", "give exactly one of a JWKS URL and a JWKS file");
            }
        }
    }

    private final String host;
    private final int port;
    private final URI serviceUrl;
    private final Map<String, Jwks> issuers;
    private final Set<String> algorithms;
    private final Duration clockSkew;
    private final Duration maxTokenLifetime;
    private final int jtiCacheSize;
    private final boolean insecureNoAuth;
    private final List<String> corsOrigins;
    private final int maxBodyBytes;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final Duration idleTimeout;
    private final int maxThreads;
    private final int maxConnections;
    private final List<String> fhirServers;
    private final Duration fhirTimeout;
    private final int maxFhirResponseBytes;
    private final int reportPages;
    private final Duration reportLifetime;
    private final Duration fhirDeadline;
    private final int maxFhirBytesPerRequest;
    private final int maxConcurrentFhirFetches;
    private final int maxConcurrentAssessments;

    private CdsHooksConfig(Builder b) {
        host = b.host;
        port = b.port;
        serviceUrl = b.serviceUrl;
        issuers = Collections.unmodifiableMap(new LinkedHashMap<>(b.issuers));
        algorithms = Collections.unmodifiableSet(new LinkedHashSet<>(b.algorithms));
        clockSkew = b.clockSkew;
        maxTokenLifetime = b.maxTokenLifetime;
        jtiCacheSize = b.jtiCacheSize;
        insecureNoAuth = b.insecureNoAuth;
        corsOrigins = List.copyOf(b.corsOrigins);
        maxBodyBytes = b.maxBodyBytes;
        headerTimeout = b.headerTimeout;
        bodyTimeout = b.bodyTimeout;
        idleTimeout = b.idleTimeout;
        maxThreads = b.maxThreads;
        maxConnections = b.maxConnections;
        fhirServers = List.copyOf(b.fhirServers);
        fhirTimeout = b.fhirTimeout;
        maxFhirResponseBytes = b.maxFhirResponseBytes;
        reportPages = b.reportPages;
        reportLifetime = b.reportLifetime;
        fhirDeadline = b.fhirDeadline;
        maxFhirBytesPerRequest = b.maxFhirBytesPerRequest;
        maxConcurrentFhirFetches = b.maxConcurrentFhirFetches;
        maxConcurrentAssessments = b.maxConcurrentAssessments;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Address to bind (default {@code 127.0.0.1}: behind a reverse proxy on the same machine). */
    public String host() { return host; }

    /** Port (default 8080; 0 picks a free one). */
    public int port() { return port; }

    /**
     * The public URL of the discovery endpoint, as the EHR calls it (e.g. {@code https://cds.example.org/cds-services});
     * a token's {@code aud} must be it or the URL of the service called under it. Null only without authentication.
     */
    public URI serviceUrl() { return serviceUrl; }

    /** Allowed token issuers ({@code iss}) and their keys, in the order given (unmodifiable). */
    public Map<String, Jwks> issuers() { return issuers; }

    /** Accepted JWS algorithms, a subset of {@link #ASYMMETRIC_ALGORITHMS} (unmodifiable). */
    public Set<String> algorithms() { return algorithms; }

    /** Clock skew allowed on {@code exp} and {@code iat} (default 30 s). */
    public Duration clockSkew() { return clockSkew; }

    /** Longest accepted token lifetime, {@code exp} after now (CDS Hooks: at most 5 minutes; default 5 min). */
    public Duration maxTokenLifetime() { return maxTokenLifetime; }

    /** How many token ids ({@code jti}) the replay cache holds until they expire (default 100,000). */
    public int jtiCacheSize() { return jtiCacheSize; }

    /**
     * Whether requests are served without a token (local demos only; the service warns when it starts). Accepted
     * only with a loopback {@link #host()} ({@code 127.0.0.1}, {@code ::1}, {@code localhost}).
     */
    public boolean insecureNoAuth() { return insecureNoAuth; }

    /** Browser origins allowed by CORS, e.g. {@code https://sandbox.cds-hooks.org} (default none). */
    public List<String> corsOrigins() { return corsOrigins; }

    /** Largest request body in bytes (default 1 MB); a larger one is answered 413 while it is being read. */
    public int maxBodyBytes() { return maxBodyBytes; }

    /** Time a client has to send a request's headers (default 10 s). */
    public Duration headerTimeout() { return headerTimeout; }

    /** Time a client has to send a request's body (default 10 s); a slower one gets 408. */
    public Duration bodyTimeout() { return bodyTimeout; }

    /** Idle time after which a connection is closed (default 30 s). */
    public Duration idleTimeout() { return idleTimeout; }

    /** Worker threads at most (default 32). */
    public int maxThreads() { return maxThreads; }

    /**
     * Open connections at most; past it the service stops accepting until one closes (default 512). This also
     * bounds the jobs waiting for a worker: an HTTP/1.1 connection has at most one request at a time (the worker
     * queue itself is unbounded, as Jetty advises: a bounded one can reject Jetty's own tasks).
     */
    public int maxConnections() { return maxConnections; }

    /**
     * FHIR server base URLs (prefixes) the service may fetch missing prefetch data from, each https (http only for
     * a loopback host). Empty (the default) fetches from no server: a request without the required prefetch is
     * then answered 412 (TRD-CDS-004), whatever its {@code fhirServer}.
     */
    public List<String> fhirServers() { return fhirServers; }

    /** Time for each FHIR server request, connecting included (default 5 s), within {@link #fhirDeadline()}. */
    public Duration fhirTimeout() { return fhirTimeout; }

    /** Largest single FHIR server response in bytes (default 16 MB), within {@link #maxFhirBytesPerRequest()}. */
    public int maxFhirResponseBytes() { return maxFhirResponseBytes; }

    /**
     * Clinician report pages kept in memory at most, for the report link of {@code patient-view} cards (default 200;
     * the oldest is dropped first; 0 turns the link off). A page is kept as UTF-8 bytes, about 90 KB for the
     * example patient, so the default holds some 20 MB at most for histories of that size.
     */
    public int reportPages() { return reportPages; }

    /** How long a report link works after the hook answer that gave it (default 10 min, at most 1 h). */
    public Duration reportLifetime() { return reportLifetime; }
    /** Time for all the FHIR fetches of one hook request, every key and page (default 5 s); past it, 412. */
    public Duration fhirDeadline() { return fhirDeadline; }

    /** FHIR server bytes read at most for one hook request, every key and page together (default 16 MB). */
    public int maxFhirBytesPerRequest() { return maxFhirBytesPerRequest; }

    /**
     * Hook requests fetching from a FHIR server at the same time at most (default 4); a request past it is answered
     * 503 with {@code Retry-After} (TRD-CDS-004). With the byte limit this bounds the fallback's memory.
     */
    public int maxConcurrentFhirFetches() { return maxConcurrentFhirFetches; }

    /**
     * Hook requests reading and assessing their patient at the same time at most (default: the processors the JVM
     * sees); the others wait for their turn in arrival order, holding a worker thread but no CPU. The work is CPU
     * bound, so more at once only share the cores and each other's caches: at 20 clients on 2 cores, a limit of 2
     * took the service's CPU per answer from 2.4-3.8 ms to 1.9-2.0 ms (docs/cds-hooks.md).
     */
    public int maxConcurrentAssessments() { return maxConcurrentAssessments; }

    /** Whether a host name is loopback: {@code localhost}, {@code 127.0.0.0/8} or {@code ::1} (no DNS lookup). */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        h = h.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}")
                || h.matches("(0{0,4}:){2,7}0{0,3}1") || h.equals("::1");
    }

    /** Whether a URL may carry credentials or keys: https, or http to a loopback host. */
    static boolean isSecureOrLoopback(URI u) {
        return u != null && u.getHost() != null && ("https".equalsIgnoreCase(u.getScheme())
                || "http".equalsIgnoreCase(u.getScheme()) && isLoopback(u.getHost()));
    }

    static IllegalArgumentException invalid(String setting, String why) {
        return new IllegalArgumentException(ErrorCode.CDS_CONFIG_INVALID.message(setting + ": " + why));
    }

    /** Builds a {@link CdsHooksConfig}; {@link #build()} checks every setting. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private URI serviceUrl;
        private final Map<String, Jwks> issuers = new LinkedHashMap<>();
        private Set<String> algorithms = new LinkedHashSet<>(List.of("RS256", "RS384", "ES256", "ES384"));
        private Duration clockSkew = Duration.ofSeconds(30);
        private Duration maxTokenLifetime = Duration.ofMinutes(5);
        private int jtiCacheSize = 100_000;
        private boolean insecureNoAuth;
        private List<String> corsOrigins = new ArrayList<>();
        private int maxBodyBytes = 1024 * 1024;
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration bodyTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxThreads = 32;
        private int maxConnections = 512;
        private List<String> fhirServers = new ArrayList<>();
        private Duration fhirTimeout = Duration.ofSeconds(5);
        private int maxFhirResponseBytes = 16 * 1024 * 1024;
        private int reportPages = 200;
        private Duration reportLifetime = Duration.ofMinutes(10);
        private Duration fhirDeadline = Duration.ofSeconds(5);
        private int maxFhirBytesPerRequest = 16 * 1024 * 1024;
        private int maxConcurrentFhirFetches = 4;
        private int maxConcurrentAssessments = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        /** Address to bind (see {@link CdsHooksConfig#host()}). */
        public Builder host(String host) { this.host = host; return this; }
        /** Port (see {@link CdsHooksConfig#port()}). */
        public Builder port(int port) { this.port = port; return this; }
        /** Public URL of the discovery endpoint (see {@link CdsHooksConfig#serviceUrl()}). */
        public Builder serviceUrl(URI serviceUrl) { this.serviceUrl = serviceUrl; return this; }
        /** Allows tokens from {@code iss}, verified with the keys at a JWKS URL. */
        public Builder issuer(String iss, URI jwksUrl) { issuers.put(iss, new Jwks(jwksUrl, null)); return this; }
        /** Allows tokens from {@code iss}, verified with the keys in a local JWKS file. */
        public Builder issuerJwksFile(String iss, Path jwksFile) {
            issuers.put(iss, new Jwks(null, jwksFile));
            return this;
        }
        /** Accepted JWS algorithms (see {@link CdsHooksConfig#algorithms()}). */
        public Builder algorithms(Set<String> algorithms) { this.algorithms = new LinkedHashSet<>(algorithms); return this; }
        /** Clock skew (see {@link CdsHooksConfig#clockSkew()}). */
        public Builder clockSkew(Duration d) { this.clockSkew = d; return this; }
        /** Longest token lifetime (see {@link CdsHooksConfig#maxTokenLifetime()}). */
        public Builder maxTokenLifetime(Duration d) { this.maxTokenLifetime = d; return this; }
        /** Replay cache size (see {@link CdsHooksConfig#jtiCacheSize()}). */
        public Builder jtiCacheSize(int n) { this.jtiCacheSize = n; return this; }
        /** Serve without tokens, for local demos (see {@link CdsHooksConfig#insecureNoAuth()}). */
        public Builder insecureNoAuth(boolean b) { this.insecureNoAuth = b; return this; }
        /** CORS origins (see {@link CdsHooksConfig#corsOrigins()}). */
        public Builder corsOrigins(List<String> origins) { this.corsOrigins = new ArrayList<>(origins); return this; }
        /** Body limit (see {@link CdsHooksConfig#maxBodyBytes()}). */
        public Builder maxBodyBytes(int n) { this.maxBodyBytes = n; return this; }
        /** Header deadline (see {@link CdsHooksConfig#headerTimeout()}). */
        public Builder headerTimeout(Duration d) { this.headerTimeout = d; return this; }
        /** Body deadline (see {@link CdsHooksConfig#bodyTimeout()}). */
        public Builder bodyTimeout(Duration d) { this.bodyTimeout = d; return this; }
        /** Idle timeout (see {@link CdsHooksConfig#idleTimeout()}). */
        public Builder idleTimeout(Duration d) { this.idleTimeout = d; return this; }
        /** Worker threads (see {@link CdsHooksConfig#maxThreads()}). */
        public Builder maxThreads(int n) { this.maxThreads = n; return this; }
        /** Open connections (see {@link CdsHooksConfig#maxConnections()}). */
        public Builder maxConnections(int n) { this.maxConnections = n; return this; }
        /** FHIR servers allowed for the fallback (see {@link CdsHooksConfig#fhirServers()}). */
        public Builder fhirServers(List<String> prefixes) { this.fhirServers = new ArrayList<>(prefixes); return this; }
        /** FHIR request timeout (see {@link CdsHooksConfig#fhirTimeout()}). */
        public Builder fhirTimeout(Duration d) { this.fhirTimeout = d; return this; }
        /** FHIR response limit (see {@link CdsHooksConfig#maxFhirResponseBytes()}). */
        public Builder maxFhirResponseBytes(int n) { this.maxFhirResponseBytes = n; return this; }
        /** Report pages kept (see {@link CdsHooksConfig#reportPages()}). */
        public Builder reportPages(int n) { this.reportPages = n; return this; }
        /** Report link lifetime (see {@link CdsHooksConfig#reportLifetime()}). */
        public Builder reportLifetime(Duration d) { this.reportLifetime = d; return this; }
        /** Deadline of one request's FHIR fetches (see {@link CdsHooksConfig#fhirDeadline()}). */
        public Builder fhirDeadline(Duration d) { this.fhirDeadline = d; return this; }
        /** FHIR bytes per hook request (see {@link CdsHooksConfig#maxFhirBytesPerRequest()}). */
        public Builder maxFhirBytesPerRequest(int n) { this.maxFhirBytesPerRequest = n; return this; }
        /** Concurrent FHIR fallbacks (see {@link CdsHooksConfig#maxConcurrentFhirFetches()}). */
        public Builder maxConcurrentFhirFetches(int n) { this.maxConcurrentFhirFetches = n; return this; }
        /** Concurrent assessments (see {@link CdsHooksConfig#maxConcurrentAssessments()}). */
        public Builder maxConcurrentAssessments(int n) { this.maxConcurrentAssessments = n; return this; }

        /**
         * Reads the settings in a JSON configuration file (keys as the accessors are named, durations in
         * milliseconds with an {@code Ms} suffix, issuers as {@code [{"iss": ..., "jwksUrl"|"jwksFile": ...}]}; a
         * relative {@code jwksFile} is relative to the file). An unknown key or a value of the wrong type is a
         * TRD-CDS-001 naming it.
         */
        public Builder file(Path file) {
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(Files.readString(file));
            } catch (IOException | RuntimeException e) {
                throw invalid("configuration file", "cannot be read as JSON");
            }
            if (root == null || !root.isObject()) {
                throw invalid("configuration file", "must be a JSON object");
            }
            Path dir = file.toAbsolutePath().getParent();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                JsonNode v = e.getValue();
                switch (k) {
                    case "host" -> host = text(k, v);
                    case "port" -> port = integer(k, v);
                    case "serviceUrl" -> serviceUrl = uri(k, text(k, v));
                    case "issuers" -> {
                        if (!v.isArray()) {
                            throw invalid(k, "must be an array");
                        }
                        for (int i = 0; i < v.size(); i++) {
                            JsonNode is = v.get(i);
                            String p = k + "[" + i + "]";
                            if (!is.isObject() || !is.path("iss").isTextual()) {
                                throw invalid(p, "must be an object with iss");
                            }
                            for (Iterator<String> f = is.fieldNames(); f.hasNext(); ) {
                                String name = f.next();
                                if (!Set.of("iss", "jwksUrl", "jwksFile").contains(name)) {
                                    throw invalid(p + "." + name, "unknown key");
                                }
                            }
                            if (is.has("jwksUrl") == is.has("jwksFile")) {
                                throw invalid(p, "give exactly one of jwksUrl and jwksFile");
                            }
                            if (is.has("jwksUrl")) {
                                issuer(is.get("iss").asText(), uri(p + ".jwksUrl", text(p + ".jwksUrl", is.get("jwksUrl"))));
                            } else {
                                issuerJwksFile(is.get("iss").asText(), dir.resolve(text(p + ".jwksFile", is.get("jwksFile"))));
                            }
                        }
                    }
                    case "algorithms" -> algorithms = new LinkedHashSet<>(texts(k, v));
                    case "clockSkewMs" -> clockSkew = Duration.ofMillis(integer(k, v));
                    case "maxTokenLifetimeMs" -> maxTokenLifetime = Duration.ofMillis(integer(k, v));
                    case "jtiCacheSize" -> jtiCacheSize = integer(k, v);
                    case "insecureNoAuth" -> {
                        if (!v.isBoolean()) {
                            throw invalid(k, "must be true or false");
                        }
                        insecureNoAuth = v.asBoolean();
                    }
                    case "corsOrigins" -> corsOrigins = texts(k, v);
                    case "maxBodyBytes" -> maxBodyBytes = integer(k, v);
                    case "headerTimeoutMs" -> headerTimeout = Duration.ofMillis(integer(k, v));
                    case "bodyTimeoutMs" -> bodyTimeout = Duration.ofMillis(integer(k, v));
                    case "idleTimeoutMs" -> idleTimeout = Duration.ofMillis(integer(k, v));
                    case "maxThreads" -> maxThreads = integer(k, v);
                    case "maxConnections" -> maxConnections = integer(k, v);
                    case "fhirServers" -> fhirServers = texts(k, v);
                    case "fhirTimeoutMs" -> fhirTimeout = Duration.ofMillis(integer(k, v));
                    case "maxFhirResponseBytes" -> maxFhirResponseBytes = integer(k, v);
                    case "reportPages" -> reportPages = integer(k, v);
                    case "reportLifetimeMs" -> reportLifetime = Duration.ofMillis(integer(k, v));
                    case "fhirDeadlineMs" -> fhirDeadline = Duration.ofMillis(integer(k, v));
                    case "maxFhirBytesPerRequest" -> maxFhirBytesPerRequest = integer(k, v);
                    case "maxConcurrentFhirFetches" -> maxConcurrentFhirFetches = integer(k, v);
                    case "maxConcurrentAssessments" -> maxConcurrentAssessments = integer(k, v);
                    default -> throw invalid(k, "unknown key");
                }
            }
            return this;
        }

        private static String text(String k, JsonNode v) {
            if (!v.isTextual()) {
                throw invalid(k, "must be a string");
            }
            return v.asText();
        }

        private static int integer(String k, JsonNode v) {
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw invalid(k, "must be an integer");
            }
            return v.asInt();
        }

        private static List<String> texts(String k, JsonNode v) {
            if (!v.isArray()) {
                throw invalid(k, "must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode x : v) {
                out.add(text(k, x));
            }
            return out;
        }

        private static URI uri(String k, String s) {
            try {
                URI u = new URI(s);
                if (!"https".equalsIgnoreCase(u.getScheme()) && !"http".equalsIgnoreCase(u.getScheme())
                        || u.getHost() == null) {
                    throw invalid(k, "must be an http(s) URL");
                }
                return u;
            } catch (java.net.URISyntaxException e) {
                throw invalid(k, "must be an http(s) URL");
            }
        }

        private static void range(String k, long v, long min, long max) {
            if (v < min || v > max) {
                throw invalid(k, "must be " + min + "-" + max);
            }
        }

        private static void range(String k, Duration d, Duration min, Duration max) {
            if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw invalid(k, "must be " + min.toMillis() + "-" + max.toMillis() + " ms");
            }
        }

        /** Checks every setting; an invalid one is an IllegalArgumentException with TRD-CDS-001 naming it. */
        public CdsHooksConfig build() {
            if (host == null || host.isBlank()) {
                throw invalid("host", "is required");
            }
            range("port", port, 0, 65535);
            if (insecureNoAuth && !isLoopback(host)) {
                throw invalid("insecureNoAuth", "only with a loopback host (127.0.0.1, ::1, localhost): a service"
                        + " reachable from the network needs authentication");
            }
            if (!insecureNoAuth) {
                if (issuers.isEmpty()) {
                    throw invalid("issuers", "at least one issuer with its JWKS is required (or insecureNoAuth for"
                            + " a local demo)");
                }
                if (serviceUrl == null) {
                    throw invalid("serviceUrl", "the public URL of /cds-services is required: tokens name it in aud");
                }
            }
            for (Map.Entry<String, Jwks> e : issuers.entrySet()) {
                if (e.getKey() == null || e.getKey().isBlank()) {
                    throw invalid("issuers", "an issuer needs its iss");
                }
                if (e.getValue().file() != null && !Files.isReadable(e.getValue().file())) {
                    throw invalid("issuers." + e.getKey() + ".jwksFile", "is not a readable file");
                }
                if (e.getValue().url() != null && !isSecureOrLoopback(e.getValue().url())) {
                    throw invalid("issuers." + e.getKey() + ".jwksUrl", "must be an https URL (http only for a"
                            + " loopback host): keys fetched over http can be replaced on the way");
                }
            }
            if (algorithms.isEmpty()) {
                throw invalid("algorithms", "at least one is required");
            }
            for (String a : algorithms) {
                if (!ASYMMETRIC_ALGORITHMS.contains(a)) {
                    throw invalid("algorithms", "only asymmetric algorithms are accepted ("
                            + String.join(", ", ASYMMETRIC_ALGORITHMS) + "), never none or HMAC: "
                            + a.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", ""));
                }
            }
            range("clockSkewMs", clockSkew, Duration.ZERO, Duration.ofMinutes(5));
            range("maxTokenLifetimeMs", maxTokenLifetime, Duration.ofSeconds(1), Duration.ofHours(1));
            range("jtiCacheSize", jtiCacheSize, 1, 10_000_000);
            for (String o : corsOrigins) {
                if (o == null || !o.matches("https?://[A-Za-z0-9.\\-]+(:\\d{1,5})?")) {
                    throw invalid("corsOrigins", "an origin is scheme://host[:port], without a path or wildcard");
                }
            }
            range("maxBodyBytes", maxBodyBytes, 1024, 64L * 1024 * 1024);
            range("headerTimeoutMs", headerTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
            range("bodyTimeoutMs", bodyTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
            range("idleTimeoutMs", idleTimeout, Duration.ofMillis(100), Duration.ofMinutes(30));
            range("maxThreads", maxThreads, 8, 1000);
            range("maxConnections", maxConnections, 1, 100_000);
            for (String s : fhirServers) {
                if (s == null || !isSecureOrLoopback(uri("fhirServers", s))) {
                    throw invalid("fhirServers", "must be https URLs (http only for a loopback host): the EHR's"
                            + " access token is sent to them");
                }
            }
            range("fhirTimeoutMs", fhirTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
            range("maxFhirResponseBytes", maxFhirResponseBytes, 1024, 256L * 1024 * 1024);
            range("reportPages", reportPages, 0, 10_000);
            range("reportLifetimeMs", reportLifetime, Duration.ofMillis(100), Duration.ofHours(1));
            range("fhirDeadlineMs", fhirDeadline, Duration.ofMillis(100), Duration.ofMinutes(1));
            range("maxFhirBytesPerRequest", maxFhirBytesPerRequest, 1024, 256L * 1024 * 1024);
            range("maxConcurrentFhirFetches", maxConcurrentFhirFetches, 1, 1000);
            range("maxConcurrentAssessments", maxConcurrentAssessments, 1, 1000);
            return new CdsHooksConfig(this);
        }
    }
}
