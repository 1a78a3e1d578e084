package org.trdrules.catalog;

/**
 * Pharmacological class used by the "different class" definitions and by staging. SSRI, TCA and MAOI follow the
 * WHO ATC groups N06AB, N06AA and N06AF/N06AG; the others are mechanism labels (see docs/catalog.md).
 * Immutable and thread-safe.
 */
public enum DrugClass {
    SSRI, SNRI, TCA, TECA, MAOI, NDRI, NASSA, SARI, SPARI, MULTIMODAL, MELATONERGIC, NRI, SEROTONIN_MODULATOR,
    NEUROSTEROID, NMDA_ANTAGONIST, OTHER_ANTIDEPRESSANT, LITHIUM, THYROID_HORMONE, ATYPICAL_ANTIPSYCHOTIC,
    ANXIOLYTIC, DOPAMINE_AGONIST, WAKEFULNESS_AGENT, ANTICONVULSANT, STIMULANT, BENZODIAZEPINE, NUTRACEUTICAL, HERBAL
}
