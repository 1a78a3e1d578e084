package org.trdrules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdrules.cdshooks.CdsHooksConfig;
import picocli.CommandLine;

/** {@code trd-rules serve}: settings from a configuration file and flags, refused settings, a port in use. */
class CliServeTests {

    @TempDir
    Path dir;

    private static CdsHooksConfig settings(String... args) {
        TrdCli.Serve serve = new TrdCli.Serve();
        new CommandLine(serve).parseArgs(args);
        return serve.settings();
    }

    private Path jwks() throws Exception {
        Path f = dir.resolve("ehr.jwks.json");
        Files.writeString(f, new com.nimbusds.jose.jwk.JWKSet(new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
                .keyID("k").generate().toPublicJWK()).toString());
        return f;
    }

    @Test
    void withoutIssuersOrServiceUrlServeRefusesToStartWithTheSettingNamed() {
        CliRun r = CliRun.of("serve", "--port", "0");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("TRD-CDS-001: issuers"), r.err());
    }

    @Test
    void hmacIsRefusedAsAnAlgorithm() throws Exception {
        CliRun r = CliRun.of("serve", "--port", "0", "--service-url", "https://cds.test/cds-services", "--issuer",
                "https://ehr.test=" + jwks(), "--algorithms", "RS256,HS256");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("TRD-CDS-001: algorithms"), r.err());
        // EdDSA too: nimbus checks it only with Google Tink, which serve does not carry, so it would refuse every token
        CliRun e = CliRun.of("serve", "--port", "0", "--service-url", "https://cds.test/cds-services", "--issuer",
                "https://ehr.test=" + jwks(), "--algorithms", "RS384,EdDSA");
        assertEquals(2, e.exit());
        assertTrue(e.err().contains("TRD-CDS-001: algorithms"), e.err());
    }

    @Test
    void theConfigurationFileIsReadAndFlagsOverrideIt() throws Exception {
        jwks();
        Path conf = dir.resolve("cds.json");
        Files.writeString(conf, """
                {"port": 9123, "serviceUrl": "https://cds.test/cds-services",
                 "issuers": [{"iss": "https://ehr.test", "jwksFile": "ehr.jwks.json"},
                             {"iss": "https://ehr2.test", "jwksUrl": "https://ehr2.test/jwks.json"}],
                 "corsOrigins": ["https://sandbox.test"], "maxBodyBytes": 2048, "bodyTimeoutMs": 1500}
                """);
        CdsHooksConfig c = settings("--config", conf.toString(), "--port", "9124");
        assertEquals(9124, c.port());
        assertEquals("127.0.0.1", c.host());
        assertEquals(List.of("https://ehr.test", "https://ehr2.test"), List.copyOf(c.issuers().keySet()));
        assertEquals(dir.resolve("ehr.jwks.json"), c.issuers().get("https://ehr.test").file());
        assertEquals(List.of("https://sandbox.test"), c.corsOrigins());
        assertEquals(2048, c.maxBodyBytes());
        assertEquals(Duration.ofMillis(1500), c.bodyTimeout());
        assertTrue(!c.insecureNoAuth());
    }

    @Test
    void everyLimitOfTheFileHasAFlag() throws Exception {
        CdsHooksConfig c = settings("--service-url", "https://cds.test/cds-services", "--issuer",
                "https://ehr.test=" + jwks(), "--header-timeout-ms", "1001", "--body-timeout-ms", "1002",
                "--idle-timeout-ms", "1003", "--clock-skew-ms", "1004", "--max-token-lifetime-ms", "60000",
                "--jti-cache-size", "1006", "--fhir-timeout-ms", "1007", "--fhir-deadline-ms", "1008",
                "--max-fhir-response-bytes", "2009", "--max-fhir-bytes-per-request", "2010",
                "--max-concurrent-fhir-fetches", "3", "--max-concurrent-assessments", "5", "--report-pages", "12",
                "--report-lifetime-ms", "1013");
        assertEquals(Duration.ofMillis(1001), c.headerTimeout());
        assertEquals(Duration.ofMillis(1002), c.bodyTimeout());
        assertEquals(Duration.ofMillis(1003), c.idleTimeout());
        assertEquals(Duration.ofMillis(1004), c.clockSkew());
        assertEquals(Duration.ofMillis(60000), c.maxTokenLifetime());
        assertEquals(1006, c.jtiCacheSize());
        assertEquals(Duration.ofMillis(1007), c.fhirTimeout());
        assertEquals(Duration.ofMillis(1008), c.fhirDeadline());
        assertEquals(2009, c.maxFhirResponseBytes());
        assertEquals(2010, c.maxFhirBytesPerRequest());
        assertEquals(3, c.maxConcurrentFhirFetches());
        assertEquals(5, c.maxConcurrentAssessments());
        assertEquals(12, c.reportPages());
        assertEquals(Duration.ofMillis(1013), c.reportLifetime());
    }

    /** The example configuration file in docs/cds-hooks.md is valid JSON, every key known, every value in range. */
    @Test
    void theDocumentedExampleConfigurationFileReads() throws Exception {
        String doc = Files.readString(Path.of("docs/cds-hooks.md"));
        int start = doc.indexOf("```json\n{\n  \"host\"");
        assertTrue(start >= 0, "the example is in docs/cds-hooks.md");
        String json = doc.substring(start + "```json\n".length(), doc.indexOf("```", start + 7));
        Path conf = dir.resolve("example.json");
        Files.writeString(conf, json);
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/test-ehr.jwks.json"), Files.readString(jwks()));
        CdsHooksConfig c = CdsHooksConfig.builder().file(conf).build();
        assertEquals(8080, c.port());
        assertEquals(2, c.maxConcurrentAssessments());
        assertEquals(4, c.maxConcurrentFhirFetches());
        assertEquals(Duration.ofMillis(600000), c.reportLifetime());
    }

    @Test
    void aLimitOutOfRangeGivenAsAFlagIsRefusedWithItsName() throws Exception {
        CliRun r = CliRun.of("serve", "--port", "0", "--service-url", "https://cds.test/cds-services", "--issuer",
                "https://ehr.test=" + jwks(), "--report-pages", "-1");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("TRD-CDS-001: reportPages"), r.err());
        CliRun t = CliRun.of("serve", "--port", "0", "--service-url", "https://cds.test/cds-services", "--issuer",
                "https://ehr.test=" + jwks(), "--header-timeout-ms", "5");
        assertEquals(2, t.exit(), t.err());
        assertTrue(t.err().contains("TRD-CDS-001: headerTimeoutMs: must be 100-300000 ms"), t.err()); // the file key
    }

    @Test
    void anUnknownKeyOrAWronglyTypedValueInTheFileIsNamed() throws Exception {
        Path conf = dir.resolve("bad.json");
        Files.writeString(conf, "{\"insecureNoAuth\": true, \"maxBodySize\": 10}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings("--config", conf.toString()));
        assertEquals("TRD-CDS-001: maxBodySize: unknown key", e.getMessage());
        Files.writeString(conf, "{\"insecureNoAuth\": true, \"port\": \"80\"}");
        e = assertThrows(IllegalArgumentException.class, () -> settings("--config", conf.toString()));
        assertEquals("TRD-CDS-001: port: must be an integer", e.getMessage());
        CliRun r = CliRun.of("serve", "--config", dir.resolve("missing.json").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("TRD-CDS-001: configuration file"), r.err());
    }

    @Test
    void aPortInUseIsExit1WithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun r = CliRun.of("serve", "--insecure-no-auth", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().startsWith("trd-rules serve: cannot listen on 127.0.0.1:"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
