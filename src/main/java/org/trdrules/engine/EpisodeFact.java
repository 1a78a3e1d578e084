package org.trdrules.engine;

/** An episode as the rules see it; {@code current} is decided during normalisation. Immutable. */
public final class EpisodeFact {
    private final String id;
    private final boolean current;
    private final Long onsetDay;
    private final Long endDay;

    public EpisodeFact(String id, boolean current, Long onsetDay, Long endDay) {
        this.id = id;
        this.current = current;
        this.onsetDay = onsetDay;
        this.endDay = endDay;
    }

    public String getId() { return id; }
    public boolean isCurrent() { return current; }
    public Long getOnsetDay() { return onsetDay; }
    public Long getEndDay() { return endDay; }
}
