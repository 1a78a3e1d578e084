package org.example.consumer;

import java.io.File;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.trdrules.TrdEngine;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.Verdict;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;

/**
 * What an integrator does first: build an engine, read the README's example patients and assess two of them, one
 * read from JSON and one built in code. Run by the plain, shaded and Spring Boot consumer builds; a wrong verdict,
 * a library loaded from the wrong place or (for the plain consumer) too large a class path exits with status 1.
 *
 * <p>System properties: {@code trd.it.packaging} (plain, shaded, boot: where the library classes must come from);
 * {@code trd.it.maxJars} and {@code trd.it.maxBytes} (plain only: the library jar and its run-time dependencies).
 */
public final class ConsumerApp {

    private ConsumerApp() {
    }

    public static void main(String[] args) throws Exception {
        String packaging = System.getProperty("trd.it.packaging", "plain");
        long started = System.nanoTime();

        TrdEngine engine = TrdEngine.builder().evaluationDate(LocalDate.of(2026, 11, 1)).build();

        List<JsonCodec.ReadResult> read;
        try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            read = new JsonCodec().readPatients(in);
        }
        Patient atrq = read.stream().map(JsonCodec.ReadResult::patient)
                .filter(p -> p != null && "atrq-2012".equals(p.id())).findFirst()
                .orElseThrow(() -> new IllegalStateException("patient atrq-2012 not in " + args[0]));
        expect(engine.assess(atrq), "two-adequate-trials", Verdict.MET);

        Patient built = Patient.builder("p1").ageYears(45)
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 10)).current(true).build())
                .trial(AntidepressantTrial.builder("t1", "sertraline").episodeId("e1")
                        .dailyDoseMg(100.0).weeks(8.0).adherencePercent(90.0).improvementPercent(10.0).build())
                .build();
        expect(engine.assess(built), "two-adequate-trials", Verdict.NOT_MET);

        URL from = TrdEngine.class.getProtectionDomain().getCodeSource().getLocation();
        String where = from.toString();
        boolean rightPlace = switch (packaging) {
            case "plain" -> where.matches(".*/trd-rules-[^/]+\\.jar");
            case "shaded" -> where.endsWith("/shaded-1.jar");
            case "boot" -> where.contains("BOOT-INF/lib/trd-rules-");
            default -> false;
        };
        if (!rightPlace) {
            fail("library classes loaded from " + where + ", not from a " + packaging + " consumer's jar");
        }
        if (packaging.equals("plain")) {
            checkClassPath(new File(from.toURI()).getPath());
        }
        System.out.printf("consumer %s: engine built and 2 patients assessed in %d ms (rules %s), library from %s%n",
                packaging, (System.nanoTime() - started) / 1_000_000, engine.rulesVersion(), where);
    }

    private static void expect(Assessment a, String definition, Verdict verdict) {
        Verdict got = a.requireDefinition(definition).verdict();
        if (got != verdict) {
            fail(a.patientId() + ": " + definition + " is " + got + ", expected " + verdict);
        }
        System.out.println("consumer: " + a.patientId() + " " + definition + " " + got);
    }

    /**
     * The library jar and everything it brings: all class-path entries but this application's own jar. The
     * dependencies and the library's own jar have separate byte budgets: the first keeps the dependency tree lean,
     * the second grows with the clinical content (rules, value sets, option catalogue) and is watched on its own.
     */
    private static void checkClassPath(String libraryLocation) throws Exception {
        String self = new File(ConsumerApp.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getCanonicalPath();
        String library = new File(libraryLocation).getCanonicalPath();
        int jars = 0;
        long dependencyBytes = 0;
        long libraryBytes = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry).getCanonicalFile();
            if (!f.isFile() || !f.getName().endsWith(".jar") || f.getPath().equals(self)) {
                continue; // directories (a pom module's absent target/classes) and this application
            }
            jars++;
            if (f.getPath().equals(library)) {
                libraryBytes += f.length();
            } else {
                dependencyBytes += f.length();
            }
        }
        int maxJars = Integer.getInteger("trd.it.maxJars", Integer.MAX_VALUE);
        long maxBytes = Long.getLong("trd.it.maxBytes", Long.MAX_VALUE);
        long maxLibraryBytes = Long.getLong("trd.it.maxLibraryBytes", Long.MAX_VALUE);
        System.out.printf("consumer: the library (%.2f MB) and its run-time dependencies (%.2f MB) are %d jars%n",
                libraryBytes / 1e6, dependencyBytes / 1e6, jars);
        if (jars > maxJars || dependencyBytes > maxBytes || libraryBytes > maxLibraryBytes) {
            fail("class path of a plain consumer: " + jars + " jars, dependencies " + dependencyBytes
                    + " bytes, library " + libraryBytes + " bytes; at most " + maxJars + " jars, " + maxBytes
                    + " and " + maxLibraryBytes + " bytes");
        }
    }

    private static void fail(String message) {
        System.err.println("consumer FAILED: " + message);
        System.exit(1);
    }
}
