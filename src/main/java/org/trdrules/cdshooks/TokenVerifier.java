package org.trdrules.cdshooks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.Key;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;
import org.trdrules.ErrorCode;

/**
 * Verifies the CDS Hooks 2.0 bearer JWT of a request: the issuer is allow-listed, the signature checks against that
 * issuer's JWKS with an allow-listed asymmetric algorithm ({@code none} and HMAC never), {@code aud} is the
 * service's URL, {@code exp} and {@code iat} are within the clock skew and the token lifetime limit, and its
 * {@code jti} was not seen before (a bounded replay cache holding each id until its token expires). Thread-safe.
 */
final class TokenVerifier {

    /** Why a token was refused: for the log (structural), never told to the caller. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(ErrorCode.CDS_UNAUTHORIZED.message(reason), null, false, false);
        }
    }

    /** The verified caller: issuer and client id, for structural logging only. */
    record Caller(String issuer) {}

    private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new HashMap<>();
    private final long skewSeconds;
    private final long maxLifetimeSeconds;
    private final int cacheSize;
    private final Clock clock;
    /** jti (with its issuer) to the instant it may be forgotten. */
    private final Map<String, Instant> seen = new HashMap<>();
    /** The same ids by the instant they may be forgotten, soonest first: expiry in O(log n) per id. */
    private final PriorityQueue<Seen> byExpiry = new PriorityQueue<>((a, b) -> a.forgetAt.compareTo(b.forgetAt));

    private record Seen(String jti, Instant forgetAt) {}

    /** Creates the signature verifiers: ECDSA by {@link #EC_PROVIDER} when there is one. */
    private final JWSVerifierFactory verifiers;

    TokenVerifier(CdsHooksConfig config, Set<String> audiences, Clock clock) {
        this(config, audiences, clock, EC_PROVIDER);
    }

