package org.trdrules.engine;

import java.util.ArrayList;
import java.util.List;
import org.trdrules.assessment.StagingItem;

/**
 * One staging model being computed: the rules write the low/high score or stage, the items and the band. Not
 * thread-safe: one per assessment.
 */
public final class StagingFact extends Facts {
    private final String model;
    private final Long evaluationDay;
    private final Long currentOnsetDay;
    private final Long currentEndDay;
    private final String severity;
    private final Boolean psychotic;
    private boolean scored;
    private double low;
    private double high;
    private String lowStage;
    private String highStage;
    private String band;
    private final List<StagingItem> items = new ArrayList<>(5);
    private final List<String> used = new ArrayList<>();

    public StagingFact(String model, Long evaluationDay, Long currentOnsetDay, Long currentEndDay, String severity,
                       Boolean psychotic) {
        this.model = model;
        this.evaluationDay = evaluationDay;
        this.currentOnsetDay = currentOnsetDay;
        this.currentEndDay = currentEndDay;
        this.severity = severity;
        this.psychotic = psychotic;
    }

    public String getModel() { return model; }
    public Long getEvaluationDay() { return evaluationDay; }
    public Long getCurrentOnsetDay() { return currentOnsetDay; }
    public Long getCurrentEndDay() { return currentEndDay; }
    /** Severity of the current episode (Severity enum name) or null. */
    public String getSeverity() { return severity; }
    public Boolean getPsychotic() { return psychotic; }
    public boolean isScored() { return scored; }
    public double getLow() { return low; }
    public double getHigh() { return high; }
    public String getLowStage() { return lowStage; }
    public String getHighStage() { return highStage; }
    public String getBand() { return band; }
    public void setBand(String v) { band = v; }
    public List<StagingItem> items() { return items; }
    public List<String> used() { return used; }

    /** Records the score range at once (one modification). */
    @org.kie.api.definition.type.Modifies({"scored", "low", "high"})
    public void setScore(double low, double high) {
        this.low = low;
        this.high = high;
        this.scored = true;
    }

    /** Records the stage range at once (one modification); numbers order the stages. */
    @org.kie.api.definition.type.Modifies({"scored", "low", "high", "lowStage", "highStage"})
    public void setStage(int low, String lowStage, int high, String highStage) {
        this.low = low;
        this.high = high;
        this.lowStage = lowStage;
        this.highStage = highStage;
        this.scored = true;
    }

    /** Adds a breakdown item. */
    public void item(String name, double low, double high, String basis) {
        items.add(new StagingItem(name, low, Double.isInfinite(high) ? null : high, basis));
    }
}
