package org.trdrules.assessment;

import java.util.Locale;

/**
 * The family of a treatment option, by which options are grouped and judged. Its {@link #id()} is the stable
 * prefix of the family's option ids ({@code switch-bupropion}). Immutable and thread-safe.
 */
public enum OptionFamily {
    /** Raise the dose of the current antidepressant. */
    DOSE_INCREASE,
    /** Switch to another antidepressant. */
    SWITCH,
    /** Add a second antidepressant to the current one. */
    COMBINE,
    /** Add an augmentation agent. */
    AUGMENT,
    /** A psychotherapy. */
    PSYCHOTHERAPY,
    /** A procedure or neuromodulation (ECT, rTMS, tDCS, VNS, esketamine, ketamine; MST, DBS and psilocybin-assisted psychotherapy, investigational). */
    PROCEDURE,
    /** A lifestyle step. */
    LIFESTYLE,
    /** A social intervention (befriending, rehabilitation programme). */
    SOCIAL;

    /** The lower-case id, e.g. {@code dose-increase}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The family with this id. */
    public static OptionFamily ofId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
