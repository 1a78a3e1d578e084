package org.trdrules.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.Verdict;
import org.trdrules.bulk.ScreenRows;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.fhir.FhirPatientReader;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Outcome;
import org.trdrules.model.Patient;
import org.trdrules.props.Property;

/**
 * The synthetic cohort generator: reproducible to the byte, always valid, calibrated to its sources, and its FHIR
 * output read back by the library's own FHIR reader to the same screening result as the history it records.
 */
class SyntheticCohortTests {

    static final LocalDate DATE = LocalDate.of(2026, 1, 1);
    static final TrdEngine ENGINE = TrdEngine.builder().evaluationDate(DATE)
            .config(TrdConfig.defaults().withEligibility(true)).build();

    static CohortGenerator cohort(long seed, int n) {
        return CohortGenerator.builder().seed(seed).patients(n).evaluationDate(DATE).build();
    }

    @Test
    void sameSeedGivesByteIdenticalFilesInEveryFormat(@TempDir Path tmp) throws Exception {
        List<Object[]> runs = new java.util.ArrayList<>();
        for (CohortWriter.Format f : CohortWriter.Format.values()) {
            runs.add(new Object[] {f, CohortWriter.Medications.INLINE, f.toString()});
        }
        runs.add(new Object[] {CohortWriter.Format.FHIR_NDJSON, CohortWriter.Medications.REFERENCED, "ndjson-ref"});
        runs.add(new Object[] {CohortWriter.Format.FHIR_BUNDLE, CohortWriter.Medications.REFERENCED, "bundle-ref"});
        for (Object[] run : runs) {
            CohortWriter.Format fmt = (CohortWriter.Format) run[0];
            CohortWriter.Medications meds = (CohortWriter.Medications) run[1];
            String f = (String) run[2];
            CohortWriter.write(cohort(42, 150), fmt, tmp.resolve(f + "-a"), meds);
            CohortWriter.write(cohort(42, 150), fmt, tmp.resolve(f + "-b"), meds);
            CohortWriter.write(cohort(43, 150), fmt, tmp.resolve(f + "-c"), meds);
            List<Path> a = CohortWriter.files(tmp.resolve(f + "-a"));
            List<Path> b = CohortWriter.files(tmp.resolve(f + "-b"));
            assertEquals(a.stream().map(Path::getFileName).toList(), b.stream().map(Path::getFileName).toList());
            boolean differs = false;
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
                Path c = tmp.resolve(f + "-c").resolve(a.get(i).getFileName());
                differs |= !Files.exists(c) || !java.util.Arrays.equals(Files.readAllBytes(a.get(i)),
                        Files.readAllBytes(c));
            }
            assertTrue(differs, f + ": another seed gives another cohort");
            if (f.equals("ndjson-ref")) {
                assertTrue(Files.readString(tmp.resolve(f + "-a").resolve("MedicationStatement.ndjson"))
                        .contains("\"medicationReference\":{\"reference\":\"Medication/med-"));
                assertTrue(Files.exists(tmp.resolve(f + "-a").resolve("Medication.ndjson")));
            }
        }
    }

    @Test
    void patientDependsOnlyOnSeedAndIndex() {
        CohortGenerator small = cohort(9, 10);
        CohortGenerator large = cohort(9, 10_000);
        for (int i = 0; i < 10; i++) {
            assertEquals(small.patient(i), large.patient(i));
        }
        assertNotEquals(small.patient(0), small.patient(1));
    }

    @Test
    void everyGeneratedHistoryIsValidAndReadsBackFromJson() throws Exception {
        JsonCodec codec = new JsonCodec();
        cohort(5, 2000).stream().forEach(p -> {
            assertEquals(List.of(), p.validate(DATE), p.id());
            try {
                assertEquals(p, codec.readPatient(codec.writePatient(p)), p.id());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** STAR*D step-1 remission (36.8 %) shows in the generated first courses of the current episode. */
    @Test
    void firstStepRemissionFollowsStarD() {
        long first = 0;
        long remitted = 0;
        for (Patient p : cohort(11, 6000).stream().toList()) {
            for (AntidepressantTrial t : p.trials()) {
                if ("e-current".equals(t.episodeId()) && t.outcome() != null && t.id().equals(firstCurrent(p))) {
                    first++;
                    remitted += t.outcome() == Outcome.REMISSION ? 1 : 0;
                }
            }
        }
        double share = (double) remitted / first;
        assertTrue(first > 1000, "enough first courses with a stated outcome: " + first);
        assertTrue(Math.abs(share - Rates.bundled().get("step1_remission")) < 0.05, "step-1 remission " + share);
    }

    private static String firstCurrent(Patient p) {
        return p.trials().stream().filter(t -> "e-current".equals(t.episodeId())).findFirst().orElseThrow().id();
    }

    /**
     * The share of generated patients meeting the FDA two-adequate-trials definition lies between the claims
     * figure (Liberman 2020, 20.1 % within 24 months) less a margin and McIntyre 2023's upper 30 %.
     */
    @Test
    void shareMeetingTwoAdequateTrialsIsWithinTheClaimsRange() {
        TrdEngine engine = TrdEngine.builder().evaluationDate(DATE)
                .config(TrdConfig.defaults().withEligibility(false)).build();
        List<Patient> ps = cohort(3, 3000).stream().toList();
        long met = ps.stream().filter(p -> engine.assess(p).requireDefinition("two-adequate-trials").verdict()
                == Verdict.MET).count();
        double share = (double) met / ps.size();
        assertTrue(share >= Rates.bundled().get("trd_share_target") - 0.05
                && share <= Rates.bundled().get("trd_share_upper") + 0.02, "share meeting two-adequate-trials " + share);
    }

    @Test
    void everyRateAndPoolRowNamesItsSourceOrIsUnconfirmed() {
        for (Rates.Rate r : Rates.bundled().all()) {
            assertTrue(r.status().equals("CONFIRMED") || r.status().equals("UNCONFIRMED"), r.key());
            assertFalse(r.source().isBlank(), r.key());
            assertTrue(r.value() >= 0 && r.value() <= 1, r.key());
            if (r.status().equals("UNCONFIRMED")) {
                assertTrue(r.source().contains("UNCONFIRMED"), r.key() + " says it is unconfirmed");
            }
        }
        for (Rates.PoolDrug d : Rates.bundled().pools()) {
            assertTrue(DrugCatalog.bundled().find(d.ingredient()).isPresent(), d.ingredient());
            assertFalse(d.source().isBlank(), d.ingredient());
        }
    }

    /**
     * On many seeds, the FHIR Bundle of a generated patient, read by the library's FhirPatientReader, screens to
     * the same row (every verdict, stage, option count, safety finding and the risk total) as the history the
     * record holds.
     */
    @TestFactory
    Stream<DynamicTest> fhirBundleReadsBackToTheSameAssessment() {
        FhirPatientReader reader = FhirPatientReader.create();
        DrugCatalog catalog = DrugCatalog.bundled();
        return Property.forAll("SyntheticCohortTests#fhirBundleReadsBackToTheSameAssessment", 300,
                r -> cohort(r.nextLong(), 50).patient(r.nextInt(50)))
                .check(p -> {
                    Patient back = reader.read(CohortWriter.bundle(p, catalog), DATE).patient();
                    Assessment viaFhir = ENGINE.assess(back);
                    Assessment recorded = ENGINE.assess(CohortWriter.recorded(p));
                    assertEquals(ScreenRows.row("x", recorded, true), ScreenRows.row("x", viaFhir, true),
                            p.id());
                });
    }
}
