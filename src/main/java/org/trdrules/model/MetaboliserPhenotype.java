package org.trdrules.model;

/**
 * A CYP2D6 or CYP2C19 metaboliser phenotype as CPIC names them (Caudle KE et al., Standardizing terms for clinical
 * pharmacogenetic test results: consensus terms from CPIC, Genet Med 2017;19(2):215-223). {@code INDETERMINATE}
 * is a test result that assigns no phenotype; an absent value means no test is recorded. Immutable and thread-safe.
 */
public enum MetaboliserPhenotype {
    /** Ultrarapid metaboliser. */
    ULTRARAPID,
    /** Rapid metaboliser (CYP2C19 only). */
    RAPID,
    /** Normal metaboliser. */
    NORMAL,
    /** Intermediate metaboliser. */
    INTERMEDIATE,
    /** Poor metaboliser. */
    POOR,
    /** Tested, but no phenotype could be assigned. */
    INDETERMINATE
}
