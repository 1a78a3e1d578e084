package org.trdrules;

/**
 * A rule's metadata as compiled into the rule base, for documentation and audit. Immutable and thread-safe.
 *
 * @param id        stable rule id, e.g. {@code definition-met}
 * @param name      display name
 * @param stage     the stage it belongs to (adequacy, outcome, definitions, staging, risk, pseudo-resistance,
 *                  eligibility, safety)
 * @param criterion the criterion in plain language
 * @param citation  the published source
 */
public record RuleInfo(String id, String name, String stage, String criterion, String citation) {}
