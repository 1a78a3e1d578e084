package org.trdrules.fhir;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;

/**
 * Daily dose in mg from FHIR {@code Dosage} elements: the dose ({@code doseAndRate.doseQuantity} in mg, g or
 * micrograms, or a count of tablets, capsules or patches, or mL, times the product strength; any other unit, such
 * as a rate "mg/d", gives no dose rather than a guess) times the doses per day from
 * {@code timing.repeat} (frequency per period and period unit, or the count of {@code when}/{@code timeOfDay}) or
 * the {@code timing.code} (HL7 v3 GTSAbbreviation: QD, BID, TID, QID, QOD, Q4H...). A dose "as needed", a dose
 * range, a zero frequency or a missing value gives no daily dose and a reason. Stateless and thread-safe.
 */
final class Dosages {

    /** Doses per day of the HL7 v3 GTSAbbreviation timing codes used in prescriptions. */
    private static final Map<String, Double> PER_DAY = Map.ofEntries(Map.entry("QD", 1.0), Map.entry("BID", 2.0),
            Map.entry("TID", 3.0), Map.entry("QID", 4.0), Map.entry("AM", 1.0), Map.entry("PM", 1.0),
            Map.entry("QOD", 0.5), Map.entry("Q4H", 6.0), Map.entry("Q6H", 4.0), Map.entry("Q8H", 3.0),
            Map.entry("Q12H", 2.0), Map.entry("WK", 1.0 / 7));

    /** Mass units (UCUM codes, common texts, SNOMED CT unit codes) to mg. */
    private static final Map<String, Double> MASS = Map.ofEntries(Map.entry("mg", 1.0), Map.entry("milligram", 1.0),
            Map.entry("milligrams", 1.0), Map.entry("258684004", 1.0), Map.entry("g", 1000.0),
            Map.entry("gram", 1000.0), Map.entry("grams", 1000.0), Map.entry("258682000", 1000.0),
            Map.entry("ug", 0.001), Map.entry("mcg", 0.001), Map.entry("\u00b5g", 0.001), Map.entry("\u03bcg", 0.001),
            Map.entry("microgram", 0.001), Map.entry("micrograms", 0.001), Map.entry("258685003", 0.001));
    /** Units of presentation: a count of tablets, capsules, patches (UCUM annotations and texts); none = a count. */
    private static final java.util.Set<String> COUNT = java.util.Set.of("", "1", "{tbl}", "{tablet}", "tablet",
            "tablets", "tab", "tabs", "{cap}", "{capsule}", "capsule", "capsules", "cap", "caps", "{patch}", "patch",
            "patches", "ea", "each", "{each}", "{unit}", "unit", "units", "{dose}", "dose");
    /** Volume units: mL with a strength per mL. */
    private static final java.util.Set<String> VOLUME = java.util.Set.of("ml", "milliliter", "millilitre",
            "milliliters", "millilitres", "258773002");

    private Dosages() {
    }

    /** The unit of a dose: its code, else its unit text, trimmed and lower-cased; "" when neither is given. */
    private static String unit(Quantity q) {
        String u = q.hasCode() ? q.getCode() : q.hasUnit() ? q.getUnit() : "";
        return u == null ? "" : u.trim().toLowerCase(Locale.ROOT);
    }

    /** A daily dose, or null with the reason it cannot be derived. */
    record Daily(Double mg, String reason) {}

    /**
     * The highest daily dose in mg over the dosage lines.
     *
     * @param strengthMg mg per unit of the product's ingredient, or null when unknown
     * @param perMl      true when the strength is per mL (then only a dose in mL uses it)
     * @param mgDoseOk   false for multi-ingredient products, where a dose in mg does not say which ingredient
     */
    static Daily daily(List<Dosage> dosage, Double strengthMg, boolean perMl, boolean mgDoseOk,
                       FhirPatientReader.Options options) {
        if (dosage == null || dosage.isEmpty()) {
            return new Daily(null, "no dosage instruction");
        }
        Double best = null;
        String reason = null;
        for (Dosage d : dosage) {
            Daily one = one(d, strengthMg, perMl, mgDoseOk, options);
            if (one.mg() != null) {
                best = best == null ? one.mg() : Math.max(best, one.mg());
            } else if (reason == null) {
                reason = one.reason();
            }
        }
        return best != null ? new Daily(best, null) : new Daily(null, reason);
    }

