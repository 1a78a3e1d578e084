package org.trdrules.fhir;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Null-safe reading of FHIR elements: every accessor returns null (never throws, never unboxes a null) when the
 * element, its value or a usable form of it is absent. Stateless and thread-safe.
 */
final class FhirValues {

    /** Dates before this are implausible in a treatment history and read as absent (the validation's bound). */
    static final LocalDate EARLIEST = org.trdrules.model.Patient.EARLIEST_DATE;
    /** Dates after this are implausible and read as absent (the validation's bound). */
    static final LocalDate LATEST = org.trdrules.model.Patient.LATEST_DATE;
    /** Longest supply or duration read from one record, in days (10 years); longer is implausible. */
    static final long MAX_DAYS = 3653;

    private FhirValues() {
    }

    /** The finite numeric value of a quantity, or null. */
    static Double number(Quantity q) {
        if (q == null || !q.hasValue()) {
            return null;
        }
        double v = q.getValue().doubleValue();
        return Double.isFinite(v) ? v : null;
    }

    /** The finite value of a decimal, or null. */
    static Double decimal(DecimalType d) {
        if (d == null || d.getValue() == null) {
            return null;
        }
        double v = d.getValue().doubleValue();
        return Double.isFinite(v) ? v : null;
    }

    /**
     * A duration quantity in whole days (units d, wk, mo, a, h, min, or "days"...), or null when absent, zero or
     * less, or implausible (over {@link #MAX_DAYS}).
     */
    static Long days(Quantity q) {
        Double v = number(q);
        if (v == null || v <= 0) {
            return null; // a supply of zero days says nothing about the duration
        }
        String unit = (q.hasCode() ? q.getCode() : q.hasUnit() ? q.getUnit() : "d").trim().toLowerCase(Locale.ROOT);
        double days;
        switch (unit) {
            case "d", "day", "days" -> days = v;
            case "wk", "week", "weeks" -> days = v * 7;
            case "mo", "month", "months" -> days = v * 30;
            case "a", "year", "years" -> days = v * 365;
            case "h", "hour", "hours" -> days = v / 24;
            case "min", "minute", "minutes" -> days = v / 1440;
            default -> {
                return null; // not a unit of time ("{tbl}"): the duration is unknown, not read as days
            }
        }
        long rounded = Math.round(days);
        return rounded < 1 || rounded > MAX_DAYS ? null : rounded;
    }

    /** The calendar day of a date or dateTime (year and month precision read as the first day), or null. */
    static LocalDate day(BaseDateTimeType t) {
        if (t == null || t.getValue() == null) {
            return null;
        }
        try {
            // one calendar in the value's own time zone, as getYear(), getMonth() and getDay() each build it
            java.util.Calendar c = t.getValueAsCalendar();
            int year = c.get(java.util.Calendar.YEAR);
            int month = c.get(java.util.Calendar.MONTH);
            LocalDate d = switch (t.getPrecision()) {
                case YEAR -> LocalDate.of(year, 1, 1);
                case MONTH -> LocalDate.of(year, month + 1, 1);
                default -> LocalDate.of(year, month + 1, c.get(java.util.Calendar.DAY_OF_MONTH));
            };
            return d.isBefore(EARLIEST) || d.isAfter(LATEST) ? null : d;
        } catch (DateTimeException | NullPointerException e) {
            return null;
        }
    }

    /**
     * The last calendar day an end element covers: the last day of the year or month for a year or month precision
     * ({@code "2025"} ends on 31 December), else the day; null when absent or implausible.
     */
    static LocalDate lastDay(BaseDateTimeType t) {
        LocalDate d = day(t);
        if (d == null) {
            return null;
        }
        return switch (t.getPrecision()) {
            case YEAR -> d.withDayOfYear(d.lengthOfYear());
            case MONTH -> d.withDayOfMonth(d.lengthOfMonth());
            default -> d;
        };
    }

    /** The code of a status-like element ({@code Enumeration}), or null when absent or not a known code. */
    static String status(org.hl7.fhir.r4.model.PrimitiveType<?> e) {
        if (e == null || e.isEmpty()) {
            return null;
        }
        String v = e.getValueAsString();
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The code of the concept's first coding of the system, or of a coding without a system, or null. */
    static String statusCode(CodeableConcept cc, String system) {
        if (cc == null) {
            return null;
        }
        for (Coding c : cc.getCoding()) {
            if (c != null && c.hasCode() && (!c.hasSystem() || system.equals(c.getSystem()))) {
                return c.getCode().trim();
            }
        }
        return null;
    }

    /**
     * A reference as {@code Type/id}: a base URL before the type and a {@code /_history/...} version are dropped
     * ({@code http://ehr/fhir/Patient/p1/_history/3} is {@code Patient/p1}); {@code urn:uuid:}, {@code urn:oid:} and
     * contained ({@code #id}) references are kept as they are.
     */
    static String normalise(String reference) {
        if (reference == null || reference.startsWith("urn:") || reference.startsWith("#")) {
            return reference;
        }
        String r = reference;
        int history = r.indexOf("/_history/");
        if (history >= 0) {
            r = r.substring(0, history);
        }
        String[] parts = r.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : r;
    }

    /** The first coding of the system that has a code, or null. */
    static Coding coding(CodeableConcept cc, String system) {
        if (cc == null) {
            return null;
        }
        for (Coding c : cc.getCoding()) {
            if (c != null && system.equals(c.getSystem()) && c.hasCode() && !c.getCode().isBlank()) {
                return c;
            }
        }
        return null;
    }

    /** The code of the first coding of the system, or null. */
    static String code(CodeableConcept cc, String system) {
        Coding c = coding(cc, system);
        return c == null ? null : c.getCode().trim();
    }

    /** The concept's text, else the first coding display, or null. */
    static String text(CodeableConcept cc) {
        if (cc == null) {
            return null;
        }
        if (cc.hasText() && !cc.getText().isBlank()) {
            return cc.getText();
        }
        for (Coding c : cc.getCoding()) {
            if (c != null && c.hasDisplay() && !c.getDisplay().isBlank()) {
                return c.getDisplay();
            }
        }
        return null;
    }

    /** The reference as {@code Type/id} (see {@link #normalise}), or null. */
    static String reference(Reference r) {
        return r == null || !r.hasReference() || r.getReference().isBlank() ? null : normalise(r.getReference().trim());
    }
}
