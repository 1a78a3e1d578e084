package org.trdrules.cdshooks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.JWK;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.trdrules.TrdEngine;

/**
 * Load measurement of the CDS Hooks service (a test-scope tool, not a test: nothing here is asserted). Starts the
 * service on 127.0.0.1 with JWT authentication, warms it up, runs N concurrent clients posting the patient-view
 * request built from docs/examples/fhir-bundle.json (each with its own token, signed before the measured window so
 * that the clients' signing does not take the service's CPU) for a bounded time after a 20 s warm-up, and prints
 * p50/p99 latency and throughput; then sends one 100 MB chunked body and prints the heap the service held.
 *
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.trdrules.cdshooks.CdsHooksLoad -Dexec.args="20 10 ES384"
 * </pre>
 * Arguments: clients (default 20), measured seconds (default 10, at most 60), the token algorithm (default ES384;
 * ES256, ES384, RS384 and RS256: CDS Hooks 2.0 recommends ES384 and RS384, and the EHR chooses).
 */
public final class CdsHooksLoad {

    private CdsHooksLoad() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = Math.min(60, args.length > 1 ? Integer.parseInt(args[1]) : 10);
        String iss = "https://ehr.load";
        String aud = "https://cds.load/cds-services";
        JWSAlgorithm alg = JWSAlgorithm.parse(args.length > 2 ? args[2] : "ES384");
        JWK key = alg.getName().startsWith("RS") ? CdsHttp.rsa("load") : new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.forJWSAlgorithm(alg).iterator().next()).keyID("load").generate();
        Path jwks = Files.createTempFile("trd-load", ".jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        TrdEngine engine = TrdEngine.builder().clock(Clock.systemDefaultZone()).build();
        CdsHooksService service = CdsHooksService.start(engine, CdsHooksConfig.builder().port(0)
                .serviceUrl(URI.create(aud)).issuerJwksFile(iss, jwks).build());
        int port = service.port();
        String body = CdsHttp.request("patient-view").toString();
        String path = "/cds-services/trd-patient-view";
        try {
            Tokens warm = new Tokens(key, alg, iss, aud, 0);
            run(port, path, body, warm, clients, 20, null); // warm-up: the JIT compiles the hot paths
            Tokens tokens = new Tokens(key, alg, iss, aud, clients * seconds * 60);
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean();
            double load0 = os.getSystemLoadAverage();
            long cpu0 = os.getProcessCpuTime();
            long service0 = serviceCpu();
            long t0 = System.nanoTime();
            long ok = run(port, path, body, tokens, clients, seconds, latencies);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long cpu = os.getProcessCpuTime() - cpu0;
            long serviceCpu = serviceCpu() - service0;
            long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "patient-view, %d clients, %d s, %s tokens (%d signed during the window):"
                    + " %d answers (200), %.0f req/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", clients,
                    seconds, alg, tokens.signedLate.get(), ok, ok / elapsed,
                    pct(l, 50), pct(l, 90), pct(l, 99), l.length == 0 ? 0 : l[l.length - 1] / 1e6);
            System.out.printf(Locale.ROOT, "CPU time of this JVM (raw keep-alive clients and service): %.1f ms per"
                    + " answer; system load average %.1f before, %.1f after, on %d processors%n",
                    ok == 0 ? 0 : cpu / 1e6 / ok, load0, os.getSystemLoadAverage(), os.getAvailableProcessors());
            System.out.printf(Locale.ROOT, "CPU time of the service's own threads (Jetty workers and selector):"
                    + " %.2f ms per answer%n", ok == 0 ? 0 : serviceCpu / 1e6 / ok);
            heapUnderHugeBody(port, path, warm.next());
        } finally {
            service.stop();
            Files.deleteIfExists(jwks);
        }
    }

    /** CPU time so far of the service's threads (the pool is named trd-cds). */
    private static long serviceCpu() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("trd-cds")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)]
                / 1e6;
    }

    /** Fresh tokens (each its own jti, living 4 min): {@code ahead} signed up front, then signed when asked. */
    private static final class Tokens {
        private final JWK key;
        private final JWSAlgorithm alg;
        private final String iss;
        private final String aud;
        private final java.util.concurrent.ConcurrentLinkedQueue<String> ready =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        final AtomicLong signedLate = new AtomicLong();

        Tokens(JWK key, JWSAlgorithm alg, String iss, String aud, int ahead) throws Exception {
            this.key = key;
            this.alg = alg;
            this.iss = iss;
            this.aud = aud;
            java.util.stream.IntStream.range(0, ahead).parallel().forEach(i -> {
                try {
                    ready.add(CdsHttp.sign(key, alg, CdsHttp.claims(iss, aud).build()));
                } catch (com.nimbusds.jose.JOSEException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        String next() throws Exception {
            String t = ready.poll();
            if (t == null) {
                signedLate.incrementAndGet();
                t = CdsHttp.sign(key, alg, CdsHttp.claims(iss, aud).build());
            }
            return t;
        }
    }

    private static long run(int port, String path, String body, Tokens tokens, int clients, int seconds,
                            List<Long> latencies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong ok = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    Connection conn = new Connection(port);
                    try {
                        while (System.nanoTime() < deadline) {
                            String token = tokens.next();
                            long s = System.nanoTime();
                            int status = conn.post(path, token, json);
                            long d = System.nanoTime() - s;
                            if (status == 200) {
                                ok.incrementAndGet();
                                if (latencies != null) {
                                    latencies.add(d);
                                }
                            }
                            if (conn.closed) {
                                conn.close();
                                conn = new Connection(port);
                            }
                        }
                    } finally {
                        conn.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(seconds + 60L, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return ok.get();
    }

    /**
     * One keep-alive HTTP/1.1 connection to the service, posting a request and reading its answer (length-delimited
     * or chunked). A light client, as a load generator on another machine would be: the JDK's HttpClient took about
     * 2.5 ms of CPU per request here, CPU the service shares on two cores. Bounded: 30 s read timeout, 16 MB answer.
     */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final java.io.InputStream in;
        private final OutputStream out;
        /** The service said it closes the connection after this answer. */
        boolean closed;

        Connection(int port) throws java.io.IOException {
            socket = new Socket();
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }

        int post(String path, String token, byte[] json) throws java.io.IOException {
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.length + "\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closed = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                line(); // the empty line after the last chunk (no trailers)
            } else if (length >= 0) {
                skip(length);
            }
            return status;
        }

        private void skip(long n) throws java.io.IOException {
            if (n > 16L * 1024 * 1024) {
                throw new java.io.IOException("answer too large");
            }
            for (long left = n; left > 0; ) {
                long k = in.skip(left);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new java.io.EOFException();
                    }
                    k = 1;
                }
                left -= k;
            }
        }

        private String line() throws java.io.IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0 || b.length() > 16 * 1024) {
                    throw new java.io.EOFException();
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    /** One 100 MB chunked body (small JSON objects), sent while a sampler records the heap in use. */
    private static void heapUnderHugeBody(int port, String path, String token) throws Exception {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long base = mem.getHeapMemoryUsage().getUsed();
        long[] peak = {base};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], mem.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        byte[] chunk = ("[" + "{\"a\":1},".repeat(64 * 1024 / 8 - 1) + "{}]").getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        int status;
        long t0 = System.nanoTime();
        try (Socket s = CdsHttp.socket(port, 10_000)) {
            CdsHttp.write(s, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + token
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            OutputStream out = s.getOutputStream();
            try {
                while (sent < 100L * 1024 * 1024) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += chunk.length;
                }
            } catch (java.io.IOException closed) {
                // the service answered 413 and closed the connection
            }
            status = CdsHttp.status(s);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        sampler.interrupt();
        sampler.join(1_000);
        System.out.printf(Locale.ROOT, "100 MB chunked body: HTTP %d after %.1f MB sent by the client (%d ms); heap in"
                + " use rose at most %.1f MB above the %.1f MB before (client and service in one JVM)%n", status,
                sent / 1048576.0, ms, (peak[0] - base) / 1048576.0, base / 1048576.0);
        System.out.println("JVM: " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, max heap " + Runtime.getRuntime().maxMemory() / 1048576 + " MB; args "
                + Arrays.toString(ManagementFactory.getRuntimeMXBean().getInputArguments().toArray()));
    }
}
