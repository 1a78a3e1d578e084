package org.trdrules.engine;

/** A rule's metadata as compiled into the rule base: id, stage, criterion and citation. Immutable. */
public record RuleInfo(String id, String stage, String criterion, String citation) {}
