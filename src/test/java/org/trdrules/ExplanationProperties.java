package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trdrules.assessment.Assessment;
import org.trdrules.model.Patient;
import org.trdrules.synthetic.CohortGenerator;

/**
 * Over a generated cohort (nobody here wrote the histories one by one): no list of reasons in any assessment
 * repeats a reason. A rule that fires again on a fact another rule modified once wrote the Fabbri 2021 "new
 * prescription episode" note three and four times.
 */
class ExplanationProperties {

    @Test
    void noAssessmentRepeatsAReasonInOneList() {
        LocalDate date = LocalDate.of(2026, 1, 1);
        CohortGenerator cohort = CohortGenerator.builder().seed(7).patients(1500).evaluationDate(date).build();
        TrdEngine engine = TrdEngine.builder().evaluationDate(date).build();
        List<String> repeats = new ArrayList<>();
        int newEpisodeNotes = 0;
        for (int i = 0; i < 1500; i++) {
            Patient p = cohort.patient(i);
            Assessment a = engine.assess(p);
            for (String r : RepeatedReasons.in(a)) {
                repeats.add(p.id() + " " + r);
            }
            if (a.definitions().stream().anyMatch(d -> d.explanation().reasons().stream()
                    .anyMatch(r -> r.contains("a new prescription episode")))) {
                newEpisodeNotes++;
            }
        }
        assertTrue(newEpisodeNotes > 20, "the cohort exercises the new-prescription-episode rule: " + newEpisodeNotes);
        assertTrue(repeats.isEmpty(), repeats.size() + " repeated reasons, first: "
                + repeats.subList(0, Math.min(5, repeats.size())));
    }
}
