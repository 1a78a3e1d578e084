package org.trdrules.engine;

import org.trdrules.assessment.Verdict;

/**
 * One reason recorded by a rule: which rule, which aspect (dose, duration, ...), what it concluded and why in plain
 * language. An INDETERMINATE note's text names the missing data. Immutable.
 */
public record Note(String rule, String aspect, Verdict verdict, String text) {}
