package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.OptionFamily;
import org.trdrules.assessment.OptionResult;
import org.trdrules.json.JsonCodec;
import org.trdrules.model.Patient;
import org.trdrules.synthetic.CohortGenerator;

/**
 * Judging only some option families ({@link TrdConfig#withOptionFamilies}) gives, for those options, exactly what
 * judging all of them gives, and leaves every other part of the assessment as it is: each option is judged on its
 * own. Over every vignette and a generated cohort, for each family alone and for a pair.
 */
class OptionFamiliesTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSubsetOfFamiliesJudgesItsOptionsExactlyAsAmongAllOptions() throws IOException {
        LocalDate date = Vignettes.DATE;
        TrdEngine full = TrdEngine.builder().evaluationDate(date).build();
        List<Set<OptionFamily>> subsets = new ArrayList<>();
        for (OptionFamily f : OptionFamily.values()) {
            subsets.add(EnumSet.of(f));
        }
        subsets.add(EnumSet.of(OptionFamily.PROCEDURE, OptionFamily.AUGMENT));
        List<TrdEngine> engines = subsets.stream()
                .map(f -> full.withConfig(TrdConfig.defaults().withOptionFamilies(f))).toList();
        List<Patient> patients = new ArrayList<>();
        JsonCodec codec = new JsonCodec();
        try (Stream<Path> dirs = Files.list(VignetteTests.DIR)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                patients.add(codec.readPatient(Files.readString(d.resolve("patient.json"))));
            }
        }
        CohortGenerator cohort = CohortGenerator.builder().seed(11).patients(200).evaluationDate(date).build();
        for (int i = 0; i < 200; i++) {
            patients.add(cohort.patient(i));
        }
        int judged = 0;
        int notEligible = 0;
        for (Patient p : patients) {
            Assessment all = full.assess(p);
            String rest = withoutOptions(codec.write(all));
            for (int s = 0; s < subsets.size(); s++) {
                Set<OptionFamily> families = subsets.get(s);
                Assessment part = engines.get(s).assess(p);
                List<OptionResult> expected = all.options().stream().filter(o -> families.contains(o.family()))
                        .toList();
                assertEquals(expected, part.options(), p.id() + " " + families);
                assertEquals(rest, withoutOptions(codec.write(part)), p.id() + " " + families + ": the rest");
                judged += expected.size();
                notEligible += (int) expected.stream().filter(o -> o.status() != EligibilityStatus.ELIGIBLE).count();
            }
        }
        assertTrue(patients.size() > 240 && judged > 60_000 && notEligible > 10_000,
                patients.size() + " patients, " + judged + " options, " + notEligible + " not eligible");
    }

    private static String withoutOptions(String assessmentJson) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(assessmentJson);
        n.remove("options");
        return n.toString();
    }

    @Test
    void theFamiliesAreValidatedAndReported() {
        assertEquals(EnumSet.allOf(OptionFamily.class), TrdConfig.defaults().optionFamilies());
        for (Set<OptionFamily> bad : java.util.Arrays.asList(Set.<OptionFamily>of(), null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrdConfig.builder().optionFamilies(bad));
            assertTrue(e.getMessage().startsWith("TRD-CONFIG-001: optionFamilies"), e.getMessage());
        }
        TrdConfig c = TrdConfig.defaults().withOptionFamilies(EnumSet.of(OptionFamily.PROCEDURE));
        assertEquals(Set.of(OptionFamily.PROCEDURE), c.optionFamilies());
        assertThrows(UnsupportedOperationException.class, () -> c.optionFamilies().add(OptionFamily.SWITCH));
        assertEquals(c.optionFamilies(), c.toBuilder().build().optionFamilies());
        assertEquals("PROCEDURE", c.settings().stream().filter(x -> x.name().equals("optionFamilies")).findFirst()
                .orElseThrow().value());
        // a derived engine keeps the evaluation date
        TrdEngine e = TrdEngine.builder().evaluationDate(LocalDate.of(2025, 3, 4)).build().withConfig(c);
        assertEquals(LocalDate.of(2025, 3, 4), e.evaluationDate());
        assertEquals(c, e.config());
    }

    /**
     * Review regression: the families may be given as any set, including the immutable {@code Set.of(..)}, whose
     * {@code contains(null)} throws NullPointerException; a null element is the typed TRD-CONFIG-001.
     */
    @Test
    void theFamiliesMayBeAnImmutableSet() {
        assertEquals(Set.of(OptionFamily.PROCEDURE),
                TrdConfig.defaults().withOptionFamilies(Set.of(OptionFamily.PROCEDURE)).optionFamilies());
        assertEquals(Set.of(OptionFamily.PROCEDURE, OptionFamily.AUGMENT), TrdConfig.builder()
                .optionFamilies(Set.copyOf(List.of(OptionFamily.AUGMENT, OptionFamily.PROCEDURE))).build().optionFamilies());
        Set<OptionFamily> withNull = new java.util.HashSet<>(java.util.Arrays.asList(OptionFamily.PROCEDURE, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrdConfig.builder().optionFamilies(withNull));
        assertTrue(e.getMessage().startsWith("TRD-CONFIG-001: optionFamilies"), e.getMessage());
    }
}
