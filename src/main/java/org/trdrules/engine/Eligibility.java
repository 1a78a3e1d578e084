package org.trdrules.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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

    /** Psychotherapies offered, id and label. */
    static final String[][] PSYCHOTHERAPIES = {
        {"cbt", "cognitive behavioural therapy"}, {"act", "acceptance and commitment therapy"},
        {"ipt", "interpersonal psychotherapy"}, {"family-therapy", "family therapy"},
        {"marital-therapy", "marital (couples) therapy"}, {"group-therapy", "group psychotherapy"},
        {"dbt", "dialectical behaviour therapy"}, {"behavioural-activation", "behavioural activation"}};

    /** Procedures offered, id and label. */
    static final String[][] PROCEDURES = {
        {"esketamine", "esketamine nasal spray"}, {"iv-ketamine", "IV ketamine (off-label)"},
        {"ect", "electroconvulsive therapy (ECT)"}, {"vns", "vagus nerve stimulation (VNS)"},
        {"rtms", "repetitive transcranial magnetic stimulation (rTMS)"}};

    /** Lifestyle steps, id and label. */
    static final String[][] LIFESTYLE = {
        {"stress-management", "stress management"}, {"sleep", "sleep routine"}, {"exercise", "regular exercise"},
        {"stop-alcohol-drugs", "stopping alcohol and recreational drugs"},
        {"adherence-support", "sticking to the plan (adherence support)"}};

    /** The option catalogue for this context, in catalogue order. */
    static List<OptionFact> options(DrugCatalog catalog, EligibilityContext ctx) {
        List<OptionFact> out = new ArrayList<>(140);
        out.add(new OptionFact("dose-increase", "dose-increase", "increase the dose of the current antidepressant",
                ctx.getCurrentIngredient(), ctx.getCurrentClass(), ctx));
        for (Drug d : catalog.drugs()) {
            if (d.role() == DrugRole.ANTIDEPRESSANT && d.drugClass() != null && !"esketamine".equals(d.ingredient())) {
                out.add(new OptionFact("switch-" + slug(d.ingredient()), "switch", "switch to " + d.ingredient(),
                        d.ingredient(), d.drugClass().name(), ctx));
            }
        }
        for (Drug d : catalog.drugs()) {
            if (d.role() == DrugRole.ANTIDEPRESSANT) {
                out.add(new OptionFact("combine-" + slug(d.ingredient()), "combine",
                        "add " + d.ingredient() + " to the current antidepressant", d.ingredient(),
                        d.drugClass().name(), ctx));
            }
        }
        for (Drug d : catalog.drugs()) {
            if (d.role() == DrugRole.AUGMENTATION && !"esketamine".equals(d.ingredient())
                    && !"ketamine".equals(d.ingredient())) {
                out.add(new OptionFact("augment-" + slug(d.ingredient()), "augment", "augment with " + d.ingredient(),
                        d.ingredient(), d.drugClass().name(), ctx));
            }
        }
        for (String[] x : PSYCHOTHERAPIES) {
            out.add(new OptionFact(x[0], "psychotherapy", x[1], null, null, ctx));
        }
        for (String[] x : PROCEDURES) {
            out.add(new OptionFact(x[0], "procedure", x[1], null, null, ctx));
        }
        for (String[] x : LIFESTYLE) {
            out.add(new OptionFact(x[0], "lifestyle", x[1], null, null, ctx));
        }
        return out;
    }

    static String slug(String ingredient) {
        return ingredient.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** The context, from the patient and the conclusions of the earlier stages. */
    static EligibilityContext context(Patient p, java.time.LocalDate today, Normaliser n, SafetyFact safety,
                                      Verdict twoTrials, Verdict fourTreatments, List<SpecEval> basis,
                                      List<SpecEval> fourWeekBasis, DrugCatalog catalog) {
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
            Long days = m.end() != null ? Long.valueOf(Math.max(0L, todayDay - m.end().toEpochDay()))
                    : m.start() != null ? Long.valueOf(0L) : null;
            if (days == null) {
                stopUnknown.add(ingredient);
                continue;
            }
            since.merge(ingredient, days, Math::min);
            String cls = classOf.get(ingredient);
            if (cls != null) {
                sinceClass.merge(cls, days, Math::min);
            }
        }
        classOf.values().removeIf(java.util.Objects::isNull);
        org.trdrules.model.Episode cur = n.currentEpisode;
        Double episodeWeeks = n.currentEpisodeWeeks();
        return new EligibilityContext(p.ageAt(today), p.pregnant(), safety.isSuicideRisk(), codes, allergies,
                p.episodes().size(), episodeWeeks, cur == null ? null : cur.psychoticFeatures(), twoTrials,
                fourTreatments, failedCertain, failedPossible, failedCertain4w, failedPossible4w, failed, intolerant,
                since, sinceClass,
                current == null ? null : current.getIngredient(), current == null ? null : current.getDrugClass(),
                current == null ? null : current.getId(), current == null ? null : current.getDoseMg(),
                current == null ? null : current.getMaxDoseMg(), classOf, stopUnknown);
    }
}
