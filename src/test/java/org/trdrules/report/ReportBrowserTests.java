package org.trdrules.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trdrules.Vignettes;
import org.trdrules.assessment.Assessment;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Patient;

/**
 * Every example rendered by a real browser: headless Chromium (Debian's {@code chromium} package) draws each page to
 * PNG and dumps the DOM it built, which must hold the timeline's elements. Without Chromium the tests are skipped,
 * unless {@code TRD_REQUIRE_BROWSER=1} (set by {@code .ci/run}) makes a missing browser a failure. The pages and
 * pictures are kept in {@code target/report-browser/}.
 */
class ReportBrowserTests {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("TRD_CHROMIUM", "/usr/bin/chromium"));
    static final Path OUT = Path.of("target", "report-browser");
    static final int WIDTH = 1600;
    static final int HEIGHT = 2400;
    /** Bound on every browser run; a hung browser fails the test instead of the build. */
    static final long TIMEOUT_SECONDS = 90;

    /** One page: a name for its files, the patient and its assessment. */
    record Page(String name, Patient patient, Assessment assessment) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void browser() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && "1".equals(System.getenv("TRD_REQUIRE_BROWSER"))) {
            fail("TRD_REQUIRE_BROWSER=1 but no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        }
        Assumptions.assumeTrue(present, "no Chromium at " + CHROMIUM + ": browser tests skipped");
        Files.createDirectories(OUT);
    }

    static Stream<Page> pages() throws IOException {
        List<Page> pages = new ArrayList<>();
        String json = Files.readString(Path.of("docs", "examples", "patients.json"));
        for (JsonCodec.ReadResult r : new JsonCodec().readPatients(new StringReader(json))) {
            pages.add(page("example-" + r.patient().id(), r.patient()));
        }
        List<Path> bundles = new ArrayList<>();
        bundles.add(Path.of("docs", "examples", "fhir-bundle.json"));
        for (String dir : new String[] {"synthea", "bench"}) {
            try (Stream<Path> s = Files.list(Path.of("src", "test", "resources", "fhir", "public", dir))) {
                s.filter(p -> p.toString().endsWith(".json")).sorted(Comparator.naturalOrder()).forEach(bundles::add);
            }
        }
        for (Path b : bundles) {
            Patient p = FhirPatientReader.create().read(Files.readString(b), Vignettes.DATE).patient();
            pages.add(page("fhir-" + b.getFileName().toString().replace(".json", ""), p));
        }
        return pages.stream();
    }

    static Page page(String name, Patient p) {
        return new Page(name.replaceAll("[^A-Za-z0-9._-]", "_"), p, Vignettes.engine().assess(p));
    }

    /** The number of courses the timeline must draw: trials, their add-ons, procedures and psychotherapies. */
    static int courses(Patient p) {
        int n = p.procedures().size() + p.psychotherapies().size();
        for (AntidepressantTrial t : p.trials()) {
            n += 1 + t.addOns().size();
        }
        return n;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void chromiumDrawsTheTimeline(Page page) throws Exception {
        Path html = OUT.resolve(page.name() + ".html").toAbsolutePath();
        Files.writeString(html, ClinicianReport.create().render(page.patient(), page.assessment()),
                StandardCharsets.UTF_8);

        Path png = OUT.resolve(page.name() + ".png").toAbsolutePath();
        Files.deleteIfExists(png);
        // one browser run draws the PNG and dumps the DOM it built
        String dom = run("--window-size=" + WIDTH + "," + HEIGHT, "--hide-scrollbars", "--screenshot=" + png,
                "--dump-dom", html.toUri().toString());
        byte[] image = Files.readAllBytes(png);
        assertEquals(0x89504E47, ByteBuffer.wrap(image, 0, 4).getInt(), "a PNG");
        assertEquals(WIDTH, ByteBuffer.wrap(image, 16, 4).getInt(), "PNG width");
        assertEquals(HEIGHT, ByteBuffer.wrap(image, 20, 4).getInt(), "PNG height");
        assertTrue(image.length > 20_000, "a page was drawn, not a blank window: " + image.length + " bytes");

        assertTrue(dom.contains("<svg") && dom.contains("class=\"timeline\""), "the timeline SVG");
        assertTrue(dom.contains("<title id=\"tl-title\">Treatment timeline</title>"), "its title");
        assertTrue(dom.contains("<desc id=\"tl-desc\">"), "its description");
        assertEquals(courses(page.patient()), count(dom, " data-key=\"#"), "one drawn course per course");
        assertEquals(courses(page.patient()), count(dom, "<tr><th scope=\"row\">#"), "one table row per course");
        boolean dated = page.patient().trials().stream().anyMatch(t -> t.start() != null || t.end() != null)
                || page.patient().measurements().stream().anyMatch(m -> m.date() != null && m.score() != null);
        assertEquals(dated, dom.contains("class=\"evalline\""), "the evaluation date on a dated timeline");
        assertEquals(page.assessment().definitions().size(), count(dom, "<tr id=\"def-"), "every definition");
        assertEquals(!page.assessment().safety().isEmpty(), dom.contains("class=\"safety\""), "the safety finding");
        assertFalse(dom.contains("<script"), "no script");
    }

    @Test
    void injectedMarkupStaysTextInTheBrowser() throws Exception {
        Patient p = Patient.builder("x\"><img src=x onerror=alert(1)>").ageYears(40)
                .trial(AntidepressantTrial.builder("t1", "<script>alert('drug')</script>\"").dailyDoseMg(50.0)
                        .start(Vignettes.DATE.minusMonths(3)).build())
                .build();
        Path html = OUT.resolve("escaping.html").toAbsolutePath();
        Files.writeString(html, ClinicianReport.create().render(p, Vignettes.engine().assess(p)));
        String dom = run("--dump-dom", html.toUri().toString());
        assertFalse(dom.contains("<script"), "a script element");
        assertFalse(dom.contains("<img"), "an img element");
        assertTrue(dom.contains("&lt;script&gt;alert('drug')&lt;/script&gt;\""), "the drug name as text");
        assertTrue(dom.contains("x\"&gt;&lt;img src=x onerror=alert(1)&gt;"), "the id as text");
    }

    /** Runs Chromium headless on a fresh profile with the given arguments; its stdout. */
    static String run(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("trd-chromium-");
        Path stdout = Files.createTempFile("trd-chromium-", ".out");
        try {
            List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
            cmd.addAll(List.of(args));
            Process proc = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!proc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                proc.descendants().forEach(ProcessHandle::destroyForcibly);
                proc.destroyForcibly();
                fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s");
            }
            assertEquals(0, proc.exitValue(), "Chromium's exit code");
            return Files.readString(stdout);
        } finally {
            Files.deleteIfExists(stdout);
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
