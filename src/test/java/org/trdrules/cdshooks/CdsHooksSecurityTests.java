package org.trdrules.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.cdshooks.CdsHttp.JSON;
import static org.trdrules.cdshooks.CdsHttp.claims;
import static org.trdrules.cdshooks.CdsHttp.post;
import static org.trdrules.cdshooks.CdsHttp.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdrules.Vignettes;

/**
 * CDS Hooks 2.0 JWT security over real HTTP on 127.0.0.1: keys generated here; one issuer's JWKS in a local file,
 * another's served by a loopback JWKS endpoint this test starts.
 */
class CdsHooksSecurityTests {

    static final String EHR = "https://ehr.test";
    static final String EHR2 = "https://other-ehr.test";
    static final String AUD = "https://cds.test/cds-services";
    static final String HOOK = "/cds-services/trd-patient-view";

    @TempDir
    static Path dir;
    static RSAKey rsa;
    static ECKey ec;
    static RSAKey stranger;
    static HttpServer jwks;
    static CdsHooksService service;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        rsa = CdsHttp.rsa("ehr-rsa");
        ec = CdsHttp.ec("ehr2-ec");
        stranger = CdsHttp.rsa("stranger");
        Path file = dir.resolve("ehr.jwks.json");
        Files.writeString(file, new JWKSet(rsa.toPublicJWK()).toString());
        byte[] ecSet = new JWKSet(ec.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks.json", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ecSet.length);
            ex.getResponseBody().write(ecSet);
            ex.close();
        });
        jwks.start();
        service = CdsHooksService.start(Vignettes.engine(), CdsHooksConfig.builder().port(0)
                .serviceUrl(URI.create(AUD))
                .issuerJwksFile(EHR, file)
                .issuer(EHR2, URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"))
                .build());
        port = service.port();
    }

    @AfterAll
    static void stop() {
        service.stop();
        jwks.stop(0);
    }

    private static HttpResponse<String> call(String token) throws Exception {
        return post(port, HOOK, CdsHttp.request("patient-view"), token);
    }

    private static void refused(String token) throws Exception {
        HttpResponse<String> r = call(token);
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        JsonNode issue = JSON.readTree(r.body()).get("issue").get(0);
        assertEquals("TRD-CDS-002", issue.get("details").get("coding").get(0).get("code").asText());
        assertTrue(!r.body().contains("cards"), r.body());
    }

    @Test
    void aTokenSignedByAnAllowedIssuerIsServed() throws Exception {
        HttpResponse<String> r = call(sign(rsa, JWSAlgorithm.RS384, claims(EHR, AUD).build()));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).get("cards").size() >= 2);
    }

    @Test
    void anEcTokenVerifiedWithTheIssuersJwksUrlIsServed() throws Exception {
        assertEquals(200, call(sign(ec, JWSAlgorithm.ES256, claims(EHR2, AUD).build())).statusCode());
    }

    @Test
    void theAudienceMayNameTheServiceCalled() throws Exception {
        assertEquals(200, call(sign(rsa, JWSAlgorithm.RS256, claims(EHR, AUD + "/trd-patient-view").build()))
                .statusCode());
    }

    @Test
    void noTokenOrGarbageIsRefused() throws Exception {
        refused(null);
        refused("garbage");
        refused("a.b.c");
    }

    @Test
    void anUnsecuredAlgNoneTokenIsRefused() throws Exception {
        refused(new PlainJWT(claims(EHR, AUD).build()).serialize());
    }

    @Test
    void anHmacTokenKeyedWithThePublicKeyIsRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(EHR, AUD).build());
        jwt.sign(new MACSigner(rsa.toPublicJWK().toRSAPublicKey().getEncoded()));
        refused(jwt.serialize());
    }

    @Test
    void anAlgorithmOutsideTheAllowListIsRefused() throws Exception {
        refused(sign(rsa, JWSAlgorithm.RS512, claims(EHR, AUD).build()));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant now = Instant.now();
        refused(sign(rsa, JWSAlgorithm.RS384, claims(EHR, AUD).issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(120))).build()));
    }

    @Test
    void aTokenIssuedInTheFutureOrLivingTooLongIsRefused() throws Exception {
        Instant now = Instant.now();
        refused(sign(rsa, JWSAlgorithm.RS384, claims(EHR, AUD).issueTime(Date.from(now.plusSeconds(300))).build()));
        refused(sign(rsa, JWSAlgorithm.RS384, claims(EHR, AUD).expirationTime(Date.from(now.plusSeconds(3600)))
                .build()));
    }

    @Test
    void aWrongAudienceIsRefused() throws Exception {
        refused(sign(rsa, JWSAlgorithm.RS384, claims(EHR, "https://elsewhere.test/cds-services").build()));
        refused(sign(rsa, JWSAlgorithm.RS384, claims(EHR, null).build()));
    }

    @Test
    void anIssuerOffTheAllowListOrAKeyNotTheIssuersIsRefused() throws Exception {
        refused(sign(stranger, JWSAlgorithm.RS384, claims("https://stranger.test", AUD).build()));
        refused(sign(stranger, JWSAlgorithm.RS384, claims(EHR, AUD).build()));
        refused(sign(ec, JWSAlgorithm.ES256, claims(EHR, AUD).build()));
    }

    @Test
    void aTokenWithoutJtiOrAReplayedJtiIsRefused() throws Exception {
        refused(sign(rsa, JWSAlgorithm.RS384, claims(EHR, AUD).jwtID(null).build()));
        String once = sign(rsa, JWSAlgorithm.RS384, claims(EHR, AUD).build());
        assertEquals(200, call(once).statusCode());
        refused(once);
    }

    @Test
    void feedbackNeedsATokenAndDiscoveryDoesNot() throws Exception {
        String body = "{\"feedback\":[{\"card\":\"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea\",\"outcome\":\"accepted\"}]}";
        assertEquals(401, post(port, HOOK + "/feedback", body, "application/json", null).statusCode());
        assertEquals(200, post(port, HOOK + "/feedback", body, "application/json",
                sign(rsa, JWSAlgorithm.RS384, claims(EHR, AUD).build())).statusCode());
        assertEquals(200, CdsHttp.get(port, "/cds-services").statusCode());
    }

    /** Claims issued at {@code now} (by a test clock), living 4 minutes. */
    private static JWTClaimsSet at(Instant now) {
        return claims(EHR, AUD).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(240))).build();
    }

    /**
     * ECDSA tokens (ES256, ES384, ES512) verify through BouncyCastle, which serve carries, and through the JDK's own
     * provider when it is absent; a signature by another key or over changed claims is refused by both, and RSA
     * tokens verify either way.
     */
    @Test
    void ecTokensVerifyAndForgeriesAreRefusedWithBouncyCastleAndWithTheJdkProvider() throws Exception {
        assertTrue(TokenVerifier.EC_PROVIDER != null && TokenVerifier.EC_PROVIDER.getName().equals("BC"),
                "BouncyCastle is on serve's class path");
        Map<com.nimbusds.jose.jwk.Curve, JWSAlgorithm> curves = Map.of(com.nimbusds.jose.jwk.Curve.P_256,
                JWSAlgorithm.ES256, com.nimbusds.jose.jwk.Curve.P_384, JWSAlgorithm.ES384,
                com.nimbusds.jose.jwk.Curve.P_521, JWSAlgorithm.ES512);
        for (java.security.Provider provider : java.util.Arrays.asList(TokenVerifier.EC_PROVIDER, null)) {
            for (Map.Entry<com.nimbusds.jose.jwk.Curve, JWSAlgorithm> e : curves.entrySet()) {
                com.nimbusds.jose.jwk.ECKey key = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(e.getKey())
                        .keyID("k").generate();
                com.nimbusds.jose.jwk.ECKey other = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(e.getKey())
                        .keyID("k").generate();
                Path keys = dir.resolve("ec-" + e.getValue() + ".jwks.json");
                Files.writeString(keys, new JWKSet(java.util.List.of(key.toPublicJWK(), rsa.toPublicJWK()))
                        .toString());
                TokenVerifier v = new TokenVerifier(CdsHooksConfig.builder().serviceUrl(URI.create(AUD))
                        .issuerJwksFile(EHR, keys).algorithms(Set.of("ES256", "ES384", "ES512", "RS384")).build(),
                        Set.of(AUD), java.time.Clock.systemUTC(), provider);
                String where = e.getValue() + " with " + (provider == null ? "the JDK" : provider.getName());
                assertEquals(EHR, v.verify("Bearer " + sign(key, e.getValue(), claims(EHR, AUD).build())).issuer(),
                        where);
                assertThrows(TokenVerifier.Refused.class, () -> v.verify("Bearer " + sign(other, e.getValue(),
                        claims(EHR, AUD).build())), where + ": another key");
                String[] parts = sign(key, e.getValue(), claims(EHR, AUD).build()).split("\\.");
                String changed = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims(EHR, AUD)
                        .build().toString().getBytes(StandardCharsets.UTF_8));
                assertThrows(TokenVerifier.Refused.class, () -> v.verify("Bearer " + parts[0] + "." + changed + "."
                        + parts[2]), where + ": changed claims");
                assertEquals(EHR, v.verify("Bearer " + sign(rsa, JWSAlgorithm.RS384, claims(EHR, AUD).build()))
                        .issuer(), where + ": RSA");
                // review: nimbus' own checks still run before the provider: an all-zero signature of the right length
                // (CVE-2022-21449, "psychic signatures") and a header naming another curve's algorithm are refused
                int len = com.nimbusds.jose.crypto.impl.ECDSA.getSignatureByteArrayLength(e.getValue());
                String zero = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[len]);
                assertThrows(TokenVerifier.Refused.class, () -> v.verify("Bearer " + parts[0] + "." + parts[1] + "."
                        + zero), where + ": zero signature");
                JWSAlgorithm otherCurve = e.getValue().equals(JWSAlgorithm.ES256) ? JWSAlgorithm.ES384
                        : JWSAlgorithm.ES256;
                String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        new com.nimbusds.jose.JWSHeader.Builder(otherCurve).keyID("k").build().toString()
                                .getBytes(StandardCharsets.UTF_8));
                assertThrows(TokenVerifier.Refused.class, () -> v.verify("Bearer " + header + "." + parts[1] + "."
                        + parts[2]), where + ": another curve's algorithm");
            }
        }
    }

    @Test
    void theReplayCacheIsBoundedAndForgetsExpiredIdsByTheInjectedClock() throws Exception {
        CdsHooksConfig c = CdsHooksConfig.builder().serviceUrl(URI.create(AUD))
                .issuerJwksFile(EHR, dir.resolve("ehr.jwks.json")).jtiCacheSize(2).build();
        Instant t0 = Instant.now().minus(java.time.Duration.ofDays(3)); // far from real time: only the test clock counts
        Instant[] now = {t0};
        TokenVerifier v = new TokenVerifier(c, Set.of(AUD), new java.time.Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public java.time.Clock withZone(java.time.ZoneId z) { return this; }
            @Override public Instant instant() { return now[0]; }
        });
        v.verify("Bearer " + sign(rsa, JWSAlgorithm.RS384, at(t0)));
        v.verify("Bearer " + sign(rsa, JWSAlgorithm.RS384, at(t0.plusSeconds(1))));
        assertThrows(TokenVerifier.Refused.class,
                () -> v.verify("Bearer " + sign(rsa, JWSAlgorithm.RS384, at(t0))), "full: fails closed");
        assertEquals(2, v.cached());
        // a token valid by real time is expired by the injected clock three days on: nimbus checks exp by that clock
        now[0] = Instant.now().plus(java.time.Duration.ofDays(3));
        assertThrows(TokenVerifier.Refused.class,
                () -> v.verify("Bearer " + sign(rsa, JWSAlgorithm.RS384, claims(EHR, AUD).build())), "exp by the clock");
        // ten minutes after t0 both ids have expired and are forgotten
        now[0] = t0.plusSeconds(600);
        v.verify("Bearer " + sign(rsa, JWSAlgorithm.RS384, at(now[0])));
        assertEquals(1, v.cached());
        String once = sign(rsa, JWSAlgorithm.RS384, at(now[0]));
        v.verify("Bearer " + once);
        assertThrows(TokenVerifier.Refused.class, () -> v.verify("Bearer " + once), "replayed");
    }

    @Test
    void theReplayCacheStaysBoundedUnderManyIds() throws Exception {
        CdsHooksConfig c = CdsHooksConfig.builder().serviceUrl(URI.create(AUD))
                .issuerJwksFile(EHR, dir.resolve("ehr.jwks.json")).jtiCacheSize(50).build();
        Instant t0 = Instant.now();
        Instant[] now = {t0};
        TokenVerifier v = new TokenVerifier(c, Set.of(AUD), new java.time.Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public java.time.Clock withZone(java.time.ZoneId z) { return this; }
            @Override public Instant instant() { return now[0]; }
        });
        // 200 tokens, one every 10 s, each living 240 s (+30 s skew): at most 28 alive at once, never 50
        for (int i = 0; i < 200; i++) {
            now[0] = t0.plusSeconds(10L * i);
            v.verify("Bearer " + sign(rsa, JWSAlgorithm.RS384, at(now[0])));
            assertTrue(v.cached() <= 28, "expired ids are dropped: " + v.cached());
        }
    }

    @Test
    void aJwksUrlOverPlainHttpIsAConfigurationErrorUnlessLoopback() {
        for (String url : List.of("http://keys.example.org/jwks.json", "http://10.0.0.5/jwks.json",
                "ftp://keys.example.org/jwks.json")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CdsHooksConfig.builder()
                    .serviceUrl(URI.create(AUD)).issuer(EHR, URI.create(url)).build(), url);
            assertTrue(e.getMessage().startsWith("TRD-CDS-001: issuers."), e.getMessage());
        }
        for (String url : List.of("https://keys.example.org/jwks.json", "http://127.0.0.1:9/jwks.json",
                "http://localhost:9/jwks.json", "http://[::1]:9/jwks.json")) {
            assertEquals(URI.create(url), CdsHooksConfig.builder().serviceUrl(URI.create(AUD))
                    .issuer(EHR, URI.create(url)).build().issuers().get(EHR).url());
        }
    }

    @Test
    void insecureNoAuthIsRefusedOffLoopback() {
        for (String host : List.of("0.0.0.0", "10.1.2.3", "cds.example.org", "::")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CdsHooksConfig.builder().host(host).insecureNoAuth(true).build(), host);
            assertTrue(e.getMessage().startsWith("TRD-CDS-001: insecureNoAuth"), e.getMessage());
        }
        for (String host : List.of("127.0.0.1", "localhost", "::1", "127.0.1.1")) {
            assertTrue(CdsHooksConfig.builder().host(host).insecureNoAuth(true).build().insecureNoAuth());
        }
    }

    @Test
    void hmacOrNoneInTheAlgorithmAllowListIsAConfigurationError() {
        for (String alg : List.of("HS256", "none")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CdsHooksConfig.builder()
                    .serviceUrl(URI.create(AUD)).issuerJwksFile(EHR, dir.resolve("ehr.jwks.json"))
                    .algorithms(Set.of(alg)).build());
            assertTrue(e.getMessage().startsWith("TRD-CDS-001"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CdsHooksConfig.builder()
                .build());
        assertTrue(e.getMessage().startsWith("TRD-CDS-001: issuers"), e.getMessage());
    }
}
