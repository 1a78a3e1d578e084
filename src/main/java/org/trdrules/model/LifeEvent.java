package org.trdrules.model;

import java.time.LocalDate;

/**
 * A psychosocial stressor or a change in routine or environment. Immutable and thread-safe.
 *
 * @param id   unique within the patient
 * @param type kind of event
 * @param date when it happened
 */
public record LifeEvent(String id, LifeEventType type, LocalDate date) {}
