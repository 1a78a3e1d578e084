package org.trdrules.catalog;

import java.util.List;

/**
 * One catalogue ingredient. Immutable and thread-safe.
 *
 * @param ingredient     lower-case ingredient name (the catalogue key)
 * @param role           antidepressant or augmentation agent
 * @param drugClass      pharmacological class
 * @param mechanism      mechanism in plain words
 * @param atcCode        WHO ATC code; may be null
 * @param rxcui          RxNorm ingredient RxCUI; may be null
 * @param minDailyDoseMg minimum adequate daily dose, with source and status
 * @param maxDailyDoseMg maximum labelled daily dose, with source and status
 * @param brandNames     brand names used for look-up
 * @param notes          clinical notes
 */
public record Drug(String ingredient, DrugRole role, DrugClass drugClass, String mechanism, String atcCode,
                   String rxcui, Sourced minDailyDoseMg, Sourced maxDailyDoseMg, List<String> brandNames,
                   String notes) {

    /** Copies the lists, so the value cannot change after construction. */
    public Drug {
        brandNames = List.copyOf(brandNames);
    }

    /** True for antidepressants. */
    public boolean antidepressant() {
        return role == DrugRole.ANTIDEPRESSANT;
    }
}
