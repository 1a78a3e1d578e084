package org.trdrules.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trdrules.ErrorCode;
import org.trdrules.TrdEngine;

/**
 * The reference CDS Hooks 2.0 service on an embedded Jetty 12 server: discovery at {@code GET /cds-services},
 * {@code POST /cds-services/{id}} for patient-view, order-select and order-sign, {@code POST
 * /cds-services/{id}/feedback}, {@code GET /healthz}, and {@code GET /report/{token}}: the clinician report page a
 * patient-view card links to, kept in memory for a short time under an unguessable token (see {@link
 * CdsHooksConfig#reportPages()}). Every hook and feedback call needs the EHR's signed JWT
 * (CDS Hooks 2.0 security) unless {@link CdsHooksConfig#insecureNoAuth()}; bodies, header and body time, worker
 * threads and connections (and so queued jobs) are bounded; CORS answers only the configured origins. The FHIR
 * data comes from prefetch, or from the request's {@code fhirServer} when a key is missing. Logs carry no patient
 * data.
 * Thread-safe; start once, stop with {@link #stop()}.
 */
public final class CdsHooksService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksService.class);

    private final Server server;
    private final ServerConnector connector;
    private final FhirFetcher fetcher;

    private CdsHooksService(TrdEngine engine, CdsHooksConfig config, Clock clock, String jteClass) {
        ObjectMapper mapper = Hooks.mapper();
        // first, so that an unreadable JWKS file fails before anything is started
        TokenVerifier verifier = config.insecureNoAuth() ? null : new TokenVerifier(config, audiences(config), clock);
        fetcher = new FhirFetcher(config, mapper);
        ReportLinks reports = ReportLinks.create(config, engine.config(), clock, this::localUrl, jteClass);
        Hooks hooks = new Hooks(engine, mapper, fetcher, config.fhirServers(), reports,
                config.maxConcurrentAssessments());

        // an unbounded job queue, as Jetty advises; maxConnections bounds it (one request per HTTP/1.1 connection)
        QueuedThreadPool pool = new QueuedThreadPool(config.maxThreads(), Math.min(8, config.maxThreads()));
        pool.setName("trd-cds");
        server = new Server(pool);
        server.setStopTimeout(2_000);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        // no per-connection header cache: every CDS Hooks request carries a new token, so a cached Authorization
        // value never repeats and only overflows the cache, which Jetty then clears (13 % of the service's CPU)
        http.setHeaderCacheSize(0);
        http.setIdleTimeout(config.idleTimeout().toMillis());
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        connector.setAcceptQueueSize(128);
        connector.addEventListener(new HeaderDeadline(config.headerTimeout().toMillis(), connector));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));

        CdsHooksHandler handler = new CdsHooksHandler(hooks, verifier, mapper, config);
        if (config.corsOrigins().isEmpty()) {
            server.setHandler(handler);
        } else {
            CrossOriginHandler cors = new CrossOriginHandler();
            cors.setAllowedOriginPatterns(new LinkedHashSet<>(config.corsOrigins().stream()
                    .map(o -> java.util.regex.Pattern.quote(o)).toList()));
            cors.setAllowedMethods(Set.of("GET", "POST", "OPTIONS"));
            cors.setAllowedHeaders(Set.of("Authorization", "Content-Type"));
            cors.setAllowCredentials(false);
            cors.setPreflightMaxAge(java.time.Duration.ofMinutes(10));
            cors.setHandler(handler);
            server.setHandler(cors);
        }
        server.setErrorHandler(new CdsHooksHandler.JsonErrors(mapper));
    }

    /** The audiences a token may name: the discovery URL and each service's URL under it. */
    private static Set<String> audiences(CdsHooksConfig config) {
        String base = config.serviceUrl().toString().replaceAll("/+$", "");
        Set<String> aud = new LinkedHashSet<>();
        aud.add(base);
        aud.add(base + "/");
        for (String id : new String[] {CdsHooksCards.PATIENT_VIEW, CdsHooksCards.ORDER_SELECT, CdsHooksCards.ORDER_SIGN}) {
            aud.add(base + "/" + id);
        }
        return aud;
    }

    /**
     * Starts a service with these settings. An address that cannot be bound is a {@link java.io.IOException}
     * ({@link java.net.BindException}).
     */
    public static CdsHooksService start(TrdEngine engine, CdsHooksConfig config) throws java.io.IOException {
        return start(engine, config, Clock.systemUTC());
    }

    static CdsHooksService start(TrdEngine engine, CdsHooksConfig config, Clock clock) throws java.io.IOException {
        return start(engine, config, clock, ReportLinks.JTE_CLASS);
    }

    /** As {@link #start(TrdEngine, CdsHooksConfig, Clock)}, looking for the jte runtime by this class name. */
    static CdsHooksService start(TrdEngine engine, CdsHooksConfig config, Clock clock, String jteClass)
            throws java.io.IOException {
        CdsHooksService s = new CdsHooksService(engine, config, clock, jteClass);
        try {
            s.server.start();
        } catch (java.io.IOException e) {
            s.stop();
            throw e;
        } catch (Exception e) {
            s.stop();
            if (e.getCause() instanceof java.io.IOException io) {
                throw io;
            }
            throw new IllegalStateException(ErrorCode.ENGINE_UNEXPECTED.message("CDS Hooks service not started ("
                    + e.getClass().getSimpleName() + ")"), e);
        }
        if (config.insecureNoAuth()) {
            LOG.warn("CDS Hooks service runs WITHOUT authentication (insecureNoAuth): for local demos only, never"
                    + " with patient data or on a network address");
        }
        LOG.info("CDS Hooks service listening on port {} (authentication {}, {} CORS origins)", s.port(),
                config.insecureNoAuth() ? "off" : "on", config.corsOrigins().size());
        return s;
    }

    /** The port the service listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL it listens on, e.g. {@code http://127.0.0.1:8080}. */
    public URI localUrl() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Stops the service: open requests get up to 2 s to finish. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("CDS Hooks service stop failed: {}", e.getClass().getSimpleName());
        }
        fetcher.close();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Closes a connection whose request headers trickle in (slowloris): bytes arrived during a whole check interval
     * ({@code headerTimeout}) but no request's headers were completed, and every request whose headers were
     * complete has been answered. An idle connection sends nothing and is left to the idle timeout; one with a
     * request queued or being handled is left to the body timeout. Public Jetty API only: {@link
     * Connection#getBytesIn()}, {@link Connection#getMessagesIn()} (requests whose headers are complete) and {@link
     * Connection#getMessagesOut()} (responses begun). Thread-safe.
     */
    static final class HeaderDeadline implements Connection.Listener {
        private final long millis;
        private final org.eclipse.jetty.server.Connector connector;

        HeaderDeadline(long millis, org.eclipse.jetty.server.Connector connector) {
            this.millis = millis;
            this.connector = connector;
        }

        @Override
        public void onOpened(Connection connection) {
            schedule(connection, connection.getMessagesIn(), connection.getBytesIn(), false, millis);
        }

        private void schedule(Connection c, long messages, long bytes, boolean confirming, long delay) {
            connector.getScheduler().schedule(() -> check(c, messages, bytes, confirming), delay,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /**
         * A trickle seen at the end of an interval is confirmed after a short grace ({@code headerTimeout / 4}, at
         * most 200 ms) before the connection is closed: a request whose header merely arrived in two TCP segments
         * around the check completes within it, so a keep-alive client under load is never cut off mid-request.
         */
        private void check(Connection c, long messages, long bytes, boolean confirming) {
            if (!c.getEndPoint().isOpen()) {
                return;
            }
            long m = c.getMessagesIn();
            long b = c.getBytesIn();
            boolean trickling = m == messages && c.getMessagesOut() >= m && (confirming || b > bytes);
            if (trickling && confirming) {
                LOG.info("CDS Hooks connection closed: request headers not complete within the limit");
                c.getEndPoint().close();
                return;
            }
            if (trickling) {
                schedule(c, messages, b, true, Math.max(1, Math.min(200, millis / 4)));
                return;
            }
            schedule(c, m, b, false, millis);
        }
    }
}
