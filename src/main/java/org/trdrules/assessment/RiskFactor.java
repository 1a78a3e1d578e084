package org.trdrules.assessment;

/**
 * One risk factor for developing TRD: whether it is present, its published effect size and source, and its
 * contribution to the total when the effect size is confirmed. Immutable and thread-safe.
 *
 * @param id           stable factor id, e.g. {@code psychotic-features}
 * @param name         plain-language name
 * @param status       present, absent, or not recorded (unknown)
 * @param effect       the published effect size ("OR 2.52", "OR 1.23 per antidepressant") or "unquantified"
 * @param contribution natural-log odds added to the total (0 when absent, unknown or unquantified)
 * @param inTotal      whether the factor's weight enters the total (only confirmed odds ratios of one model)
 * @param basis        what the status rests on
 * @param citation     the citation of the effect size or of the factor
 */
public record RiskFactor(String id, String name, FactorStatus status, String effect, double contribution,
                         boolean inTotal, String basis, String citation) {}
