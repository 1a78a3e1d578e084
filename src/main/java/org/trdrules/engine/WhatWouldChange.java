package org.trdrules.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.Verdict;

/**
 * Words the smallest additional facts that would make a definition MET, from the tally the rules produced. It
 * renders, it does not judge: the counts and verdicts come from the rules. Stateless.
 */
final class WhatWouldChange {
    private WhatWouldChange() {}

    static List<String> of(DefinitionSpec s, DefinitionTally t, List<SpecEval> evals) {
        if (t.getVerdict() == Verdict.MET) {
            return List.of();
        }
        for (Note n : t.notes()) {
            if ("exclusion".equals(n.aspect())) {
                return List.of("nothing while the exclusion applies: " + n.text());
            }
        }
        List<String> out = new ArrayList<>();
        int moreTreatments = Math.max(0, s.minFailures() - t.getCertainTreatments());
        Set<String> classes = new LinkedHashSet<>();
        for (SpecEval e : evals) {
            // as the tally rule: under a class rule an augmentation counts as a treatment but brings no class
            if (e.getCounted() == Verdict.MET && e.getTreatment().getDrugClass() != null
                    && (!s.classRule() || e.getTreatment().getKind() != org.trdrules.assessment.TreatmentKind.AUGMENTATION)) {
                classes.add(e.getTreatment().getDrugClass());
            }
        }
        int moreClasses = Math.max(0, s.minClasses() - classes.size());
        if (moreTreatments > 0 || moreClasses > 0) {
            int n = Math.max(moreTreatments, moreClasses);
            String what = n + " more failed adequate treatment" + (n == 1 ? "" : "s");
            if (moreClasses > 0 && !classes.isEmpty()) {
                what += " from a class other than " + String.join(", ", classes);
            } else if (moreClasses > 0) {
                what += s.minClasses() == 1 ? " of a known drug class"
                        : " from " + s.minClasses() + " different classes";
            }
            if (s.scope() == org.trdrules.assessment.EpisodeScope.CURRENT_EPISODE) {
                what += " in the current episode";
            }
            out.add(what);
        }
        for (SpecEval e : evals) {
            if (e.getCounted() == Verdict.INDETERMINATE) {
                out.add("or: the missing data of " + e.getTreatment().getId() + " showing an adequate failed trial");
            }
        }
        return out;
    }
}
