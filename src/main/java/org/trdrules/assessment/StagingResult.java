package org.trdrules.assessment;

import java.util.List;

/**
 * One staging model's result: a stage or a score with its band and per-item breakdown. Missing data gives a range
 * ({@code low}..{@code high}) and status RANGE; a fully decided result has status DECIDED; a model the library
 * cannot compute from confirmed sources (DM-TRD) has status UNSUPPORTED with the reason and no value.
 * Immutable and thread-safe.
 *
 * @param id          stable model id, e.g. {@code maudsley}
 * @param name        display name
 * @param status      decided, a range, or unsupported
 * @param stage       stage label for stage models ("II", "TRD2", "not staged"); null for score models
 * @param score       score for score models when decided; null otherwise
 * @param low         lowest possible score or stage number
 * @param high        highest possible score or stage number
 * @param band        band of the decided score or stage; null when undecided
 * @param items       per-item breakdown
 * @param explanation criterion, citation, facts used, reasons, missing data
 */
public record StagingResult(String id, String name, StagingStatus status, String stage, Double score, double low,
                            double high, String band, List<StagingItem> items, Explanation explanation) {

    /** Copies the lists, so the value cannot change after construction. */
    public StagingResult {
        items = List.copyOf(items);
    }
}
