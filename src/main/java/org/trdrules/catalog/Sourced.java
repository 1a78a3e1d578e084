package org.trdrules.catalog;

import org.trdrules.SourceStatus;
import java.util.Objects;

/**
 * A number with the citation of the source it was read in and its status. {@code value} is null when no source
 * gives one. Immutable and thread-safe.
 *
 * @param value    the number, or null when no source gives one
 * @param citation the published source, or null
 * @param status   how far the source backs the value (never null)
 */
public record Sourced(Double value, String citation, SourceStatus status) {

    /** Checks that the status is set. */
    public Sourced {
        Objects.requireNonNull(status, "status");
    }

    /** True when the value was read in its source rather than being a documented default. */
    public boolean confirmed() {
        return status.confirmed();
    }
}
