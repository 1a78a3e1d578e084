package org.trdrules.fhir;

import org.trdrules.ErrorCode;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.trdrules.catalog.Csv;
import org.trdrules.catalog.Drug;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.AddOn;
import org.trdrules.model.AddOnKind;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Episode;
import org.trdrules.model.Instrument;
import org.trdrules.model.Measurement;
import org.trdrules.model.Patient;
import org.trdrules.model.ProcedureType;
import org.trdrules.model.Severity;
import org.trdrules.model.Sex;

/**
 * Reads a FHIR R4 Bundle (JSON) into a {@link Patient} history, the way the quality-measure world derives
 * medication courses: dispenses, requests and statements of one ingredient are merged into courses when the gap
 * between them is at most {@code allowedGapDays}; a dose rise within a course is a dose optimisation; an
 * augmentation agent overlapping an antidepressant course becomes its augmentation; depression Conditions become
 * episodes; PHQ-9 totals become measurements. Every resource that is not used, or only partly, is in the report.
 *
 * <p>Needs the optional dependencies {@code hapi-fhir-base} and {@code hapi-fhir-structures-r4}. Build once and
 * share: thread-safe (the HAPI {@code FhirContext} is created once and shared).
 */
public final class FhirPatientReader {

    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String LOINC = "http://loinc.org";
    private static final Pattern STRENGTH = Pattern.compile("(\\d+(?:\\.\\d+)?) MG");
    /** Minimum overlap of two antidepressant courses read as a combination (UNCONFIRMED default, days). */
    static final int COMBINATION_OVERLAP_DAYS = 28;
    private static final Map<String, Integer> LA_ITEM9 = Map.of("LA6568-5", 0, "LA6569-3", 1, "LA6570-1", 2,
            "LA6571-9", 3);

    private final FhirContext context = FhirContext.forR4();
    private final DrugCatalog catalog;
    private final int allowedGapDays;
    private final Map<String, String> codeGroups;
    private final Map<String, String[]> clinicalDrugs;

    private FhirPatientReader(DrugCatalog catalog, int allowedGapDays) {
        this.catalog = catalog;
        this.allowedGapDays = allowedGapDays;
        this.codeGroups = loadCodes();
        this.clinicalDrugs = loadClinicalDrugs();
    }

    /** A reader with the bundled catalogue and a 30-day allowed gap between records of one course (UNCONFIRMED default). */
    public static FhirPatientReader create() {
        return new FhirPatientReader(DrugCatalog.bundled(), 30);
    }

    /** A reader with the given catalogue and allowed gap (0-180 days). */
    public static FhirPatientReader create(DrugCatalog catalog, int allowedGapDays) {
        if (allowedGapDays < 0 || allowedGapDays > 180) {
            throw new IllegalArgumentException(ErrorCode.FHIR_READER_OPTION.message("allowedGapDays must be 0-180"));
        }
        return new FhirPatientReader(catalog, allowedGapDays);
    }

    private static Map<String, String> loadCodes() {
        Map<String, String> m = new HashMap<>();
        for (List<String> r : table("/org/trdrules/fhir/codes.csv")) {
            m.put(r.get(0) + "|" + r.get(1), r.get(3));
        }
        return Map.copyOf(m);
    }

    /** RxNorm clinical drug code -> {display, ingredient} from the CMS128 value set. */
    private static Map<String, String[]> loadClinicalDrugs() {
        Map<String, String[]> m = new HashMap<>();
        for (List<String> r : table("/org/trdrules/catalog/cms128-antidepressant-valueset.csv")) {
            m.put(r.get(0), new String[] {r.get(1), r.get(2)});
        }
        return Map.copyOf(m);
    }

