package org.trdrules.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.trdrules.assessment.TreatmentKind;

/**
 * Inputs of the pseudo-resistance rules that are not per treatment (coded conditions, other medications, life
 * events, the current episode's treatments) and the findings they write. Not thread-safe: one per assessment.
 */
public final class PseudoFact {
    /** Another medication with its resolved ingredient and its days (epoch days; null when not recorded). */
    public record Med(String id, String ingredient, Long startDay, Long endDay) {}

    /** A life event with its day. */
    public record Event(String id, String type, Long day) {}

    /** One finding as written by a rule. */
    public record Finding(String category, List<String> treatmentIds, String reason, String rule) {}

    private final Conditions conditions;
    private final List<Med> medications;
    private final List<Event> events;
    private final List<TreatmentFact> currentTreatments;
    private final Long currentOnsetDay;
    private final List<Finding> findings = new ArrayList<>();

    PseudoFact(Conditions conditions, List<Med> medications, List<Event> events,
                      List<TreatmentFact> currentTreatments, Long currentOnsetDay) {
        this.conditions = conditions;
        this.medications = medications;
        this.events = events;
        this.currentTreatments = currentTreatments;
        this.currentOnsetDay = currentOnsetDay;
    }

    public List<Med> medications() { return medications; }
    public List<Event> events() { return events; }
    public Long getCurrentOnsetDay() { return currentOnsetDay; }
    public List<Finding> findings() { return findings; }

    /** The coded conditions, queried by value-set name. */
    public Conditions getConditions() { return conditions; }

    /** The recorded codes in any of the value sets, for the reason text. */
    public String codesFor(String... valueSets) {
        return String.join(", ", conditions.codesIn(valueSets));
    }

    /** Ids of the drug treatments of the current episode. */
    public List<String> currentDrugTreatmentIds() {
        List<String> out = new ArrayList<>();
        for (TreatmentFact t : currentTreatments) {
            if (t.getKind() != TreatmentKind.ECT && t.getKind() != TreatmentKind.PSYCHOTHERAPY) {
                out.add(t.getId());
            }
        }
        return out;
    }

    /** Current-episode treatments whose drug is in one of the classes or is one of the ingredients. */
    public List<TreatmentFact> currentTreatmentsOf(Set<String> classes, Set<String> ingredients) {
        List<TreatmentFact> out = new ArrayList<>();
        for (TreatmentFact t : currentTreatments) {
            if (t.getIngredient() != null && (ingredients.contains(t.getIngredient())
                    || t.getDrugClass() != null && classes.contains(t.getDrugClass()))) {
                out.add(t);
            }
        }
        return out;
    }

    /** Ids of current-episode treatments whose dated period contains the day. */
    public List<String> treatmentsOnDay(long day) {
        List<String> out = new ArrayList<>();
        for (TreatmentFact t : currentTreatments) {
            if (t.getStartDay() != null && t.getStartDay() <= day && (t.getEndDay() == null || day <= t.getEndDay())) {
                out.add(t.getId());
            }
        }
        return out;
    }

    public void add(Object drools, String category, List<String> treatmentIds, String reason) {
        findings.add(new Finding(category, List.copyOf(treatmentIds), reason, Facts.ruleName(drools)));
    }
}
