package org.trdrules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trdrules.ErrorCode;

/**
 * The HTTP side of the CDS Hooks service on Jetty's core handler API: routing, the security headers of every
 * answer, authentication, content type, and a body read without blocking a thread, limited in size (413 as soon
 * as the limit is passed, never buffering more) and in time (408). Thread-safe.
 *
 * <p>Routes, all in {@link #handle}: {@code GET /healthz}, {@code GET /cds-services}, {@code POST
 * /cds-services/{id}}, {@code POST /cds-services/{id}/feedback}, and {@code GET /report/{token}}, the clinician
 * report page a patient-view card links to. That page is for the clinician's browser, which does not carry the
 * EHR's JWT: the unguessable, short-lived token in its path is the capability. An unknown or expired token gets
 * the same 404 as any unknown path; the token is never logged.
 */
final class CdsHooksHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksHandler.class);
    private static final HttpField NO_STORE = new HttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField NOSNIFF = new HttpField("X-Content-Type-Options", "nosniff");
    private static final String PREFIX = "/cds-services";
    /**
     * What a report page may load: nothing but its own inline CSS and {@code data:} images (the page has inline
     * CSS and SVG and no script; the same policy as its own meta element).
     */
    static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    /** The media type of a report page. */
    static final String HTML = "text/html; charset=utf-8";

    private final Hooks hooks;
    private final TokenVerifier verifier;
    private final ObjectMapper mapper;
    private final int maxBody;
    private final long bodyTimeoutMs;

    CdsHooksHandler(Hooks hooks, TokenVerifier verifier, ObjectMapper mapper, CdsHooksConfig config) {
        this.hooks = hooks;
        this.verifier = verifier;
        this.mapper = mapper;
        this.maxBody = config.maxBodyBytes();
        this.bodyTimeoutMs = config.bodyTimeout().toMillis();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpFields.Mutable h = response.getHeaders();
        h.put(NO_STORE);
        h.put(NOSNIFF);
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (path.equals("/healthz")) {
            return method.equals("GET") || method.equals("HEAD")
                    ? send(response, callback, 200, mapper.createObjectNode().put("status", "ok"))
                    : notAllowed(response, callback, "GET");
        }
        if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
            return method.equals("GET") ? send(response, callback, 200, hooks.discovery())
                    : notAllowed(response, callback, "GET");
        }
        if (path.startsWith(ReportLinks.PATH)) {
            return report(path.substring(ReportLinks.PATH.length()), method, response, callback);
        }
        if (!path.startsWith(PREFIX + "/")) {
            return send(response, callback, 404, error(404, "not found"));
        }
        String rest = path.substring(PREFIX.length() + 1);
        boolean feedback = rest.endsWith("/feedback");
        String id = feedback ? rest.substring(0, rest.length() - "/feedback".length()) : rest;
        if (!Hooks.isService(id)) {
            return send(response, callback, 404, error(404, "unknown service"));
        }
        if (!method.equals("POST")) {
            return notAllowed(response, callback, "POST");
        }
        boolean authenticated = false;
        if (verifier != null) {
            try {
                verifier.verify(request.getHeaders().get(HttpHeader.AUTHORIZATION));
                authenticated = true;
            } catch (TokenVerifier.Refused e) {
                LOG.info("CDS Hooks request refused: {}", e.getMessage());
                h.put(HttpHeader.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                return send(response, callback, 401, hooks.refuse(401, "login", ErrorCode.CDS_UNAUTHORIZED, null,
                        "a valid CDS Hooks JWT bearer token is required").body());
            }
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!mime.equals("application/json") && !mime.equals("application/fhir+json")) {
            return send(response, callback, 415, hooks.refuse(415, "not-supported", ErrorCode.CDS_REQUEST_INVALID,
                    null, "the body must be application/json").body());
        }
        long length = request.getLength();
        if (length > maxBody) {
            return tooLarge(response, callback);
        }
        boolean auth = authenticated;
        new BodyReader(request, response, callback, body -> {
            Hooks.Answer a = feedback ? hooks.feedback(id, body) : hooks.hook(id, body, auth);
            send(response, callback, a.status(), a.body());
        }).start(request.getComponents().getScheduler());
        return true;
    }

    /** {@code GET /report/{token}}: the stored page, or the 404 of an unknown path. */
    private boolean report(String token, String method, Response response, Callback callback) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return notAllowed(response, callback, "GET");
        }
        byte[] bytes = hooks.reportPage(token);
        if (bytes == null) {
            LOG.debug("CDS Hooks report page not found (unknown or expired token)");
            return send(response, callback, 404, error(404, "not found"));
        }
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, HTML);
        h.put("Content-Security-Policy", REPORT_CSP);
        h.put("Referrer-Policy", "no-referrer");
        h.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.setStatus(200);
        response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(bytes), callback);
        LOG.debug("CDS Hooks report page served");
        return true;
    }

    private boolean tooLarge(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        return send(response, callback, 413, hooks.refuse(413, "too-costly", ErrorCode.CDS_REQUEST_INVALID, null,
                "the body is larger than " + maxBody + " bytes").body());
    }

    private boolean notAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        return send(response, callback, 405, error(405, "method not allowed"));
    }

    private JsonNode error(int status, String message) {
        return mapper.createObjectNode().put("error", message);
    }

    boolean send(Response response, Callback callback, int status, JsonNode body) {
        response.setStatus(status);
        if (status == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1"); // only the FHIR fallback's limit answers 503
        }
        if (body == null) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            response.write(true, null, callback);
            return true;
        }
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            callback.failed(e);
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    /**
     * Reads a request body by demand (no thread waits for a slow client), up to the size limit and within the body
     * time limit, then hands it on.
     */
    private final class BodyReader implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final java.util.function.Consumer<byte[]> then;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final AtomicBoolean done = new AtomicBoolean();
        private Scheduler.Task timer;

        BodyReader(Request request, Response response, Callback callback, java.util.function.Consumer<byte[]> then) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.then = then;
        }

        void start(Scheduler scheduler) {
            timer = scheduler.schedule(this::timeout, bodyTimeoutMs, TimeUnit.MILLISECONDS);
            run();
        }

        private void timeout() {
            if (done.compareAndSet(false, true)) {
                LOG.info("CDS Hooks request refused: body not received within the limit");
                response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                send(response, callback, 408, hooks.refuse(408, "timeout", ErrorCode.CDS_REQUEST_INVALID, null,
                        "the body was not received in time").body());
            }
        }

        private void finish() {
            if (timer != null) {
                timer.cancel();
            }
        }

        @Override
        public void run() {
            while (!done.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    if (done.compareAndSet(false, true)) {
                        finish();
                        callback.failed(chunk.getFailure());
                    }
                    return;
                }
                ByteBuffer b = chunk.getByteBuffer();
                if (buffer.size() + b.remaining() > maxBody) {
                    chunk.release();
                    if (done.compareAndSet(false, true)) {
                        finish();
                        LOG.info("CDS Hooks request refused: body over the size limit");
                        tooLarge(response, callback);
                    }
                    return;
                }
                byte[] part = new byte[b.remaining()];
                b.get(part);
                buffer.write(part, 0, part.length);
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    if (done.compareAndSet(false, true)) {
                        finish();
                        try {
                            then.accept(buffer.toByteArray());
                        } catch (RuntimeException e) {
                            LOG.warn("CDS Hooks request failed: {}", e.getClass().getSimpleName());
                            send(response, callback, 500, hooks.refuse(500, "exception", ErrorCode.ENGINE_UNEXPECTED,
                                    null, "the request could not be processed").body());
                        }
                    }
                    return;
                }
            }
        }
    }

    /** Errors Jetty answers itself (a malformed request line, headers too large): JSON, no stack, same headers. */
    static final class JsonErrors extends ErrorHandler {
        private final ObjectMapper mapper;

        JsonErrors(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) {
            response.getHeaders().put(NO_STORE);
            response.getHeaders().put(NOSNIFF);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            byte[] bytes;
            try {
                bytes = mapper.writeValueAsBytes(mapper.createObjectNode().put("error",
                        org.eclipse.jetty.http.HttpStatus.getMessage(code)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                bytes = new byte[0];
            }
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
    }
}