    private static List<List<String>> table(String resource) {
        try (InputStream in = FhirPatientReader.class.getResourceAsStream(resource)) {
            List<List<String>> rows = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            return rows.subList(1, rows.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How an RxNorm code resolves: the catalogue drug and, for a clinical drug, its strength in mg. */
    public record Resolved(Drug drug, Double strengthMg, String how) {}

    /** Resolves an RxNorm coding or text to a catalogue drug; empty when it is not an antidepressant or augmenter. */
    public Optional<Resolved> resolve(String rxnormCode, String display) {
        if (rxnormCode != null) {
            String[] cd = clinicalDrugs.get(rxnormCode);
            if (cd != null) {
                for (String part : cd[1].split(" / ")) {
                    Optional<Drug> d = catalog.find(part);
                    if (d.isPresent() && d.get().antidepressant()) {
                        return Optional.of(new Resolved(d.get(), strength(cd[0], part), "RxNorm clinical drug (CMS128)"));
                    }
                }
            }
            Optional<Drug> d = catalog.find(rxnormCode);
            if (d.isPresent()) {
                return Optional.of(new Resolved(d.get(), null, "RxNorm ingredient"));
            }
        }
        if (display != null) {
            String text = display.toLowerCase(Locale.ROOT);
            Drug only = null;
            for (Drug d : catalog.drugs()) {
                if (text.matches(".*\\b" + Pattern.quote(d.ingredient()) + "\\b.*")) {
                    if (only != null && only != d) {
                        return Optional.empty(); // ambiguous
                    }
                    only = d;
                }
            }
            if (only != null) {
                return Optional.of(new Resolved(only, strength(display, only.ingredient()), "display text"));
            }
        }
        return Optional.empty();
    }

    /** Strength in mg of the ingredient in a clinical-drug display, e.g. "sertraline 50 MG Oral Tablet". */
    static Double strength(String display, String ingredient) {
        String d = display.toLowerCase(Locale.ROOT);
        int at = d.indexOf(ingredient.toLowerCase(Locale.ROOT));
        Matcher m = STRENGTH.matcher(display.toUpperCase(Locale.ROOT));
        if (at >= 0 && m.find(at)) {
            return Double.valueOf(m.group(1));
        }
        return null;
    }

    /** One medication record before merging. */
    private record Record(String resource, Drug drug, LocalDate start, LocalDate end, Double dailyMg) {}

    /**
     * Reads a Bundle.
     *
     * @throws IllegalArgumentException with code {@code TRD-FHIR-001} when the JSON is not a FHIR R4 Bundle
     */
    public FhirMapping read(String bundleJson, LocalDate evaluationDate) {
        Bundle bundle;
        try {
            bundle = context.newJsonParser().parseResource(Bundle.class, bundleJson);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("TRD-FHIR-001: not a readable FHIR R4 Bundle", e);
        }
        List<MappingNote> report = new ArrayList<>();
        Map<String, Medication> medications = new HashMap<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (e.getResource() instanceof Medication m) {
                medications.put("Medication/" + m.getIdElement().getIdPart(), m);
            }
        }
        Patient.Builder patient = null;
        String patientId = "unknown";
        List<Episode> episodes = new ArrayList<>();
        List<Record> records = new ArrayList<>();
        List<Measurement> measurements = new ArrayList<>();
        List<CodedCondition> conditions = new ArrayList<>();
        List<String> allergies = new ArrayList<>();
        List<org.trdrules.model.Procedure> procedures = new ArrayList<>();
        List<org.trdrules.model.Medication> otherMedications = new ArrayList<>();
        Boolean suicidal = null;
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            Resource r = e.getResource();
            if (r == null) {
                continue;
            }
            String ref = r.fhirType() + "/" + r.getIdElement().getIdPart();
            if (r instanceof org.hl7.fhir.r4.model.Patient p) {
                patientId = p.getIdElement().getIdPart();
                patient = Patient.builder(patientId);
                if (p.hasBirthDate()) {
                    patient.birthDate(day(p.getBirthDateElement()));
                }
                if (p.hasGender()) {
                    switch (p.getGender()) {
                        case FEMALE -> patient.sex(Sex.FEMALE);
                        case MALE -> patient.sex(Sex.MALE);
                        default -> patient.sex(Sex.OTHER);
                    }
                }
                report.add(new MappingNote(ref, "USED", "birth date and sex"));
            } else if (r instanceof Condition c) {
                condition(c, ref, conditions, episodes, report);
            } else if (r instanceof MedicationStatement ms) {
                CodeableConcept cc = concept(ms.hasMedicationCodeableConcept() ? ms.getMedicationCodeableConcept() : null,
                        ms.hasMedicationReference() ? medications.get(ms.getMedicationReference().getReference()) : null);
                LocalDate start = ms.hasEffectivePeriod() && ms.getEffectivePeriod().hasStart()
                        ? day(ms.getEffectivePeriod().getStartElement())
                        : ms.hasEffectiveDateTimeType() ? day(ms.getEffectiveDateTimeType()) : null;
                LocalDate end = ms.hasEffectivePeriod() && ms.getEffectivePeriod().hasEnd()
                        ? day(ms.getEffectivePeriod().getEndElement()) : null;
                medication(ref, cc, start, end, ms.getDosage(), records, otherMedications, report);
            } else if (r instanceof MedicationRequest mr) {
                CodeableConcept cc = concept(mr.hasMedicationCodeableConcept() ? mr.getMedicationCodeableConcept() : null,
                        mr.hasMedicationReference() ? medications.get(mr.getMedicationReference().getReference()) : null);
                LocalDate start = mr.hasAuthoredOn() ? day(mr.getAuthoredOnElement()) : null;
                LocalDate end = null;
                if (start != null && mr.hasDispenseRequest() && mr.getDispenseRequest().hasExpectedSupplyDuration()) {
                    long days = Math.round(mr.getDispenseRequest().getExpectedSupplyDuration().getValue().doubleValue());
                    end = start.plusDays(Math.max(0, days - 1));
                }
                medication(ref, cc, start, end, mr.getDosageInstruction(), records, otherMedications, report);
            } else if (r instanceof MedicationDispense md) {
                CodeableConcept cc = concept(md.hasMedicationCodeableConcept() ? md.getMedicationCodeableConcept() : null,
                        md.hasMedicationReference() ? medications.get(md.getMedicationReference().getReference()) : null);
                LocalDate start = md.hasWhenHandedOver() ? day(md.getWhenHandedOverElement()) : null;
                LocalDate end = null;
                if (start != null && md.hasDaysSupply()) {
                    end = start.plusDays(Math.max(0, Math.round(md.getDaysSupply().getValue().doubleValue()) - 1));
                }
                medication(ref, cc, start, end, md.getDosageInstruction(), records, otherMedications, report);
            } else if (r instanceof Observation o) {
                Boolean si = observation(o, ref, measurements, report);
                if (si != null) {
                    suicidal = Boolean.TRUE.equals(suicidal) || si;
                }
            } else if (r instanceof Procedure pr) {
                procedure(pr, ref, procedures, report);
            } else if (r instanceof AllergyIntolerance ai) {
                String name = ai.hasCode() ? text(ai.getCode()) : null;
                Coding rx = coding(ai.getCode(), RXNORM);
                Optional<Resolved> res = resolve(rx == null ? null : rx.getCode(), name);
                if (res.isPresent()) {
                    allergies.add(res.get().drug().ingredient());
                    report.add(new MappingNote(ref, "USED", "hypersensitivity to " + res.get().drug().ingredient()));
                } else if (name != null) {
                    allergies.add(name);
                    report.add(new MappingNote(ref, "PARTIAL", "substance not in the drug catalogue; kept by name"));
                } else {
                    report.add(new MappingNote(ref, "NOT_USED", "no substance code or text"));
                }
            } else if (!(r instanceof Medication)) {
                report.add(new MappingNote(ref, "NOT_USED", "resource type not used by the rules"));
            }
        }
        if (patient == null) {
            patient = Patient.builder(patientId);
            report.add(new MappingNote("Patient", "NOT_USED", "no Patient resource: birth date and sex unknown"));
        }
        episodes.sort(Comparator.comparing(Episode::onset, Comparator.nullsFirst(Comparator.naturalOrder())));
        episodes.forEach(patient::episode);
        conditions.forEach(patient::condition);
        measurements.forEach(patient::measurement);
        allergies.forEach(patient::allergy);
        mergeSessions(procedures, report).forEach(patient::procedure);
        otherMedications.forEach(patient::medication);
        if (suicidal != null && suicidal) {
            patient.suicidalIdeation(true);
        }
        courses(records, patient, report);
        return new FhirMapping(patient.build(), report);
    }

    private void condition(Condition c, String ref, List<CodedCondition> conditions, List<Episode> episodes,
                           List<MappingNote> report) {
        String group = null;
        Coding used = null;
        for (Coding cd : c.getCode().getCoding()) {
            String g = codeGroups.get(cd.getSystem() + "|" + cd.getCode());
            if (g != null) {
                group = g;
                used = cd;
                break;
            }
        }
        for (Coding cd : c.getCode().getCoding()) {
            if (cd.hasCode()) {
                conditions.add(new CodedCondition(cd.getSystem(), cd.getCode(), cd.getDisplay()));
            }
        }
        if ("MAJOR_DEPRESSION".equals(group)) {
            LocalDate onset = c.hasOnsetDateTimeType() ? day(c.getOnsetDateTimeType())
                    : c.hasOnsetPeriod() && c.getOnsetPeriod().hasStart() ? day(c.getOnsetPeriod().getStartElement()) : null;
            LocalDate end = c.hasAbatementDateTimeType() ? day(c.getAbatementDateTimeType()) : null;
            Episode.Builder b = Episode.builder(c.getIdElement().getIdPart()).onset(onset).end(end);
            String code = used.getCode();
            if (code.matches("F3[23]\\.0")) {
                b.severity(Severity.MILD);
            } else if (code.matches("F3[23]\\.1")) {
                b.severity(Severity.MODERATE);
            } else if (code.matches("F3[23]\\.2")) {
                b.severity(Severity.SEVERE).psychoticFeatures(false);
            } else if (code.matches("F3[23]\\.3")) {
                b.severity(Severity.SEVERE).psychoticFeatures(true);
            }
            episodes.add(b.build());
            report.add(new MappingNote(ref, "USED", "major depression (" + code + "): episode"
                    + (onset == null ? " without onset" : "") + "; code kept as a condition"));
        } else if ("BIPOLAR".equals(group)) {
            report.add(new MappingNote(ref, "USED", "bipolar disorder (" + used.getCode() + "): the TRD definitions are"
                    + " for unipolar major depression, so they report NOT_MET with this reason"));
        } else {
            report.add(new MappingNote(ref, "USED", "coded condition kept for safety, risk and eligibility rules"));
        }
    }

    private static CodeableConcept concept(CodeableConcept inline, Medication referenced) {
        if (inline != null) {
            return inline;
        }
        return referenced != null && referenced.hasCode() ? referenced.getCode() : null;
    }

    private void medication(String ref, CodeableConcept cc, LocalDate start, LocalDate end, List<Dosage> dosage,
                            List<Record> records, List<org.trdrules.model.Medication> other, List<MappingNote> report) {
        if (cc == null) {
            report.add(new MappingNote(ref, "NOT_USED", "no medication code"));
            return;
        }
        Coding rx = coding(cc, RXNORM);
        Optional<Resolved> res = resolve(rx == null ? null : rx.getCode(), text(cc));
        if (res.isEmpty()) {
            other.add(new org.trdrules.model.Medication(ref.replace('/', '-'), text(cc) == null ? "unknown" : text(cc),
                    start, end));
            report.add(new MappingNote(ref, "PARTIAL", "not an antidepressant or augmentation agent in the catalogue:"
                    + " kept as another medication for interaction checks"));
            return;
        }
        Double daily = dailyMg(dosage, res.get().strengthMg());
        if (start == null) {
            report.add(new MappingNote(ref, "NOT_USED", res.get().drug().ingredient() + ": no date"));
            return;
        }
        records.add(new Record(ref, res.get().drug(), start, end != null ? end : start, daily));
        report.add(new MappingNote(ref, "USED", res.get().drug().ingredient() + " (" + res.get().how() + ")"
                + (daily == null ? "; daily dose not derivable" : "")));
    }

    /** Daily dose in mg: dose quantity (mg, or units x strength) x frequency per day. */
    static Double dailyMg(List<Dosage> dosage, Double strengthMg) {
        for (Dosage d : dosage) {
            if (!d.hasDoseAndRate() || !d.getDoseAndRateFirstRep().hasDoseQuantity()) {
                continue;
            }
            var q = d.getDoseAndRateFirstRep().getDoseQuantity();
            double perDose = q.getValue().doubleValue();
            String unit = (q.hasCode() ? q.getCode() : q.getUnit() == null ? "" : q.getUnit()).toLowerCase(Locale.ROOT);
            if (!unit.equals("mg")) {
                if (strengthMg == null) {
                    return null;
                }
                perDose *= strengthMg;
            }
            double perDay = 1;
            if (d.hasTiming() && d.getTiming().hasRepeat()) {
                Timing.TimingRepeatComponent rep = d.getTiming().getRepeat();
                int freq = rep.hasFrequency() ? rep.getFrequency() : 1;
                double period = rep.hasPeriod() ? rep.getPeriod().doubleValue() : 1;
                String pu = rep.hasPeriodUnit() ? rep.getPeriodUnit().toCode() : "d";
                double days = switch (pu) {
                    case "h" -> period / 24.0;
                    case "wk" -> period * 7;
                    case "mo" -> period * 30;
                    default -> period;
                };
                perDay = freq / days;
            }
            return perDose * perDay;
        }
        return null;
    }

    /** Merges records of one ingredient into courses and attaches augmenting courses to antidepressant courses. */
    private void courses(List<Record> records, Patient.Builder patient, List<MappingNote> report) {
        Map<String, List<Record>> byDrug = new LinkedHashMap<>();
        records.sort(Comparator.comparing(Record::start));
        for (Record r : records) {
            byDrug.computeIfAbsent(r.drug().ingredient(), k -> new ArrayList<>()).add(r);
        }
        record Course(Drug drug, LocalDate start, LocalDate end, Double firstDose, Double maxDose, int records) {}
        List<Course> ad = new ArrayList<>();
        List<Course> aug = new ArrayList<>();
        for (List<Record> rs : byDrug.values()) {
            Course cur = null;
            for (Record r : rs) {
                if (cur != null && !r.start().isAfter(cur.end().plusDays(allowedGapDays + 1L))) {
                    Double max = r.dailyMg() == null ? cur.maxDose()
                            : cur.maxDose() == null ? r.dailyMg() : Math.max(cur.maxDose(), r.dailyMg());
                    cur = new Course(cur.drug(), cur.start(), r.end().isAfter(cur.end()) ? r.end() : cur.end(),
                            cur.firstDose() == null ? r.dailyMg() : cur.firstDose(), max, cur.records() + 1);
                } else {
                    if (cur != null) {
                        (cur.drug().antidepressant() ? ad : aug).add(cur);
                    }
                    cur = new Course(r.drug(), r.start(), r.end(), r.dailyMg(), r.dailyMg(), 1);
                }
            }
            (cur.drug().antidepressant() ? ad : aug).add(cur);
        }
        ad.sort(Comparator.comparing(Course::start));
        Map<Course, List<Course>> addOns = new HashMap<>();
        // a second antidepressant overlapping an earlier one for at least COMBINATION_OVERLAP_DAYS is a combination;
        // a shorter overlap is read as a cross-taper switch
        List<Course> bases = new ArrayList<>();
        Map<Course, Course> combinedInto = new HashMap<>();
        for (Course c : ad) {
            Course base = null;
            for (Course b : bases) {
                if (overlapDays(c.start(), c.end(), b.start(), b.end()) >= COMBINATION_OVERLAP_DAYS) {
                    base = b;
                    break;
                }
            }
            if (base != null) {
                combinedInto.put(c, base);
                addOns.computeIfAbsent(base, k -> new ArrayList<>()).add(c);
            } else {
                bases.add(c);
            }
        }
        ad.removeAll(combinedInto.keySet());
        for (Course a : aug) {
            Course best = null;
            long bestOverlap = 0;
            for (Course c : ad) {
                long overlap = overlapDays(a.start(), a.end(), c.start(), c.end());
                if (overlap > bestOverlap) {
                    best = c;
                    bestOverlap = overlap;
                }
            }
            if (best == null) {
                report.add(new MappingNote("course:" + a.drug().ingredient(), "NOT_USED",
                        "augmentation agent without an overlapping antidepressant course"));
            } else {
                addOns.computeIfAbsent(best, k -> new ArrayList<>()).add(a);
            }
        }
        int n = 0;
        for (Course c : ad) {
            n++;
            AntidepressantTrial.Builder t = AntidepressantTrial.builder("rx" + n, c.drug().ingredient())
                    .dailyDoseMg(c.maxDose()).start(c.start()).end(c.end())
                    .doseOptimised(c.firstDose() != null && c.maxDose() != null ? c.maxDose() > c.firstDose() : null);
            int k = 0;
            for (Course a : addOns.getOrDefault(c, List.of())) {
                k++;
                t.addOn(AddOn.builder("rx" + n + "a" + k, a.drug().ingredient())
                        .kind(a.drug().antidepressant() ? AddOnKind.COMBINATION : AddOnKind.AUGMENTATION)
                        .dailyDoseMg(a.maxDose()).start(a.start()).end(a.end()).build());
            }
            patient.trial(t.build());
            report.add(new MappingNote("course:rx" + n, "USED", c.drug().ingredient() + " course from " + c.records()
                    + " record(s), " + (java.time.temporal.ChronoUnit.DAYS.between(c.start(), c.end()) + 1)
                    + " days covered; outcome not in the record"));
        }
    }

    private static long overlapDays(LocalDate s1, LocalDate e1, LocalDate s2, LocalDate e2) {
        LocalDate s = s1.isAfter(s2) ? s1 : s2;
        LocalDate e = e1.isBefore(e2) ? e1 : e2;
        return e.isBefore(s) ? 0 : java.time.temporal.ChronoUnit.DAYS.between(s, e) + 1;
    }

    /** PHQ-9 totals become measurements; item 9 answers set suicidal ideation when above 0. */
    private Boolean observation(Observation o, String ref, List<Measurement> out, List<MappingNote> report) {
        Coding loinc = coding(o.getCode(), LOINC);
        if (loinc == null) {
            report.add(new MappingNote(ref, "NOT_USED", "no LOINC code"));
            return null;
        }
        LocalDate date = o.hasEffectiveDateTimeType() ? day(o.getEffectiveDateTimeType()) : null;
        String code = loinc.getCode();
        if ("PHQ9_TOTAL".equals(codeGroups.get(LOINC + "|" + code))) {
            Double v = o.hasValueQuantity() ? o.getValueQuantity().getValue().doubleValue()
                    : o.hasValueIntegerType() ? o.getValueIntegerType().getValue().doubleValue() : null;
            if (v == null || date == null) {
                report.add(new MappingNote(ref, "NOT_USED", "PHQ-9 total without a value or date"));
                return null;
            }
            if (v < Instrument.PHQ9.min() || v > Instrument.PHQ9.max()) {
                report.add(new MappingNote(ref, "NOT_USED", "PHQ-9 total outside 0-27"));
                return null;
            }
            out.add(new Measurement(o.getIdElement().getIdPart(), Instrument.PHQ9, v, date, null));
            report.add(new MappingNote(ref, "USED", "PHQ-9 total (" + code + ")"));
            return null;
        }
        if (code.equals("44260-8") || code.equals("54652-3") || code.equals("54653-1")) {
            Integer v = o.hasValueIntegerType() ? o.getValueIntegerType().getValue()
                    : o.hasValueCodeableConcept() && coding(o.getValueCodeableConcept(), LOINC) != null
                    ? LA_ITEM9.get(coding(o.getValueCodeableConcept(), LOINC).getCode()) : null;
            if (v == null) {
                report.add(new MappingNote(ref, "NOT_USED", "PHQ-9 item 9 without a readable answer"));
                return null;
            }
            report.add(new MappingNote(ref, "USED", "PHQ-9 item 9 (" + code + ")"
                    + (v > 0 ? ": above 0, suicide-risk finding" : "")));
            return v > 0 ? Boolean.TRUE : Boolean.FALSE;
        }
        report.add(new MappingNote(ref, "NOT_USED", "observation code " + code + " not used (MADRS, HAM-D and QIDS"
                + " have no confirmed LOINC code)"));
        return null;
    }

    private void procedure(Procedure p, String ref, List<org.trdrules.model.Procedure> out, List<MappingNote> report) {
        String group = null;
        for (Coding c : p.getCode().getCoding()) {
            group = codeGroups.get(c.getSystem() + "|" + c.getCode());
            if (group != null) {
                break;
            }
        }
        if (!"ECT".equals(group) && !"RTMS".equals(group)) {
            report.add(new MappingNote(ref, "NOT_USED", "procedure code not recognised (ECT: CPT 90870; rTMS: CPT"
                    + " 90867-90869)"));
            return;
        }
        LocalDate date = p.hasPerformedDateTimeType() ? day(p.getPerformedDateTimeType())
                : p.hasPerformedPeriod() && p.getPerformedPeriod().hasStart()
                ? day(p.getPerformedPeriod().getStartElement()) : null;
        out.add(org.trdrules.model.Procedure.builder(p.getIdElement().getIdPart(),
                "ECT".equals(group) ? ProcedureType.ECT : ProcedureType.RTMS).start(date).end(date).sessions(1).build());
        report.add(new MappingNote(ref, "USED", group + " session"));
    }

    /** Sessions of one procedure type no further apart than the allowed gap form one course. */
    private List<org.trdrules.model.Procedure> mergeSessions(List<org.trdrules.model.Procedure> sessions,
                                                             List<MappingNote> report) {
        List<org.trdrules.model.Procedure> out = new ArrayList<>();
        Map<ProcedureType, List<org.trdrules.model.Procedure>> byType = new LinkedHashMap<>();
        for (org.trdrules.model.Procedure p : sessions) {
            if (p.start() == null) {
                report.add(new MappingNote("Procedure/" + p.id(), "NOT_USED", "session without a date"));
                continue;
            }
            byType.computeIfAbsent(p.type(), k -> new ArrayList<>()).add(p);
        }
        int n = 0;
        for (List<org.trdrules.model.Procedure> ps : byType.values()) {
            ps.sort(Comparator.comparing(org.trdrules.model.Procedure::start));
            LocalDate start = null;
            LocalDate end = null;
            int count = 0;
            ProcedureType type = ps.get(0).type();
            for (org.trdrules.model.Procedure p : ps) {
                if (start != null && p.start().isAfter(end.plusDays(allowedGapDays + 1L))) {
                    out.add(org.trdrules.model.Procedure.builder("course" + (++n), type).start(start).end(end)
                            .sessions(count).build());
                    start = null;
                }
                if (start == null) {
                    start = p.start();
                    count = 0;
                }
                end = p.start();
                count++;
            }
            out.add(org.trdrules.model.Procedure.builder("course" + (++n), type).start(start).end(end)
                    .sessions(count).build());
        }
        return out;
    }

    private static Coding coding(CodeableConcept cc, String system) {
        if (cc == null) {
            return null;
        }
        for (Coding c : cc.getCoding()) {
            if (system.equals(c.getSystem())) {
                return c;
            }
        }
        return null;
    }

    private static String text(CodeableConcept cc) {
        if (cc == null) {
            return null;
        }
        if (cc.hasText()) {
            return cc.getText();
        }
        for (Coding c : cc.getCoding()) {
            if (c.hasDisplay()) {
                return c.getDisplay();
            }
        }
        return null;
    }

    private static LocalDate day(BaseDateTimeType t) {
        String s = t.getValueAsString();
        if (s == null) {
            return null;
        }
        if (s.length() == 4) {
            s += "-01-01";
        } else if (s.length() == 7) {
            s += "-01";
        }
        return LocalDate.parse(s.substring(0, 10));
    }
}
