package org.trdrules.engine;

import java.util.ArrayList;
import java.util.List;
import org.trdrules.assessment.EligibilityStatus;

/**
 * One treatment option being judged: its static part (id, family, rule group, drug, label and grades, built once
 * per engine from the option catalogue) and the patient context. Rules add findings; the status is the worst
 * finding (a contraindication always wins). Not thread-safe: one per assessment.
 */
public final class OptionFact {
    /** One finding: status, reason and the rule that gave it. */
    public record Finding(EligibilityStatus status, String reason, String rule) {}

    private final OptionCatalog.Def def;
    private final String ingredient;
    private final String drugClass;
    private final EligibilityContext context;
    private final boolean dose;
    private final List<Finding> findings = new ArrayList<>(3);
    private EligibilityStatus status;

    OptionFact(OptionCatalog.Def def, EligibilityContext context) {
        this.def = def;
        this.context = context;
        this.dose = "dose-increase".equals(def.family());
        this.ingredient = dose ? context.getCurrentIngredient() : def.ingredient();
        this.drugClass = dose ? context.getCurrentClass() : def.drugClass();
    }

    OptionCatalog.Def def() { return def; }
    public String getId() { return def.id(); }
    public String getFamily() { return def.family(); }
    /** The rule group: which family-level rules judge the option (e.g. {@code ect}, {@code rtms}, {@code postpartum}). */
    public String getGroup() { return def.group(); }
    public String getLabel() { return def.label(); }
    /** The drug the option starts or adds (the current one for dose-increase); null for non-drug options. */
    public String getIngredient() { return ingredient; }
    /** The second drug of a fixed combination (olanzapine with fluoxetine); null otherwise. */
    public String getSecondIngredient() { return def.secondIngredient(); }
    public String getDrugClass() { return drugClass; }
    /**
     * True when the option's drug is in the named ingredient value set (valuesets/eligibility.csv). Looked up once
     * per engine for a catalogue option, per assessment for dose-increase (the current drug).
     */
    public boolean ingredientIn(String valueSet) {
        if (dose) {
            return IngredientSets.contains(valueSet, ingredient);
        }
        IngredientSets.set(valueSet); // an unknown name fails, as elsewhere
        return def.ingredientSets().contains(valueSet);
    }

    /** True when a guideline grades the option (catalogue data). */
    public boolean isGraded() { return !def.evidence().isEmpty(); }
    /** True when every grade of the option is for mild or moderate depression only. */
    public boolean isMilderOnly() { return def.milderOnly(); }
    /** The patient context, shared by all options of one assessment and final before they are judged. */
    public EligibilityContext getContext() { return context; }
    public EligibilityStatus getStatus() { return status; }
    public List<Finding> findings() { return findings; }

    /** Adds a finding from the firing rule; the status becomes the worst so far. */
    public void add(Object drools, EligibilityStatus s, String reason) {
        findings.add(new Finding(s, reason, Facts.ruleName(drools)));
        if (status == null || s.compareTo(status) > 0) {
            status = s;
        }
    }
}
