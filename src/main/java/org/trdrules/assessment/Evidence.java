package org.trdrules.assessment;

/**
 * One guideline grade behind a treatment option: the guideline, where in it, the line of treatment and the level of
 * evidence, e.g. CANMAT 2023, Table 7.2, second line, Level 1. Grades are catalogue data
 * ({@code org/trdrules/catalog/grades.csv}), the same for every patient. Immutable and thread-safe.
 *
 * @param guideline  the guideline, e.g. {@code CANMAT 2023} or {@code NICE NG222}
 * @param section    table or recommendation, e.g. {@code Table 7.2} or {@code 1.9.9 (combinations and augmentation)}
 * @param line       line of treatment as the guideline states it ({@code first line}, {@code second line},
 *                   {@code third line}, {@code investigational}, {@code not recommended}); null where it ranks none
 * @param level      level of evidence, e.g. {@code Level 1}; null where the guideline gives none (NICE)
 * @param population the population the grade is for, e.g. {@code mild-moderate} or {@code mixed features}; null for
 *                   the general population of the table
 * @param citation   the published guideline: authors, title, journal or publisher, year
 */
public record Evidence(String guideline, String section, String line, String level, String population,
                       String citation) {}
