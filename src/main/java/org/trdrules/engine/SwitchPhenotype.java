package org.trdrules.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.trdrules.TrdConfig;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.Explanation;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TreatmentKind;
import org.trdrules.assessment.Verdict;

/**
 * The facts of the UK primary-care switch phenotype (Fabbri et al. 2021, {@code rules/definitions/fabbri-2021.drl})
 * for one assessment, and its result. No clinical judgement here: the courses are the antidepressant trials with
 * their first and last day; the rules decide episodes, switches and the verdict. Not thread-safe: one instance
 * belongs to one assessment.
 */
public final class SwitchPhenotype {
    public static final String ID = "fabbri-2021";
    public static final String NAME = "UK primary-care switch phenotype (prescription records)";
    public static final String CRITERION = "From prescription records alone: courses of one antidepressant more than 26 weeks"
            + " apart are separate prescription episodes; a qualifying switch is a prescription episode of at least 6"
            + " weeks followed within 14 weeks by a different antidepressant; TRD = at least 2 qualifying switches out"
            + " of different drugs in a history of more than 2 distinct antidepressants.";
    public static final String CITATION = "Fabbri C, Hagenaars SP, John C, et al. Genetic and clinical characteristics of"
            + " treatment-resistant depression using primary care records in two UK cohorts. Mol Psychiatry"
            + " 2021;26(7):3363-3373 (doi 10.1038/s41380-021-01062-9; abstract: at least two switches between antidepressants, each prescribed for at least 6 weeks), with the thresholds as implemented in the authors' code"
            + " (github.com/chiarafabbri/MDD_TRD_study, scripts/extract_diagn_ADs_TRD_pheno.R), including its"
            + " exclusion of depression cases with bipolar disorder, substance abuse or psychosis (dep_diagnosis_qc)";
    public static final org.trdrules.SourceStatus STATUS = org.trdrules.SourceStatus.PARTLY_CONFIRMED;
    public static final String STATUS_NOTE = "thresholds confirmed (26/6/14 weeks, 2 switches); exclusions as in the"
            + " authors' dep_diagnosis_qc (bipolar, substance use, psychotic disorder); every antidepressant prescription"
            + " counts, add-on antidepressants included; issue dates read as course first and last days, the days"
            + " between them counted exclusively (last minus first), as the authors' difftime does";

    final SwitchPhenotypeFact fact = new SwitchPhenotypeFact(TrdConfig.FABBRI_2021_EPISODE_GAP_WEEKS * 7L,
            TrdConfig.FABBRI_2021_MIN_EPISODE_WEEKS * 7L, TrdConfig.FABBRI_2021_SWITCH_WITHIN_WEEKS * 7L,
            TrdConfig.FABBRI_2021_MIN_SWITCHES);
    final List<RxCourse> courses = new ArrayList<>();

    /**
     * One course per antidepressant prescription: each antidepressant trial and each antidepressant added to one
     * (a combination, e.g. mirtazapine added to an SSRI), as the authors' code counts every antidepressant
     * prescription; augmentation agents (lithium, antipsychotics) are not antidepressants and are left out. Running
     * courses end today.
     */
    SwitchPhenotype(List<TreatmentFact> treatments, long today) {
        for (TreatmentFact t : treatments) {
            if (t.getKind() != TreatmentKind.ANTIDEPRESSANT && t.getKind() != TreatmentKind.COMBINATION) {
                continue;
            }
            Long end = t.getEndDay() != null ? t.getEndDay() : t.isEndUnknown() ? null : today;
            String recorded = t.getKind() == TreatmentKind.COMBINATION && t.getRecordedDrug() != null
                    ? t.getRecordedDrug() : t.getLabel();
            String drug = t.getIngredient() != null ? t.getIngredient() : recorded.trim().toLowerCase(Locale.ROOT);
            courses.add(new RxCourse(t.getId(), drug, t.getLabel(), t.getStartDay(), t.getStartDay() == null ? null : end));
        }
    }

    DefinitionResult result() {
        Set<String> ruleIds = new LinkedHashSet<>();
        List<String> used = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<TreatmentJudgement> judged = new ArrayList<>(courses.size());
        for (Note n : fact.notes()) {
            ruleIds.add(n.rule());
            (n.verdict() == Verdict.INDETERMINATE ? missing : reasons).add(n.text());
        }
        for (RxCourse c : courses) {
            List<String> why = new ArrayList<>();
            List<String> open = new ArrayList<>();
            for (Note n : c.notes()) {
                why.add(n.text());
                ruleIds.add(n.rule());
                reasons.add(n.text()); // each episode and switch also explains the verdict
            }
            Verdict v = c.getSwitchVerdict() == Verdict.MET ? Verdict.MET
                    : c.isDatable() ? Verdict.NOT_MET : Verdict.INDETERMINATE;
            if (!c.isDatable()) {
                open.add("first and last day of " + c.getId());
            } else if (!c.isRepresentative()) {
                why.add("part of the prescription episode of " + c.getEpisodeId());
            }
            if (v == Verdict.MET) {
                used.add(c.getId());
            }
            judged.add(new TreatmentJudgement(c.getId(), c.getLabel(), v, why, open));
        }
        Verdict v = fact.getVerdict() == null ? Verdict.INDETERMINATE : fact.getVerdict();
        reasons.add(fact.getQualifyingFromDrugs() + " qualifying switch" + (fact.getQualifyingFromDrugs() == 1 ? "" : "es")
                + " out of different drugs and " + fact.getDistinctDrugs() + " distinct antidepressants; "
                + TrdConfig.FABBRI_2021_MIN_SWITCHES + " switches and more than 2 drugs required");
        List<String> change = v == Verdict.MET ? List.of()
                : List.of(Math.max(1, TrdConfig.FABBRI_2021_MIN_SWITCHES - fact.getQualifyingFromDrugs())
                        + " more qualifying switch(es) out of another antidepressant");
        for (Note n : fact.notes()) {
            if ("exclusion".equals(n.aspect()) && n.verdict() == Verdict.NOT_MET) {
                change = List.of("nothing while the exclusion applies: " + n.text());
            }
        }
        Explanation x = new Explanation(List.copyOf(ruleIds), CRITERION, CITATION, used, reasons,
                v == Verdict.INDETERMINATE ? missing : List.of());
        return new DefinitionResult(ID, NAME, v, x, judged, change, STATUS, STATUS_NOTE);
    }
}
