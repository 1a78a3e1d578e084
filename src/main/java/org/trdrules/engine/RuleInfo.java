package org.trdrules.engine;

/** A rule's metadata as compiled into the rule base: id, display name, stage, criterion and citation. Immutable. */
public record RuleInfo(String id, String name, String stage, String criterion, String citation) {}
