package org.trdrules.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Defensive copies for the model records: null becomes empty; null entries are kept so validation can name them. */
final class Lists {
    private Lists() {}

    static <T> List<T> copy(List<T> in) {
        if (in == null || in.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(in));
    }
}
