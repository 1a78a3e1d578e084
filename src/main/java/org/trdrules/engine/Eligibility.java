package org.trdrules.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.trdrules.model.MetaboliserPhenotype;
import org.trdrules.model.Physiology;
import java.util.Map;
import java.util.Set;
import org.trdrules.assessment.TreatmentKind;
import org.trdrules.assessment.TrialOutcome;
import org.trdrules.assessment.Verdict;
import org.trdrules.catalog.Drug;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.catalog.DrugRole;
import org.trdrules.model.Patient;

/**
 * Builds the option catalogue (one option per concrete next step) and the patient context the eligibility rules
 * read. Makes no judgement: every status comes from the rules in {@code rules/eligibility}. Stateless.
 */
final class Eligibility {
    private Eligibility() {}

    /** The options of the catalogue, one fact each, in catalogue order; static parts are shared per engine. */
    static List<OptionFact> options(OptionCatalog catalog, EligibilityContext ctx) {
        List<OptionCatalog.Def> defs = catalog.defs();
        List<OptionFact> out = new ArrayList<>(defs.size());
        for (OptionCatalog.Def d : defs) {
            out.add(new OptionFact(d, ctx));
        }
        return out;
    }

    /** The context, from the patient and the conclusions of the earlier stages. */
    static EligibilityContext context(Patient p, java.time.LocalDate today, Normaliser n, SafetyFact safety,
                                      Verdict twoTrials, Verdict fourTreatments, List<SpecEval> basis,
                                      List<SpecEval> fourWeekBasis, DrugCatalog catalog, Conditions conditions,
                                      Settings settings) {
        Set<String> codes = Codes.of(p.conditions());
        Set<String> allergies = new HashSet<>();
        for (String a : p.allergies()) {
            allergies.add(catalog.find(a).map(Drug::ingredient).orElse(a.trim().toLowerCase(Locale.ROOT)));
        }
        int failedCertain = 0;
        int failedPossible = 0;
        Map<String, String> failed = new HashMap<>();
        for (SpecEval e : basis) {
            TreatmentFact t = e.getTreatment();
            boolean drugTrial = t.getKind() == TreatmentKind.ANTIDEPRESSANT || t.getKind() == TreatmentKind.COMBINATION;
            if (drugTrial && e.getCounted() == Verdict.MET) {
                failedCertain++;
                if (t.getIngredient() != null) {
                    failed.putIfAbsent(t.getIngredient(), t.getId());
                }
            }
            if (drugTrial && e.getCounted() != Verdict.NOT_MET) {
                failedPossible++;
            }
        }
        int failedCertain4w = 0;
        int failedPossible4w = 0;
        for (SpecEval e : fourWeekBasis) {
            if (e.getTreatment().getKind() == TreatmentKind.ANTIDEPRESSANT) {
                failedCertain4w += e.getCounted() == Verdict.MET ? 1 : 0;
                failedPossible4w += e.getCounted() != Verdict.NOT_MET ? 1 : 0;
            }
        }
        Map<String, String> intolerant = new HashMap<>();
        Map<String, Long> since = new HashMap<>();
        Map<String, Long> sinceClass = new HashMap<>();
        Map<String, String> classOf = new HashMap<>();
        Set<String> stopUnknown = new HashSet<>();
        Set<String> undatedMedications = new HashSet<>();
        long todayDay = today.toEpochDay();
        TreatmentFact current = null;
        for (TreatmentFact t : n.treatments) {
            if (t.getIngredient() == null || t.getKind() == TreatmentKind.ECT
                    || t.getKind() == TreatmentKind.PSYCHOTHERAPY) {
                continue;
            }
            if (t.getOutcome() == TrialOutcome.INTOLERANCE) {
                intolerant.putIfAbsent(t.getIngredient(), t.getId());
            }
            classOf.put(t.getIngredient(), catalog.find(t.getIngredient()).map(d -> d.drugClass().name()).orElse(null));
            Long days = null;
            if (t.getEndDay() != null) {
                days = Math.max(0L, todayDay - t.getEndDay());
            } else if (t.getStartDay() != null && !t.isEndUnknown()) {
                days = 0L; // no end: still taken
            }
            if (days == null) {
                stopUnknown.add(t.getIngredient());
                continue;
            }
            since.merge(t.getIngredient(), days, Math::min);
            String cls = classOf.get(t.getIngredient());
            if (cls != null) {
                sinceClass.merge(cls, days, Math::min);
            }
            if (t.getEndDay() == null && !t.isEndUnknown() && t.getKind() == TreatmentKind.ANTIDEPRESSANT
                    && (current == null || t.getStartDay() > current.getStartDay())) {
                current = t;
            }
        }
        // other medications count too: an MAOI or linezolid listed there matters for washouts and combinations
        for (org.trdrules.model.Medication m : p.medications()) {
            String ingredient = catalog.find(m.drug()).map(Drug::ingredient)
                    .orElse(m.drug().trim().toLowerCase(Locale.ROOT));
            classOf.put(ingredient, catalog.find(m.drug()).map(d -> d.drugClass().name()).orElse(null));
            // Medication.end is null while the drug is taken (the model's contract): no end means taken now, dated
            // start or not, so the interaction checks see it; with neither date the timing is truly unknown, and
            // the record is also kept as undated so that the rules add a review
            long days = m.end() != null ? Math.max(0L, todayDay - m.end().toEpochDay()) : 0L;
            if (m.start() == null && m.end() == null) {
                stopUnknown.add(ingredient);
                undatedMedications.add(ingredient);
            }
            since.merge(ingredient, days, Math::min);
            String cls = classOf.get(ingredient);
            if (cls != null) {
                sinceClass.merge(cls, days, Math::min);
            }
        }
        Set<String> antidepressants = new HashSet<>();
        for (String i : classOf.keySet()) {
            if (catalog.find(i).map(d -> d.role() == DrugRole.ANTIDEPRESSANT).orElse(false)) {
                antidepressants.add(i);
            }
        }
        classOf.values().removeIf(java.util.Objects::isNull);
        org.trdrules.model.Episode cur = n.currentEpisode;
        Double episodeWeeks = n.currentEpisodeWeeks();
        EligibilityContext c = new EligibilityContext(p.ageAt(today), p.pregnant(), safety.isSuicideRisk(), codes, allergies,
                p.episodes().size(), episodeWeeks, cur == null ? null : cur.psychoticFeatures(), twoTrials,
                fourTreatments, failedCertain, failedPossible, failedCertain4w, failedPossible4w, failed, intolerant,
                since, sinceClass,
                current == null ? null : current.getIngredient(), current == null ? null : current.getDrugClass(),
                current == null ? null : current.getId(), current == null ? null : current.getDoseMg(),
                current == null ? null : current.getMaxDoseMg(), classOf, stopUnknown);
        c.conditions = conditions;
        c.settings = settings;
        c.antidepressants = Set.copyOf(antidepressants);
        c.undatedMedications = Set.copyOf(undatedMedications);
        c.suicidalIdeation = p.suicidalIdeation();
        if (cur != null) {
            c.currentSeverity = cur.severity() == null ? null : cur.severity().name();
            c.mixedFeatures = cur.mixedFeatures();
            c.catatonicFeatures = cur.catatonicFeatures();
            c.postpartumOnset = cur.postpartumOnset();
        }
        Physiology ph = p.physiologyOrEmpty();
        c.systolicBp = ph.systolicBpMmHg();
        c.diastolicBp = ph.diastolicBpMmHg();
        c.egfr = ph.egfr();
        // how old each value is, for the rules to judge whether it is current (an undated one stays null)
        c.bloodPressureAgeDays = ph.bloodPressureDate() == null ? null
                : Math.max(0L, todayDay - ph.bloodPressureDate().toEpochDay());
        c.egfrAgeDays = ph.egfrDate() == null ? null : Math.max(0L, todayDay - ph.egfrDate().toEpochDay());
        c.renalImpairmentStated = ph.renalImpairment();
        c.hepaticImpairmentStated = ph.hepaticImpairment();
        c.postpartum = ph.postpartum();
        c.lactating = ph.lactating();
        if (p.pharmacogenomics() != null) {
            MetaboliserPhenotype d6 = p.pharmacogenomics().cyp2d6();
            MetaboliserPhenotype c19 = p.pharmacogenomics().cyp2c19();
            c.cyp2d6 = d6 == null ? null : d6.name();
            c.cyp2c19 = c19 == null ? null : c19.name();
        }
        Set<String> ect = new HashSet<>();
        for (TreatmentFact t : n.treatments) {
            if (t.getKind() == TreatmentKind.ECT) {
                ect.add(t.getOutcome() == null ? "UNKNOWN" : t.getOutcome().name());
            }
        }
        c.ectOutcomes = Set.copyOf(ect);
        Map<String, Set<String>> proc = new HashMap<>();
        for (org.trdrules.model.Procedure x : p.procedures()) {
            if (x.type() != null && x.type() != org.trdrules.model.ProcedureType.ECT) {
                proc.computeIfAbsent(x.type().name(), k -> new HashSet<>())
                        .add(x.outcome() == null ? "UNKNOWN" : x.outcome().name());
            }
        }
        c.procedureOutcomes = proc;
        return c;
    }
}
