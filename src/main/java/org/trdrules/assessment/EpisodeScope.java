package org.trdrules.assessment;

/** Which treatments a definition looks at: the current episode only, or the whole history. Immutable and thread-safe. */
public enum EpisodeScope {
    /** Only treatments of the current episode. */
    CURRENT_EPISODE,
    /** Treatments of every episode in the history. */
    ANY_EPISODE
}
