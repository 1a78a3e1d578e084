package org.trdrules.model;

/**
 * Severity of a depressive episode at baseline, in the categories the Maudsley Staging Method uses
 * (Fekadu et al. 2009; BMC Psychiatry 2018 Table 3). Psychotic features are recorded separately on the
 * {@link Episode}. Immutable and thread-safe.
 */
public enum Severity { SUBSYNDROMAL, MILD, MODERATE, SEVERE }
