package org.trdrules.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.trdrules.ErrorCode;
import org.trdrules.RuleInfo;
import org.trdrules.TrdConfig;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.Explanation;
import org.trdrules.assessment.OptionResult;
import org.trdrules.assessment.PseudoResistanceFinding;
import org.trdrules.assessment.RiskFactor;
import org.trdrules.assessment.RiskResult;
import org.trdrules.assessment.SafetyFinding;
import org.trdrules.assessment.StagingResult;
import org.trdrules.assessment.StagingStatus;
import org.trdrules.assessment.TreatmentJudgement;
import org.trdrules.assessment.TreatmentReview;
import org.trdrules.assessment.Verdict;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;

/**
 * Builds the facts of one assessment from the patient and the normalised history: the patient-level facts the rules
 * read (safety, risk, pseudo-resistance, one staging fact per model) and, per phase, the per-definition facts. No
 * clinical judgement: every fact holds what the record says, and the rules conclude. Immutable and thread-safe
 * (holds only the catalogue, the settings and the value sets).
 */
final class FactFactory {

    private final DrugCatalog catalog;
    private final Settings settings;
    private final ValueSets valueSets;

    FactFactory(DrugCatalog catalog, Settings settings, ValueSets valueSets) {
        this.catalog = catalog;
        this.settings = settings;
        this.valueSets = valueSets;
    }

    /** The internal definition whose judgements the staging models and pseudo-resistance checks read. */
    static DefinitionSpec stagingBasis(TrdConfig config) {
        return new DefinitionSpec(TrdConfig.RESERVED_STAGING_BASIS_ID, "staging basis", 1, 1, config.responsePercent(),
                config.minimumTrialWeeks(), org.trdrules.assessment.EpisodeScope.CURRENT_EPISODE,
                java.util.EnumSet.of(org.trdrules.assessment.TreatmentKind.ANTIDEPRESSANT,
                        org.trdrules.assessment.TreatmentKind.AUGMENTATION,
                        org.trdrules.assessment.TreatmentKind.COMBINATION, org.trdrules.assessment.TreatmentKind.ECT),
                "Failed adequate treatments of the current episode under the regulatory thresholds (staging input).",
                "MGH-S adequacy: >=6 weeks at an adequate dose (Fava 2003)", org.trdrules.SourceStatus.POLICY,
                "internal: the failures the staging models count");
    }

    /** The engine's thresholds, for facts built outside this class (the eligibility context). */
    Settings settings() {
        return settings;
    }

    Conditions conditions(Patient p) {
        return new Conditions(p.conditions(), valueSets);
    }

    /** One staging fact per model, with the current episode's dates, severity and psychotic features. */
    List<StagingFact> staging(List<String> models, LocalDate today, Normaliser n) {
        List<StagingFact> out = new ArrayList<>(models.size());
        Episode cur = n.currentEpisode;
        for (String model : models) {
            out.add(new StagingFact(model, today.toEpochDay(),
                    cur == null || cur.onset() == null ? null : cur.onset().toEpochDay(),
                    cur == null || cur.end() == null ? null : cur.end().toEpochDay(),
                    cur == null || cur.severity() == null ? null : cur.severity().name(),
                    cur == null ? null : cur.psychoticFeatures()));
        }
        return out;
    }

    SafetyFact safety(Patient p, Conditions conditions, LocalDate today) {
        Integer max = null;
        Long latest = null;
        List<String> positive = new ArrayList<>();
        for (int i = 0; i < p.measurements().size(); i++) {
            org.trdrules.model.Measurement m = p.measurements().get(i);
            if (m.item9() != null) {
                max = max == null ? m.item9() : Math.max(max, m.item9());
                if (m.date() != null && !m.date().isAfter(today)) {
                    latest = latest == null ? m.date().toEpochDay() : Math.max(latest, m.date().toEpochDay());
                }
                if (m.item9() > 0) {
                    positive.add(m.id() != null ? m.id() : "measurements[" + i + "]");
                }
            }
        }
        return new SafetyFact(p.suicidalIdeation(), conditions, max, positive, latest, today.toEpochDay(), settings);
    }

    RiskFact risk(Patient p, LocalDate today, Normaliser n, SafetyFact safety,
                                     Conditions conditions) {
        Episode cur = n.currentEpisode;
        LocalDate firstOnset = p.episodes().stream().map(Episode::onset).filter(java.util.Objects::nonNull)
                .min(LocalDate::compareTo).orElse(null);
        Integer ageAtOnset = null;
        if (firstOnset != null && p.birthDate() != null) {
            ageAtOnset = java.time.Period.between(p.birthDate(), firstOnset).getYears();
        } else if (firstOnset != null && p.ageAt(today) != null) {
            ageAtOnset = p.ageAt(today) - java.time.Period.between(firstOnset, today).getYears();
        }
        Boolean inpatient = null;
        for (Episode e : p.episodes()) {
            if (Boolean.TRUE.equals(e.inpatient())) {
                inpatient = true;
                break;
            }
            if (Boolean.FALSE.equals(e.inpatient())) {
                inpatient = false;
            }
        }
        Verdict suicidal = safety.getSuicideRiskVerdict(); // concluded by rule suicide-risk-verdict in phase 1
        java.util.Set<String> tried = new java.util.HashSet<>();
        for (TreatmentFact t : n.treatments) {
            if (t.getKind() == org.trdrules.assessment.TreatmentKind.ANTIDEPRESSANT
                    || t.getKind() == org.trdrules.assessment.TreatmentKind.COMBINATION) {
                tried.add(t.getIngredient() != null ? t.getIngredient() : t.getLabel());
            }
        }
        Double weeks = n.currentEpisodeWeeks();
        return new RiskFact(p.sex() == null ? null : p.sex().name(), p.ageAt(today), ageAtOnset, p.episodes().size(),
                cur == null || cur.severity() == null ? null : cur.severity().name(),
                cur == null ? null : cur.psychoticFeatures(), cur == null ? null : cur.melancholicFeatures(), inpatient,
                suicidal, conditions, tried.size(), weeks, settings);
    }

    PseudoFact pseudo(Patient p, Normaliser n, Conditions conditions) {
        List<PseudoFact.Med> meds = new ArrayList<>(p.medications().size());
        for (org.trdrules.model.Medication m : p.medications()) {
            String ingredient = catalog.find(m.drug()).map(org.trdrules.catalog.Drug::ingredient)
                    .orElse(m.drug().trim().toLowerCase(java.util.Locale.ROOT));
            meds.add(new PseudoFact.Med(m.id(), ingredient, Normaliser.day(m.start()), Normaliser.day(m.end())));
        }
        List<PseudoFact.Event> events = new ArrayList<>(p.lifeEvents().size());
        for (org.trdrules.model.LifeEvent e : p.lifeEvents()) {
            events.add(new PseudoFact.Event(e.id(), e.type().name(), Normaliser.day(e.date())));
        }
        List<TreatmentFact> current = new ArrayList<>();
        for (TreatmentFact t : n.treatments) {
            if (t.getEpisodeVerdict() == Verdict.MET) {
                current.add(t);
            }
        }
        Episode cur = n.currentEpisode;
        return new PseudoFact(conditions, meds, events, current,
                cur == null ? null : Normaliser.day(cur.onset()));
    }

}
