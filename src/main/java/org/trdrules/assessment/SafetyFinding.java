package org.trdrules.assessment;

import java.util.List;

/**
 * A safety finding that needs prompt clinical attention, shown before any other result. The suicide-risk finding
 * is produced whenever the history records suicidal ideation or behaviour and cannot be switched off by
 * configuration. Immutable and thread-safe.
 *
 * @param id          stable id, e.g. {@code suicide-risk}
 * @param severity    how urgent
 * @param summary     one line for display
 * @param action      what to do, including crisis resources
 * @param explanation the rules, criterion, citation and the facts that triggered it
 */
public record SafetyFinding(String id, SafetySeverity severity, String summary, String action, Explanation explanation) {}
