package org.trdrules.catalog;

/**
 * A number with the citation of the source it was read in and its status ({@code CONFIRMED}, {@code UNCONFIRMED},
 * {@code NOT_FOUND}, {@code NOT_APPLICABLE}). {@code value} is null when no source gives one.
 * Immutable and thread-safe.
 */
public record Sourced(Double value, String citation, String status) {

    /** True when the value was read in its source rather than being a documented default. */
    public boolean confirmed() {
        return "CONFIRMED".equals(status);
    }
}
