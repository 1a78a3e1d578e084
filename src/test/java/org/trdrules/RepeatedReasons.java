package org.trdrules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.TreatmentJudgement;

/**
 * Finds a reason written twice in one list of an assessment (a definition's explanation, a treatment judgement
 * under a definition, a staging explanation, an option): a rule that fired again on its own fact. A clinician
 * reads each list as distinct facts, so a repeat is a defect even when the verdict is right.
 */
final class RepeatedReasons {
    private RepeatedReasons() {}

    /** "path: reason" for every repeat, empty when there is none. */
    static List<String> in(Assessment a) {
        List<String> out = new ArrayList<>();
        for (DefinitionResult d : a.definitions()) {
            check("definitions[" + d.id() + "].explanation.reasons", d.explanation().reasons(), out);
            for (TreatmentJudgement t : d.treatments()) {
                check("definitions[" + d.id() + "].treatments[" + t.treatmentId() + "].reasons", t.reasons(), out);
            }
        }
        for (StagingResult s : a.stages()) {
            check("staging[" + s.id() + "].explanation.reasons", s.explanation().reasons(), out);
        }
        for (org.trdrules.assessment.TreatmentReview t : a.treatments()) {
            check("treatments[" + t.id() + "].reasons", t.reasons(), out);
        }
        for (OptionResult o : a.options()) {
            check("options[" + o.id() + "].reasons", o.reasons(), out);
        }
        return out;
    }

    private static void check(String path, List<String> reasons, List<String> out) {
        Set<String> seen = new HashSet<>();
        for (String r : reasons) {
            if (!seen.add(r)) {
                out.add(path + ": " + r);
            }
        }
    }
}
