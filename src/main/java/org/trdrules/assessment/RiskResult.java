package org.trdrules.assessment;

import java.util.List;

/**
 * TRD risk-factor screening: every factor present, absent or unknown with its contribution and source, and a total.
 * It is a screening aid, not a validated prediction: the total adds the log odds ratios of the Kautzky 2019
 * model's factors that are present, without that model's intercept or its other variables, so it is not a
 * probability. Immutable and thread-safe.
 *
 * @param factors   every factor, in report order
 * @param total     sum of the contributions of the factors in the total (natural-log odds)
 * @param model     what the total reproduces
 * @param statement the plain statement of what the score is and is not
 */
public record RiskResult(List<RiskFactor> factors, double total, String model, String statement) {

    /** Copies the lists, so the value cannot change after construction. */
    public RiskResult {
        factors = List.copyOf(factors);
    }
}
