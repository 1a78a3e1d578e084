package org.trdrules.model;

/**
 * Pharmacogenomic test results the eligibility rules use (CPIC 2023 SSRI, CPIC TCA and DPWG recommendations).
 * Every field may be null (not tested). Immutable and thread-safe.
 *
 * @param cyp2d6  CYP2D6 phenotype
 * @param cyp2c19 CYP2C19 phenotype
 */
public record Pharmacogenomics(MetaboliserPhenotype cyp2d6, MetaboliserPhenotype cyp2c19) {}
