package org.trdrules.cdshooks;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rendered clinician report pages, in memory, each under an unguessable token: at most {@code maxPages} pages (the
 * oldest is dropped first) and each for at most {@code lifetime} after it was stored. A token is 256 bits from
 * {@link SecureRandom}, URL-safe base64 without padding (43 characters); it names nothing about the patient. Nothing
 * is written to disk or logged. Thread-safe (one lock; every operation is O(1) amortised).
 */
final class ReportStore {

    /** Length of a token: 32 random bytes in URL-safe base64 without padding. */
    static final int TOKEN_LENGTH = 43;
    private static final int TOKEN_BYTES = 32;

    /**
     * A page rendered when first asked for, not when its link is made: most links are never opened, and rendering
     * costs more than the hook answer itself. Thread-safe: renders at most once.
     */
    private static final class Page {
        private Supplier<byte[]> source;
        private byte[] html;
        private final Instant expires;

        Page(Supplier<byte[]> source, Instant expires) {
            this.source = source;
            this.expires = expires;
        }

        Instant expires() {
            return expires;
        }

        synchronized byte[] html() {
            if (source != null) {
                html = source.get();
                source = null; // the patient data behind it is released once rendered
            }
            return html;
        }
    }

    private final int maxPages;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Insertion order = age order: the first entry is the oldest (and expires first, lifetimes being equal). */
    private final LinkedHashMap<String, Page> pages = new LinkedHashMap<>();

    ReportStore(int maxPages, Duration lifetime, Clock clock) {
        if (maxPages < 1 || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("maxPages and lifetime must be positive");
        }
        this.maxPages = maxPages;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * Stores a page rendered on first use (the supplier returns its UTF-8 bytes, or null when it cannot be rendered)
     * and returns its new token; drops expired pages, then the oldest while over the bound.
     */
    String put(Supplier<byte[]> html) {
        byte[] b = new byte[TOKEN_BYTES];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant now = clock.instant();
        synchronized (pages) {
            dropExpired(now);
            pages.put(token, new Page(html, now.plus(lifetime)));
            while (pages.size() > maxPages) {
                Iterator<String> oldest = pages.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        return token;
    }

    /** The page's UTF-8 bytes stored under this token (not to be modified), or null when none or expired. */
    byte[] get(String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return null;
        }
        Instant now = clock.instant();
        Page p;
        synchronized (pages) {
            dropExpired(now);
            p = pages.get(token);
        }
        return p == null ? null : p.html(); // rendered outside the store's lock
    }

    /** Pages held now (expired ones not yet dropped included). */
    int size() {
        synchronized (pages) {
            return pages.size();
        }
    }

    private void dropExpired(Instant now) {
        for (Iterator<Map.Entry<String, Page>> it = pages.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().expires().isAfter(now)) {
                return; // the rest are younger
            }
            it.remove();
        }
    }
}
