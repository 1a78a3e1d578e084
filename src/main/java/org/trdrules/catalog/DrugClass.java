package org.trdrules.catalog;

/**
 * Pharmacological class used by the "different class" definitions and by staging. SSRI, TCA and MAOI follow the
 * WHO ATC groups N06AB, N06AA and N06AF/N06AG; the others are mechanism labels (see docs/catalog.md).
 * Immutable and thread-safe.
 */
public enum DrugClass {
    /** Selective serotonin reuptake inhibitor. */
    SSRI,
    /** Serotonin-noradrenaline reuptake inhibitor. */
    SNRI,
    /** Tricyclic antidepressant. */
    TCA,
    /** Tetracyclic antidepressant. */
    TECA,
    /** Monoamine oxidase inhibitor. */
    MAOI,
    /** Noradrenaline-dopamine reuptake inhibitor (bupropion). */
    NDRI,
    /** Noradrenergic and specific serotonergic antidepressant (mirtazapine). */
    NASSA,
    /** Serotonin antagonist and reuptake inhibitor (trazodone, nefazodone). */
    SARI,
    /** Serotonin partial agonist and reuptake inhibitor (vilazodone). */
    SPARI,
    /** Multimodal serotonergic antidepressant (vortioxetine). */
    MULTIMODAL,
    /** Melatonergic antidepressant (agomelatine). */
    MELATONERGIC,
    /** Noradrenaline reuptake inhibitor (reboxetine). */
    NRI,
    /** Other serotonin modulator (gepirone). */
    SEROTONIN_MODULATOR,
    /** Neuroactive steroid (zuranolone, brexanolone). */
    NEUROSTEROID,
    /** NMDA receptor antagonist (esketamine, ketamine). */
    NMDA_ANTAGONIST,
    /** An antidepressant of no class above (tianeptine, dextromethorphan-bupropion, St John's wort). */
    OTHER_ANTIDEPRESSANT,
    /** Lithium. */
    LITHIUM,
    /** Thyroid hormone (liothyronine). */
    THYROID_HORMONE,
    /** Second-generation (atypical) antipsychotic. */
    ATYPICAL_ANTIPSYCHOTIC,
    /** Non-benzodiazepine anxiolytic (buspirone). */
    ANXIOLYTIC,
    /** Dopamine agonist (pramipexole). */
    DOPAMINE_AGONIST,
    /** Wakefulness-promoting agent (modafinil). */
    WAKEFULNESS_AGENT,
    /** Anticonvulsant or mood stabiliser (lamotrigine, valproate). */
    ANTICONVULSANT,
    /** Psychostimulant (methylphenidate, amphetamines). */
    STIMULANT,
    /** Benzodiazepine. */
    BENZODIAZEPINE,
    /** Nutraceutical (L-methylfolate, SAMe, omega-3 fatty acids, DHEA). */
    NUTRACEUTICAL,
    /** Herbal product (saffron, lavender, roseroot). */
    HERBAL
}
