package org.trdrules.assessment;

/** Which treatments a definition looks at: the current episode only, or the whole history. Immutable and thread-safe. */
public enum EpisodeScope { CURRENT_EPISODE, ANY_EPISODE }
