package org.trdrules.assessment;

/**
 * One item of a staging model's breakdown, e.g. Maudsley "severity": its points (a range when data is missing)
 * and the basis in plain language. Immutable and thread-safe.
 *
 * @param name  item name
 * @param low   points with the missing data at its most favourable
 * @param high  points with the missing data at its least favourable; null when missing data leaves it unbounded
 * @param basis what the points rest on
 */
public record StagingItem(String name, double low, Double high, String basis) {}