    /** As above, with ECDSA checked by {@code ecProvider} (null: the JDK's provider). */
    TokenVerifier(CdsHooksConfig config, Set<String> audiences, Clock clock, Provider ecProvider) {
        this.clock = clock;
        this.verifiers = verifiers(ecProvider);
        this.skewSeconds = config.clockSkew().toSeconds();
        this.maxLifetimeSeconds = config.maxTokenLifetime().toSeconds();
        this.cacheSize = config.jtiCacheSize();
        Set<JWSAlgorithm> algs = config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        for (Map.Entry<String, CdsHooksConfig.Jwks> e : config.issuers().entrySet()) {
            JWKSource<SecurityContext> keys = source(e.getKey(), e.getValue());
            DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
            p.setJWSVerifierFactory(verifiers);
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(algs, keys));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audiences,
                    new JWTClaimsSet.Builder().issuer(e.getKey()).build(), Set.of("iss", "sub", "aud", "exp", "iat", "jti"),
                    Set.of()) {
                @Override
                protected Date currentTime() {
                    return Date.from(clock.instant()); // exp and nbf by the same clock as iat, lifetime and replay
                }
            };
            claims.setMaxClockSkew((int) skewSeconds);
            p.setJWTClaimsSetVerifier(claims);
            processors.put(e.getKey(), p);
        }
    }

    /**
     * BouncyCastle's provider when it is on the class path (it is in the CLI jar), else null. Used only for the
     * ECDSA checks of this class, never registered with {@link java.security.Security}: on Java 17 the JDK's ECDSA
     * verification is about 6 times slower for ES256 and 4 times for ES384 (docs/cds-hooks.md).
     */
    static final Provider EC_PROVIDER = bouncyCastle();

    private static Provider bouncyCastle() {
        try {
            return (Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** ECDSA (EC keys) through {@code ecProvider}; RSA, and ECDSA without one, through the JDK's providers. */
    private static JWSVerifierFactory verifiers(Provider ecProvider) {
        DefaultJWSVerifierFactory jdk = new DefaultJWSVerifierFactory();
        if (ecProvider == null) {
            return jdk;
        }
        DefaultJWSVerifierFactory ec = new DefaultJWSVerifierFactory();
        ec.getJCAContext().setProvider(ecProvider);
        return new JWSVerifierFactory() {
            @Override
            public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
                return (key instanceof ECPublicKey ? ec : jdk).createJWSVerifier(header, key);
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return jdk.supportedJWSAlgorithms();
            }

            @Override
            public JCAContext getJCAContext() {
                return jdk.getJCAContext();
            }
        };
    }

    private static JWKSource<SecurityContext> source(String iss, CdsHooksConfig.Jwks jwks) {
        try {
            if (jwks.file() != null) {
                return new ImmutableJWKSet<>(JWKSet.load(jwks.file().toFile()).toPublicJWKSet());
            }
            if (!CdsHooksConfig.isSecureOrLoopback(jwks.url())) { // build() refuses it already: kept as a guard
                throw CdsHooksConfig.invalid("issuers[" + iss + "].jwksUrl", "must be an https URL");
            }
            // timeouts and a size limit on the key set download; keys cached and refreshed by the builder's defaults
            return JWKSourceBuilder.<SecurityContext>create(jwks.url().toURL(),
                    new DefaultResourceRetriever(5_000, 5_000, 256 * 1024)).build();
        } catch (java.io.IOException | java.text.ParseException | RuntimeException e) {
            throw CdsHooksConfig.invalid("issuers[" + iss + "]", "the JWKS cannot be read");
        }
    }

    /** The caller of a request with this Authorization header value, or Refused. */
    Caller verify(String authorization) throws Refused {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refused("no bearer token");
        }
        String token = authorization.substring(7).trim();
        if (token.length() > 16 * 1024) {
            throw new Refused("token too long");
        }
        SignedJWT jwt;
        JWTClaimsSet unverified;
        try {
            jwt = SignedJWT.parse(token); // an unsecured (alg none) JWT is no SignedJWT: refused here
            unverified = jwt.getJWTClaimsSet();
        } catch (java.text.ParseException | RuntimeException e) {
            throw new Refused("not a signed JWT");
        }
        DefaultJWTProcessor<SecurityContext> p = unverified.getIssuer() == null ? null
                : processors.get(unverified.getIssuer());
        if (p == null) {
            throw new Refused("issuer not allowed");
        }
        JWTClaimsSet claims;
        try {
            claims = p.process(jwt, null);
        } catch (com.nimbusds.jose.proc.BadJOSEException e) {
            throw new Refused(e.getClass().getSimpleName());
        } catch (com.nimbusds.jose.JOSEException | RuntimeException e) {
            throw new Refused("signature not verifiable");
        }
        Instant now = clock.instant();
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (iat.toInstant().isAfter(now.plusSeconds(skewSeconds))) {
            throw new Refused("issued in the future");
        }
        if (exp.toInstant().isAfter(now.plusSeconds(maxLifetimeSeconds + skewSeconds))) {
            throw new Refused("lifetime too long");
        }
        remember(claims.getIssuer() + " " + claims.getJWTID(), exp.toInstant().plusSeconds(skewSeconds), now);
        return new Caller(claims.getIssuer());
    }

    /** Records a token id; refuses one seen before, and any while the cache is full of unexpired ids. */
    private synchronized void remember(String jti, Instant forgetAt, Instant now) throws Refused {
        while (!byExpiry.isEmpty() && byExpiry.peek().forgetAt().isBefore(now)) {
            seen.remove(byExpiry.poll().jti());
        }
        if (seen.containsKey(jti)) {
            throw new Refused("replayed jti");
        }
        if (seen.size() >= cacheSize) {
            throw new Refused("replay cache full");
        }
        seen.put(jti, forgetAt);
        byExpiry.add(new Seen(jti, forgetAt));
    }

    /** Ids held by the replay cache (for tests). */
    synchronized int cached() {
        return seen.size();
    }
}
