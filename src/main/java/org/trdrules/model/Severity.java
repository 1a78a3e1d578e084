package org.trdrules.model;

/**
 * Severity of a depressive episode at baseline, in the categories the Maudsley Staging Method uses
 * (Fekadu et al. 2009; BMC Psychiatry 2018 Table 3). Psychotic features are recorded separately on the
 * {@link Episode}. Immutable and thread-safe.
 */
public enum Severity {
    /** Below the threshold of a major depressive episode. */
    SUBSYNDROMAL,
    /** Mild episode. */
    MILD,
    /** Moderate episode. */
    MODERATE,
    /** Severe episode (with or without psychotic features). */
    SEVERE
}
