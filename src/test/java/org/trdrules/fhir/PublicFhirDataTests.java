package org.trdrules.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trdrules.Vignettes;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Patient;

/**
 * Public FHIR R4 data nobody on the project wrote (src/test/resources/fhir/public/README.md: Synthea bundles from
 * three public repositories, Apache-2.0 and MIT; the cqframework eCQM test patients of CMS128, CMS2 and CMS159,
 * CC0): every Bundle reads, every resource is reported, and the histories assess.
 */
class PublicFhirDataTests {

    private static final Path ROOT = Path.of("src/test/resources/fhir/public");
    private static final FhirPatientReader READER = FhirPatientReader.create();

    static Stream<Path> bundles() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".json") && !p.toString().contains("/expected/")).sorted()
                    .toList().stream();
        }
    }

    private static FhirMapping read(String relative) throws IOException {
        return READER.read(Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8), Vignettes.DATE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void everyPublicBundleReadsWithoutADefectAndAssesses(Path file) throws IOException {
        FhirMapping m = READER.read(Files.readString(file, StandardCharsets.UTF_8), Vignettes.DATE);
        assertTrue(m.report().stream().noneMatch(n -> n.reason().contains("reader defect")),
                () -> m.report().stream().filter(n -> n.reason().contains("reader defect")).toList().toString());
        assertFalse(m.report().isEmpty());
        AssessmentResult r = Vignettes.engine().assessAll(List.of(m.patient())).get(0);
        assertTrue(r.ok(), () -> "FHIR-derived history rejected: " + r.failure().getMessage());
    }

    @Test
    void syntheaFluoxetineRequestsWithoutSupplyAreCoursesOfUnknownDuration() throws IOException {
        FhirMapping m = read("synthea/smart-Milan_Beatty.trimmed.json");
        Patient p = m.patient();
        List<AntidepressantTrial> fluoxetine = p.trials().stream().filter(t -> t.drug().equals("fluoxetine")).toList();
        assertFalse(fluoxetine.isEmpty(), m.report().toString());
        // Synthea's orders carry no dispenseRequest: the duration is unknown, never a one-day course
        for (AntidepressantTrial t : fluoxetine) {
            assertEquals(Boolean.FALSE, t.ongoing(), t.toString());
            assertEquals(null, t.end());
        }
        assertTrue(m.report().stream().anyMatch(n -> n.status() == MappingStatus.PARTIAL
                && n.reason().contains("dispenseRequest.expectedSupplyDuration absent")));
    }

    @Test
    void cms128DesipramineDispensesResolveByCode() throws IOException {
        FhirMapping m = read("ecqm/AntidepressantMedicationManagementFHIR/006165b0-ab24-4823-bcee-61d64ae5f581.json");
        assertEquals("desipramine", m.patient().trials().get(0).drug());
    }

    /**
     * A Synthea patient whose problem list is SNOMED CT only, with chronic pain (82423001): the chronic-pain value set
     * has ICD-10-CM rows only, so the factor is unknown, never absent; substance use, whose value set has SNOMED CT
     * rows (eCQM Substance Use Disorder), is read and absent.
     */
    @Test
    void aSnomedProblemListIsReadOrUnknownNeverAbsent() throws IOException {
        FhirMapping m = read("synthea/exa-ny-9a9d35d9.trimmed.json");
        assertTrue(m.patient().conditions().stream().anyMatch(c -> c.code().equals("82423001")),
                m.patient().conditions().toString());
        org.trdrules.assessment.Assessment a = Vignettes.engine().assess(m.patient());
        assertEquals(org.trdrules.assessment.FactorStatus.UNKNOWN, a.risk().factors().stream()
                .filter(f -> f.id().equals("chronic-pain")).findFirst().orElseThrow().status());
        assertEquals(org.trdrules.assessment.FactorStatus.ABSENT, a.risk().factors().stream()
                .filter(f -> f.id().equals("substance-use")).findFirst().orElseThrow().status());
    }
}