    private static Daily one(Dosage d, Double strengthMg, boolean perMl, boolean mgDoseOk,
                             FhirPatientReader.Options options) {
        if (d.hasAsNeededBooleanType() && d.getAsNeededBooleanType().booleanValue() || d.hasAsNeededCodeableConcept()) {
            return new Daily(null, "taken as needed");
        }
        Quantity q = null;
        for (Dosage.DosageDoseAndRateComponent dr : d.getDoseAndRate()) {
            if (dr.hasDoseQuantity()) {
                q = dr.getDoseQuantity();
                break;
            }
            if (dr.hasDoseRange()) {
                return new Daily(null, "dose given as a range");
            }
        }
        if (q == null) {
            return new Daily(null, "no dose quantity");
        }
        Double value = FhirValues.number(q);
        if (value == null || value <= 0) {
            return new Daily(null, "dose quantity without a positive value");
        }
        String unit = unit(q);
        Double mgPerUnit = MASS.get(unit);
        double perDose;
        if (mgPerUnit != null) {
            if (!mgDoseOk) {
                return new Daily(null, "dose in mg of a product with several ingredients");
            }
            perDose = value * mgPerUnit;
        } else if (unit.isEmpty() && value > options.maxUnitlessCount()) {
            return new Daily(null, "dose without a unit, too large to be a count of tablets");
        } else if (COUNT.contains(unit) || VOLUME.contains(unit)) {
            if (strengthMg == null || perMl != VOLUME.contains(unit)) {
                return new Daily(null, "dose in " + (VOLUME.contains(unit) ? "mL" : "units") + " without a known"
                        + " strength per " + (VOLUME.contains(unit) ? "mL" : "unit"));
            }
            perDose = value * strengthMg;
        } else {
            return new Daily(null, "dose unit not recognised");
        }
        Double perDay = perDay(d.hasTiming() ? d.getTiming() : null, options.onceDailyWithoutTiming());
        if (perDay == null) {
            return new Daily(null, "timing without a usable frequency");
        }
        double mg = perDose * perDay;
        // above the history's plausible maximum the record is wrong somewhere: the dose is unknown, the patient kept
        return Double.isFinite(mg) && mg <= org.trdrules.model.Patient.MAX_DAILY_DOSE_MG ? new Daily(mg, null)
                : new Daily(null, "implausible daily dose (over " + (long) org.trdrules.model.Patient.MAX_DAILY_DOSE_MG
                        + " mg)");
    }

    /**
     * Doses per day; when the timing is absent, 1 if {@code onceDailyWithoutTiming} (an UNCONFIRMED default of
     * {@link FhirPatientReader.Options}), else null; null if unusable.
     */
    static Double perDay(Timing t, boolean onceDailyWithoutTiming) {
        Double absent = onceDailyWithoutTiming ? 1.0 : null;
        if (t == null || t.isEmpty()) {
            return absent;
        }
        if (t.hasRepeat()) {
            Timing.TimingRepeatComponent r = t.getRepeat();
            Integer freq = r.hasFrequency() ? r.getFrequencyElement().getValue() : null;
            int when = r.getWhen().size() + r.getTimeOfDay().size();
            if (freq == null) {
                freq = when > 0 ? when : r.hasPeriod() || r.hasPeriodUnit() ? 1 : null;
            }
            Double period = r.hasPeriod() ? FhirValues.decimal(r.getPeriodElement()) : null;
            if (period == null) {
                period = 1.0;
            }
            String unit = r.hasPeriodUnit() ? FhirValues.status(r.getPeriodUnitElement()) : "d";
            if (unit == null) {
                return null; // a period unit that is no UCUM time code: the frequency is unknown
            }
            double days = switch (unit) {
                case "s" -> period / 86400.0;
                case "min" -> period / 1440.0;
                case "h" -> period / 24.0;
                case "wk" -> period * 7;
                case "mo" -> period * 30;
                case "a" -> period * 365;
                default -> period;
            };
            if (freq != null) {
                return freq <= 0 || !(days > 0) ? null : freq / days;
            }
        }
        if (t.hasCode()) {
            CodeableConcept c = t.getCode();
            for (Coding cd : c.getCoding()) {
                Double v = cd.hasCode() ? PER_DAY.get(cd.getCode().toUpperCase(Locale.ROOT)) : null;
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
        return t.hasRepeat() ? null : absent;
    }
}
