package org.trdrules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Test helpers for the CDS Hooks service over real HTTP on 127.0.0.1: requests, tokens and raw sockets. */
final class CdsHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CdsHttp() {
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(int port, String path, JsonNode body, String token) throws Exception {
        return post(port, path, body.toString(), "application/json", token);
    }

    static HttpResponse<String> post(int port, String path, String body, String contentType, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A hook answer with each report link's token replaced by {@code <token>}: two answers for the same patient are
     * the same cards, but each gives a new capability.
     */
    static String sameCards(String answer) {
        return answer.replaceAll("/report/[A-Za-z0-9_-]{43}\"", "/report/<token>\"");
    }

    /** The example FHIR Bundle (docs/examples/fhir-bundle.json). */
    static JsonNode exampleBundle() throws Exception {
        return JSON.readTree(Files.readString(Path.of("docs/examples/fhir-bundle.json")));
    }

    /** A hook request whose prefetch is the example Bundle's resources (patient, and the rest as one Bundle). */
    static ObjectNode request(String hook) throws Exception {
        ObjectNode req = JSON.createObjectNode();
        req.put("hook", hook);
        req.put("hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
        req.putObject("context").put("userId", "Practitioner/x").put("patientId", "p1");
        ObjectNode prefetch = req.putObject("prefetch");
        ObjectNode rest = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        ArrayNode entries = rest.putArray("entry");
        for (JsonNode e : exampleBundle().get("entry")) {
            if (e.get("resource").get("resourceType").asText().equals("Patient")) {
                prefetch.set("patient", e.get("resource"));
            } else {
                entries.add(e);
            }
        }
        prefetch.set("conditions", rest);
        return req;
    }

    static RSAKey rsa(String kid) throws JOSEException {
        return new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID(kid).generate();
    }

    static ECKey ec(String kid) throws JOSEException {
        return new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID(kid).generate();
    }

    /** Claims as a CDS client sends them: iss, sub, aud, exp (in 4 min), iat (now), jti (random). */
    static JWTClaimsSet.Builder claims(String iss, String aud) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(iss).subject("ehr-client").audience(aud)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(240)))
                .jwtID(UUID.randomUUID().toString());
    }

    static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) throws JOSEException {
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID())
                .type(com.nimbusds.jose.JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** A raw socket to the service, with a read timeout. */
    static Socket socket(int port, int readTimeoutMs) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(readTimeoutMs);
        return s;
    }

    static void write(Socket s, String text) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line's code of the answer on the socket, or -1 when the service closed it without one. */
    static int status(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            int c = in.read();
            if (c < 0) {
                return line.length() == 0 ? -1 : parse(line);
            }
            if (c == '\n') {
                break;
            }
            line.append((char) c);
        }
        return parse(line);
    }

    private static int parse(CharSequence line) {
        String[] parts = line.toString().split(" ");
        return parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
    }
}
