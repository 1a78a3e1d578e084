package org.trdrules.engine;

import java.util.ArrayList;
import java.util.List;
import org.trdrules.assessment.EligibilityStatus;

/**
 * One treatment option being judged. Rules add findings; the status is the worst finding (a contraindication
 * always wins). Not thread-safe: one per assessment.
 */
public final class OptionFact {
    /** One finding: status, reason and the rule that gave it. */
    public record Finding(EligibilityStatus status, String reason, String rule) {}

    private final String id;
    private final String family;
    private final String label;
    private final String ingredient;
    private final String drugClass;
    private final EligibilityContext context;
    private final List<Finding> findings = new ArrayList<>(3);
    private EligibilityStatus status;

    public OptionFact(String id, String family, String label, String ingredient, String drugClass,
                      EligibilityContext context) {
        this.id = id;
        this.family = family;
        this.label = label;
        this.ingredient = ingredient;
        this.drugClass = drugClass;
        this.context = context;
    }

    public String getId() { return id; }
    public String getFamily() { return family; }
    public String getLabel() { return label; }
    /** The drug the option starts or adds; null for non-drug options. */
    public String getIngredient() { return ingredient; }
    public String getDrugClass() { return drugClass; }
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
