package org.trdrules.fhir;

import static org.trdrules.fhir.FhirValues.code;
import static org.trdrules.fhir.FhirValues.day;
import static org.trdrules.fhir.FhirValues.reference;
import static org.trdrules.fhir.FhirValues.text;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.AllergyIntolerance;
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
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.trdrules.catalog.Drug;
import org.trdrules.catalog.DrugRole;
import org.trdrules.fhir.Terminology.Component;
import org.trdrules.fhir.Terminology.Product;
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
 * One reading of one Bundle: the resources (already parsed, each with its entry path) mapped into a history, every
 * resource and unusable element reported. Not thread-safe: one per read.
 */
final class BundleReading {

    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String LOINC = "http://loinc.org";
    private static final Map<String, Integer> LA_ITEM9 = Map.of("LA6568-5", 0, "LA6569-3", 1, "LA6570-1", 2,
            "LA6571-9", 3);
    /** PHQ-9 item 9 (LOINC 44260-8 and the MDS 3.0 variants): the value set {@code phq9-item9}. */
    static boolean isItem9(String loinc) {
        return VALUE_SETS.contains("phq9-item9", LOINC, loinc);
    }

    private static final org.trdrules.engine.ValueSets VALUE_SETS = org.trdrules.engine.ValueSets.bundled();
    private static final Set<String> OBSERVATION_USED = Set.of("final", "amended", "corrected");
    /** Condition verification statuses of a diagnosis not (yet) established. */
    private static final Set<String> UNESTABLISHED = Set.of("unconfirmed", "provisional", "differential");

    /** A parsed resource and where it sits in the Bundle. */
    record Entry(Resource resource, String path, String fullUrl) {}

    /** One medication record before merging into courses. */
    /** One medication record; {@code stopped}: its status says it was stopped (a stopped or completed order...). */
    private record Record(String resource, Drug drug, LocalDate start, LocalDate end, boolean running,
                          Double dailyMg, boolean stopped) {}

    private final FhirPatientReader reader;
    private final LocalDate today;
    private final List<MappingNote> report = new ArrayList<>();
    private final Map<String, Medication> medications = new HashMap<>();
    private final Set<String> patientRefs = new HashSet<>();
    private final List<Episode> episodes = new ArrayList<>();
    private final List<Record> records = new ArrayList<>();
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<CodedCondition> conditions = new ArrayList<>();
    private final List<String> allergies = new ArrayList<>();
    private final List<org.trdrules.model.Procedure> procedures = new ArrayList<>();
    private final List<org.trdrules.model.Medication> otherMedications = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private Boolean suicidal;
    // latest physiology and pharmacogenomic results, each with the date it was taken (null date = undated)
    private Double systolic;
    private Double diastolic;
    private LocalDate bpDate;
    private Double egfr;
    private LocalDate egfrDate;
    private final Map<String, org.trdrules.model.MetaboliserPhenotype> phenotypes = new HashMap<>();
    private Patient.Builder patient;

    BundleReading(FhirPatientReader reader, LocalDate evaluationDate, List<MappingNote> notes) {
        this.reader = reader;
        this.today = evaluationDate;
        this.report.addAll(notes);
    }

    FhirMapping map(List<Entry> entries) {
        List<Entry> rest = new ArrayList<>();
        for (Entry e : entries) {
            Resource r = e.resource();
            if (r instanceof Medication m) {
                medications.put(FhirValues.normalise(ref(r)), m);
                if (e.fullUrl() != null) {
                    medications.put(FhirValues.normalise(e.fullUrl()), m);
                }
                note(ref(r), MappingStatus.USED, e.path(), "medication definition (read where referenced)");
            } else if (r instanceof org.hl7.fhir.r4.model.Patient p && patient == null) {
                try {
                    patient(p, e);
                } catch (RuntimeException ex) {
                    patient = null;
                    note(ref(r), MappingStatus.NOT_USED, e.path(), "could not be mapped (reader defect "
                            + ex.getClass().getSimpleName() + "; please report)");
                }
            } else {
                rest.add(e);
            }
        }
        for (Entry e : rest) {
            try {
                resource(e);
            } catch (RuntimeException ex) {
                // last line of defence: one resource never sinks the Bundle; the fuzz tests keep this at zero
                note(ref(e.resource()), MappingStatus.NOT_USED, e.path(),
                        "could not be mapped (reader defect " + ex.getClass().getSimpleName() + "; please report)");
            }
        }
        if (patient == null) {
            patient = Patient.builder("unknown");
            note("Patient", MappingStatus.NOT_USED, "Bundle.entry", "no Patient resource: birth date and sex unknown");
        }
        episodes.sort(Comparator.comparing(Episode::onset, Comparator.nullsFirst(Comparator.naturalOrder())));
        episodes.forEach(patient::episode);
        conditions.forEach(patient::condition);
        measurements.forEach(patient::measurement);
        allergies.forEach(patient::allergy);
        mergeSessions().forEach(patient::procedure);
        otherMedications.forEach(patient::medication);
        if (Boolean.TRUE.equals(suicidal)) {
            patient.suicidalIdeation(true);
        }
        if (systolic != null || diastolic != null || egfr != null) {
            patient.physiology(org.trdrules.model.Physiology.builder().bloodPressure(systolic, diastolic, bpDate)
                    .egfr(egfr, egfrDate).build());
        }
        if (!phenotypes.isEmpty()) {
            patient.pharmacogenomics(new org.trdrules.model.Pharmacogenomics(phenotypes.get("CYP2D6"), phenotypes.get("CYP2C19")));
        }
        courses();
        // in Bundle order, derived courses last (a stable sort keeps the order within an entry)
        report.sort(Comparator.comparingInt(BundleReading::entryIndex));
        return new FhirMapping(patient.build(), report);
    }

    private static int entryIndex(MappingNote n) {
        String p = n.path();
        if (!p.startsWith("Bundle.entry[")) {
            return p.isEmpty() ? Integer.MAX_VALUE : -1;
        }
        int end = p.indexOf(']');
        try {
            return Integer.parseInt(p.substring("Bundle.entry[".length(), end));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE - 1;
        }
    }

    private void note(String resource, MappingStatus status, String path, String reason) {
        report.add(new MappingNote(resource, status, path, reason));
    }

    private static String ref(Resource r) {
        String id = r.getIdElement() == null ? null : r.getIdElement().getIdPart();
        return r.fhirType() + "/" + (id == null || id.isBlank() ? "(no id)" : id);
    }

    /** A model id from a resource id, unique within the history. */
    private String id(Resource r, String prefix) {
        String base = r.getIdElement() == null || r.getIdElement().getIdPart() == null
                ? prefix : r.getIdElement().getIdPart();
        return unique(base);
    }

    /** The candidate, or the candidate with a suffix when another element of the history already has it. */
    private String unique(String candidate) {
        String id = candidate;
        for (int n = 2; !ids.add(id); n++) {
            id = candidate + "-" + n;
        }
        return id;
    }

    private void patient(org.hl7.fhir.r4.model.Patient p, Entry e) {
        String id = p.getIdElement() == null ? null : p.getIdElement().getIdPart();
        patient = Patient.builder(id == null || id.isBlank() ? "unknown" : id);
        patientRefs.add(ref(p));
        if (e.fullUrl() != null) {
            patientRefs.add(FhirValues.normalise(e.fullUrl()));
        }
        LocalDate birth = p.hasBirthDateElement() ? day(p.getBirthDateElement()) : null;
        if (birth != null && !birth.isAfter(today)) {
            patient.birthDate(birth);
        }
        String gender = FhirValues.status(p.getGenderElement());
        if ("female".equals(gender)) {
            patient.sex(Sex.FEMALE);
        } else if ("male".equals(gender)) {
            patient.sex(Sex.MALE);
        } else if ("other".equals(gender)) {
            patient.sex(Sex.OTHER);
        }
        note(ref(p), birth == null || birth.isAfter(today) ? MappingStatus.PARTIAL : MappingStatus.USED, e.path(),
                birth == null ? "sex; no usable birthDate" : birth.isAfter(today) ? "sex; birthDate after the evaluation"
                        + " date ignored" : "birth date and sex");
    }

    /** False (with a note) when the resource points at a patient other than the Bundle's. */
    private boolean samePatient(Entry e, Reference subject, String element) {
        String raw = subject == null || !subject.hasReference() ? null : subject.getReference().trim();
        if (raw != null && raw.startsWith("Patient?")) {
            // a conditional reference (transaction Bundles): it cannot be resolved here; in a one-patient Bundle it
            // names that patient
            return true;
        }
        String s = reference(subject);
        if (s == null || patientRefs.isEmpty() || patientRefs.contains(s)) {
            return true;
        }
        note(ref(e.resource()), MappingStatus.NOT_USED, e.path() + "." + element,
                "refers to another patient than the Bundle's Patient");
        return false;
    }

    private void resource(Entry e) {
        Resource r = e.resource();
        if (r instanceof org.hl7.fhir.r4.model.Patient) {
            note(ref(r), MappingStatus.NOT_USED, e.path(), "a second Patient resource: the first one is used");
        } else if (r instanceof Condition c) {
            if (samePatient(e, c.getSubject(), "subject")) {
                condition(c, e);
            }
        } else if (r instanceof MedicationStatement ms) {
            if (samePatient(e, ms.getSubject(), "subject")) {
                statement(ms, e);
            }
        } else if (r instanceof MedicationRequest mr) {
            if (samePatient(e, mr.getSubject(), "subject")) {
                request(mr, e);
            }
        } else if (r instanceof MedicationDispense md) {
            if (samePatient(e, md.getSubject(), "subject")) {
                dispense(md, e);
            }
        } else if (r instanceof Observation o) {
            if (samePatient(e, o.getSubject(), "subject")) {
                observation(o, e);
            }
        } else if (r instanceof Procedure pr) {
            if (samePatient(e, pr.getSubject(), "subject")) {
                procedure(pr, e);
            }
        } else if (r instanceof AllergyIntolerance ai) {
            if (samePatient(e, ai.getPatient(), "patient")) {
                allergy(ai, e);
            }
        } else {
            note(ref(r), MappingStatus.OUT_OF_SCOPE, e.path(), "resource type not used by the rules");
        }
    }

    // ---------------------------------------------------------------- conditions

    private void condition(Condition c, Entry e) {
        String verification = FhirValues.statusCode(c.getVerificationStatus(),
                "http://terminology.hl7.org/CodeSystem/condition-ver-status");
        if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
            note(ref(c), MappingStatus.NOT_USED, e.path() + ".verificationStatus", "verification status "
                    + verification + ": ignored");
            return;
        }
        String group = null;
        Coding used = null;
        for (Coding cd : c.getCode().getCoding()) {
            if (cd == null || !cd.hasCode() || !cd.hasSystem()) {
                continue;
            }
            String g = reader.codeGroup(cd.getSystem(), cd.getCode().trim());
            if (g != null) {
                group = g;
                used = cd;
                break;
            }
        }
        boolean provisional = UNESTABLISHED.contains(String.valueOf(verification));
        boolean any = false;
        for (Coding cd : c.getCode().getCoding()) {
            if (cd != null && cd.hasCode() && !cd.getCode().isBlank()) {
                conditions.add(new CodedCondition(cd.getSystem(), cd.getCode().trim(), cd.getDisplay(),
                        provisional ? Boolean.TRUE : null));
                any = true;
            }
        }
        if (any && "BIPOLAR".equals(group) && provisional) {
            // neither an exclusion nor nothing: a met definition becomes undecided until it is confirmed or refuted
            note(ref(c), MappingStatus.PARTIAL, e.path() + ".verificationStatus", "bipolar disorder ("
                    + used.getCode() + ") recorded as " + verification + ": a met TRD definition stays undecided until"
                    + " it is confirmed or refuted");
            return;
        }
        if (!any) {
            note(ref(c), MappingStatus.NOT_USED, e.path() + ".code.coding", "no coded condition");
            return;
        }
        if ("MAJOR_DEPRESSION".equals(group)) {
            episode(c, e, used.getSystem(), used.getCode().trim());
        } else if ("BIPOLAR".equals(group)) {
            note(ref(c), MappingStatus.USED, e.path() + ".code", "bipolar disorder (" + used.getCode() + "): the TRD"
                    + " definitions are for unipolar major depression, so they report NOT_MET with this reason");
        } else {
            note(ref(c), MappingStatus.USED, e.path() + ".code", "coded condition kept for safety, risk and"
                    + " eligibility rules");
        }
    }

    private void episode(Condition c, Entry e, String system, String code) {
        LocalDate onset = c.hasOnsetDateTimeType() ? day(c.getOnsetDateTimeType())
                : c.hasOnsetPeriod() ? day(c.getOnsetPeriod().getStartElement()) : null;
        LocalDate end = c.hasAbatementDateTimeType() ? FhirValues.lastDay(c.getAbatementDateTimeType())
                : c.hasAbatementPeriod() ? FhirValues.lastDay(c.getAbatementPeriod().getEndElement()) : null;
        String clinical = FhirValues.statusCode(c.getClinicalStatus(),
                "http://terminology.hl7.org/CodeSystem/condition-clinical");
        List<String> partial = new ArrayList<>();
        if (onset != null && onset.isAfter(today)) {
            note(ref(c), MappingStatus.NOT_USED, e.path() + ".onset[x]", "major depression with an onset after the"
                    + " evaluation date");
            return;
        }
        if (end != null && end.isAfter(today)) {
            end = null;
            partial.add("abatement after the evaluation date read as an open episode");
        }
        if (end != null && onset != null && end.isBefore(onset)) {
            end = null;
            partial.add("abatement before onset ignored");
        }
        if (end == null && clinical != null && Set.of("inactive", "remission", "resolved").contains(clinical)) {
            partial.add("clinical status " + clinical + " without an abatement date: end unknown, read as open");
        }
        if (onset == null) {
            partial.add("no onset");
        }
        Episode.Builder b = Episode.builder(id(c, "episode")).onset(onset).end(end);
        Severity severity = reader.severity(system, code);
        if (severity != null) {
            b.severity(severity);
        }
        Boolean psychotic = reader.psychoticFeatures(system, code);
        if (psychotic != null) {
            b.psychoticFeatures(psychotic);
        }
        episodes.add(b.build());
        note(ref(c), partial.isEmpty() ? MappingStatus.USED : MappingStatus.PARTIAL, e.path(),
                "major depression (" + code + "): episode; code kept as a condition"
                        + (partial.isEmpty() ? "" : "; " + String.join("; ", partial)));
    }

    // ---------------------------------------------------------------- medications

    /** Request intents that are orders; proposals, plans and options are not courses. */
    private static final Set<String> ORDER_INTENTS = Set.of("order", "original-order", "reflex-order",
            "filler-order", "instance-order");

    private boolean ignoredStatus(Resource r, Entry e, String status, Set<String> ignored) {
        if (status != null && ignored.contains(status)) {
            note(ref(r), MappingStatus.NOT_USED, e.path() + ".status", "status " + status + ": ignored");
            return true;
        }
        return false;
    }

    private void statement(MedicationStatement ms, Entry e) {
        String status = FhirValues.status(ms.getStatusElement());
        if (ignoredStatus(ms, e, status, Set.of("entered-in-error", "not-taken", "intended"))) {
            return;
        }
        LocalDate start = null;
        LocalDate end = null;
        if (ms.hasEffectivePeriod()) {
            start = day(ms.getEffectivePeriod().getStartElement());
            end = FhirValues.lastDay(ms.getEffectivePeriod().getEndElement());
        } else if (ms.hasEffectiveDateTimeType()) {
            start = day(ms.getEffectiveDateTimeType());
        }
        boolean active = status == null || "active".equals(status);
        Boolean ongoing = end == null && "active".equals(status) ? Boolean.TRUE : end == null ? Boolean.FALSE : null;
        medication(ms, e, ms.getMedication(), ms.getContained(), start, end, ongoing, active, ms.getDosage(),
                ongoing == Boolean.FALSE ? "effectivePeriod.end" : null);
    }

    private void request(MedicationRequest mr, Entry e) {
        String status = FhirValues.status(mr.getStatusElement());
        if (ignoredStatus(mr, e, status, Set.of("entered-in-error", "cancelled", "draft"))) {
            return;
        }
        String intent = FhirValues.status(mr.getIntentElement());
        if (intent != null && !ORDER_INTENTS.contains(intent)) {
            note(ref(mr), MappingStatus.NOT_USED, e.path() + ".intent", "intent " + intent + ": not an order");
            return;
        }
        if (mr.hasDoNotPerform() && mr.getDoNotPerform()) {
            note(ref(mr), MappingStatus.NOT_USED, e.path() + ".doNotPerform", "an order not to give the drug");
            return;
        }
        LocalDate start = mr.hasAuthoredOnElement() ? day(mr.getAuthoredOnElement()) : null;
        LocalDate end = null;
        String missing = null;
        MedicationRequest.MedicationRequestDispenseRequestComponent dr = mr.getDispenseRequest();
        Long days = dr != null && dr.hasExpectedSupplyDuration() ? FhirValues.days(dr.getExpectedSupplyDuration()) : null;
        if (start == null && dr != null && dr.hasValidityPeriod()) {
            start = day(dr.getValidityPeriod().getStartElement());
        }
        boolean refills = dr != null && dr.hasNumberOfRepeatsAllowed() && dr.getNumberOfRepeatsAllowed() > 0;
        if (refills) {
            // refills authorised: how many were filled is not in the order, so neither is the end of supply
            missing = "dispenseRequest.numberOfRepeatsAllowed (refills authorised; the dispenses say how many were"
                    + " filled)";
        } else if (start != null && days != null) {
            end = start.plusDays(days - 1);
        } else if (start != null) {
            end = boundsEnd(mr.getDosageInstruction(), start);
            if (end == null) {
                missing = dr != null && dr.hasExpectedSupplyDuration()
                        ? "dispenseRequest.expectedSupplyDuration.value" : "dispenseRequest.expectedSupplyDuration";
            }
        }
        boolean active = status == null || "active".equals(status);
        medication(mr, e, mr.getMedication(), mr.getContained(), start, end, end == null ? Boolean.FALSE : null,
                active, mr.getDosageInstruction(), missing);
    }

    private void dispense(MedicationDispense md, Entry e) {
        String status = FhirValues.status(md.getStatusElement());
        if (ignoredStatus(md, e, status, Set.of("entered-in-error", "cancelled", "declined", "preparation"))) {
            return;
        }
        boolean handedOver = status == null || "completed".equals(status);
        LocalDate start = md.hasWhenHandedOverElement() ? day(md.getWhenHandedOverElement())
                : handedOver && md.hasWhenPreparedElement() ? day(md.getWhenPreparedElement()) : null;
        if (start == null && !handedOver) {
            note(ref(md), MappingStatus.NOT_USED, e.path() + ".whenHandedOver", "status " + status
                    + " and no hand-over date: not known to be supplied");
            return;
        }
        Long days = md.hasDaysSupply() ? FhirValues.days(md.getDaysSupply()) : null;
        LocalDate end = start != null && days != null ? start.plusDays(days - 1) : null;
        String missing = end != null || start == null ? null
                : md.hasDaysSupply() ? "daysSupply.value" : "daysSupply";
        medication(md, e, md.getMedication(), md.getContained(), start, end, end == null ? Boolean.FALSE : null,
                true, md.getDosageInstruction(), missing);
    }

    /** The end of a dosage's bounds (boundsPeriod.end or boundsDuration from the start), or null. */
    private static LocalDate boundsEnd(List<Dosage> dosage, LocalDate start) {
        for (Dosage d : dosage) {
            if (!d.hasTiming() || !d.getTiming().hasRepeat()) {
                continue;
            }
            var rep = d.getTiming().getRepeat();
            if (rep.hasBoundsPeriod() && rep.getBoundsPeriod().hasEnd()) {
                return FhirValues.lastDay(rep.getBoundsPeriod().getEndElement());
            }
            if (rep.hasBoundsDuration()) {
                Long days = FhirValues.days(rep.getBoundsDuration());
                if (days != null) {
                    return start.plusDays(Math.max(0, days - 1));
                }
            }
        }
        return null;
    }

    /** The medication concept of a record: inline, or a referenced/contained Medication (code, else ingredients). */
    private Optional<Product> product(Type medication, List<Resource> contained, StringBuilder name) {
        if (medication instanceof CodeableConcept cc) {
            name.append(Optional.ofNullable(text(cc)).orElse(""));
            return reader.terminology().resolve(code(cc, RXNORM), text(cc));
        }
        if (medication instanceof Reference r) {
            String target = reference(r);
            Medication m = null;
            if (target != null && target.startsWith("#")) {
                for (Resource c : contained) {
                    String id = c instanceof Medication && c.getIdElement() != null ? c.getIdElement().getIdPart()
                            : null;
                    if (id != null && target.substring(1).equals(id.replace("#", ""))) {
                        m = (Medication) c;
                    }
                }
            } else if (target != null) {
                m = medications.get(target);
            }
            if (m == null) {
                String display = r.hasDisplay() ? r.getDisplay() : null;
                name.append(display == null ? "" : display);
                return display == null ? Optional.empty() : reader.terminology().parse(display);
            }
            CodeableConcept cc = m.hasCode() ? m.getCode() : null;
            name.append(Optional.ofNullable(text(cc)).orElse(""));
            Optional<Product> p = cc == null ? Optional.empty()
                    : reader.terminology().resolve(code(cc, RXNORM), text(cc));
            if (p.isPresent() && p.get().doseForm().isEmpty() && !form(m).isEmpty()) {
                // an ingredient code says no dose form: the Medication's own form does
                p = Optional.of(new Product(p.get().components(), form(m), p.get().how() + ", Medication.form"));
            }
            return p.isPresent() ? p : ingredients(m);
        }
        return Optional.empty();
    }

    /** A product from a Medication's ingredient list (item code or text, strength numerator in mg). */
    private Optional<Product> ingredients(Medication m) {
        List<Component> cs = new ArrayList<>();
        String form = form(m);
        for (Medication.MedicationIngredientComponent i : m.getIngredient()) {
            if (!(i.getItem() instanceof CodeableConcept cc)) {
                continue;
            }
            Optional<Product> one = reader.terminology().resolve(code(cc, RXNORM), text(cc));
            if (one.isEmpty()) {
                continue;
            }
            Component c = one.get().components().get(0);
            Double mg = null;
            if (i.hasStrength() && i.getStrength().hasNumerator()) {
                Double v = FhirValues.number(i.getStrength().getNumerator());
                String unit = i.getStrength().getNumerator().hasCode() ? i.getStrength().getNumerator().getCode() : "";
                Double per = i.getStrength().hasDenominator() ? FhirValues.number(i.getStrength().getDenominator()) : 1.0;
                String perUnit = i.getStrength().hasDenominator() && i.getStrength().getDenominator().hasCode()
                        ? i.getStrength().getDenominator().getCode().trim().toLowerCase(Locale.ROOT) : "";
                if (v != null && per != null && per > 0 && "mg".equalsIgnoreCase(unit)) {
                    mg = v / per;
                    if (perUnit.equals("h")) {
                        mg *= 24; // a transdermal rate: mg per 24 hours of wear
                        form = form + " (mg/24h)";
                    } else if (perUnit.equals("ml")) {
                        form = form + " (mg/mL)";
                    }
                }
            }
            cs.add(new Component(c.name(), c.drug(), mg != null ? mg : c.strengthMg()));
        }
        return cs.isEmpty() ? Optional.empty()
                : Optional.of(new Product(List.copyOf(cs), form.trim(), "Medication.ingredient"));
    }

    /** The dose form of a Medication resource (its text or first display), or "". */
    private static String form(Medication m) {
        String f = m.hasForm() ? text(m.getForm()) : null;
        return f == null ? "" : f;
    }

    /**
     * One medication record.
     *
     * @param mayRun false for a stopped, completed or on-hold order or statement: a supply past the evaluation date
     *               then means a stop on an unrecorded date, never an ongoing course
     */
    private void medication(Resource r, Entry e, Type medication, List<Resource> contained, LocalDate start,
                            LocalDate end, Boolean ongoing, boolean mayRun, List<Dosage> dosage, String missingEnd) {
        StringBuilder name = new StringBuilder();
        Optional<Product> product = product(medication, contained, name);
        String label = name.toString();
        if (start != null && start.isAfter(today)) {
            note(ref(r), MappingStatus.NOT_USED, e.path(), "dated after the evaluation date");
            return;
        }
        if (end != null && start != null && end.isBefore(start)) {
            note(ref(r), MappingStatus.PARTIAL, e.path(), "end before start: end ignored");
            end = null;
            ongoing = Boolean.FALSE;
        }
        if (!mayRun && end != null && end.isAfter(today)) {
            end = null;
            ongoing = Boolean.FALSE;
            missingEnd = "status (stopped before the supply ran out, on an unrecorded date)";
        }
        boolean running = Boolean.TRUE.equals(ongoing) || end != null && end.isAfter(today);
        if (product.isEmpty()) {
            if (name.length() == 0) {
                note(ref(r), MappingStatus.NOT_USED, e.path() + ".medication[x]", medication instanceof Reference
                        ? "medicationReference not found in the Bundle, and no display" : "no medication code or text");
                return;
            }
            other(r, label, start, running ? null : end);
            note(ref(r), MappingStatus.PARTIAL, e.path() + ".medication[x]", "not an antidepressant or augmentation"
                    + " agent in the catalogue: kept as another medication for interaction checks");
            return;
        }
        Product p = product.get();
        if (start == null) {
            // no trial without a start, but the drug is still listed: kept as another medication (no end = taken,
            // as a JSON medication without dates is) so that the interaction checks see it and ask for review
            for (Component c : p.components()) {
                other(r, c.drug() != null ? c.drug().ingredient() : c.name(), null, running ? null : end);
            }
            note(ref(r), MappingStatus.PARTIAL, e.path(), names(p) + ": no start date, kept as another medication"
                    + " for interaction checks");
            return;
        }
        List<Component> drugs = p.components().stream().filter(c -> c.drug() != null).toList();
        if (drugs.isEmpty()) {
            for (Component c : p.components()) {
                other(r, c.name(), start, running ? null : end);
            }
            note(ref(r), MappingStatus.PARTIAL, e.path() + ".medication[x]", names(p) + ": not an antidepressant or"
                    + " augmentation agent in the catalogue, kept as another medication for interaction checks ("
                    + p.how() + ")");
            return;
        }
        boolean combinationProduct = drugs.size() > 1;
        LocalDate last = running ? null : end;
        List<String> parts = new ArrayList<>();
        boolean partial = missingEnd != null;
        boolean dxb = isDextromethorphanBupropion(p) && reader.catalog().find("dextromethorphan-bupropion").isPresent();
        if (dxb) {
            Drug db = reader.catalog().find("dextromethorphan-bupropion").get();
            Double bupropionMg = p.components().stream().filter(c -> "bupropion".equals(c.name())).findFirst()
                    .map(Component::strengthMg).orElse(null);
            drugs = List.of(new Component(db.ingredient(), db, bupropionMg));
            combinationProduct = false;
            parts.add("dextromethorphan-bupropion product (dose as its bupropion component)");
        }
        for (Component c : p.components()) {
            if (c.drug() == null && !(dxb && "dextromethorphan".equals(c.name()))) {
                partial |= keepAsOther(r, c.name(), c.name() + ": not in the catalogue", start, last, parts);
            }
        }
        for (Component c : drugs) {
            Drug d = c.drug();
            boolean perMl = p.doseForm().toLowerCase(Locale.ROOT).contains("ml");
            Dosages.Daily daily = Dosages.daily(dosage, c.strengthMg(), perMl, !combinationProduct,
                    reader.options());
            // kept under the catalogue name, so that washout and interaction checks still see the drug
            if (d.role() == DrugRole.OTHER) {
                partial |= keepAsOther(r, d.ingredient(), d.ingredient() + ": not an antidepressant or augmentation"
                        + " agent", start, last, parts);
            } else if (!p.systemic()) {
                partial |= keepAsOther(r, d.ingredient(), d.ingredient() + " " + p.doseForm().toLowerCase(Locale.ROOT)
                        + ": a local form, not a treatment trial", start, last, parts);
            } else if ("doxepin".equals(d.ingredient()) && (c.strengthMg() != null
                    && c.strengthMg() <= reader.options().lowDoseDoxepinMaxMg() || daily.mg() != null
                    && daily.mg() <= reader.options().lowDoseDoxepinMaxMg())) {
                partial |= keepAsOther(r, d.ingredient(), "low-dose doxepin (at most "
                        + formatMg(reader.options().lowDoseDoxepinMaxMg()) + " mg, a hypnotic): not an antidepressant trial", start, last,
                        parts);
            } else if ("selegiline".equals(d.ingredient()) && !p.transdermal() && !p.doseForm().isEmpty()) {
                partial |= keepAsOther(r, d.ingredient(), "oral selegiline (a Parkinson product): not an"
                        + " antidepressant trial", start, last, parts);
            } else {
                records.add(new Record(ref(r), d, start, last, running, daily.mg(), !mayRun));
                parts.add(d.ingredient() + (daily.mg() == null ? " (daily dose not derivable: " + daily.reason() + ")"
                        : ""));
                partial |= daily.mg() == null;
            }
        }
        if (missingEnd != null) {
            parts.add("duration unknown: " + missingEnd + " absent");
        }
        if (running) {
            parts.add("ongoing at the evaluation date");
        }
        note(ref(r), partial ? MappingStatus.PARTIAL : MappingStatus.USED, e.path(),
                String.join("; ", parts) + " (" + p.how() + ")");
    }

    /** Keeps an ingredient as another medication (interaction and safety checks); always true: the record is partial. */
    private boolean keepAsOther(Resource r, String name, String why, LocalDate start, LocalDate end,
                                List<String> parts) {
        other(r, name, start, end);
        parts.add(why + ", kept as another medication");
        return true;
    }

    private static boolean isDextromethorphanBupropion(Product p) {
        Set<String> names = new HashSet<>();
        p.components().forEach(c -> names.add(c.name()));
        return names.equals(Set.of("dextromethorphan", "bupropion"));
    }

    private static String names(Product p) {
        return String.join(" / ", p.components().stream().map(Component::name).toList());
    }

    private void other(Resource r, String name, LocalDate start, LocalDate end) {
        otherMedications.add(new org.trdrules.model.Medication(id(r, "med"), name, start, end));
    }

    /** Merges records of one ingredient into courses and attaches augmenting courses to antidepressant courses. */
    private void courses() {
        Map<String, List<Record>> byDrug = new LinkedHashMap<>();
        records.sort(Comparator.comparing(Record::start));
        for (Record r : records) {
            byDrug.computeIfAbsent(r.drug().ingredient(), k -> new ArrayList<>()).add(r);
        }
        List<Course> ad = new ArrayList<>();
        List<Course> aug = new ArrayList<>();
        int gap = reader.allowedGapDays();
        for (List<Record> rs : byDrug.values()) {
            Course cur = null;
            for (Record r : rs) {
                if (cur != null && !r.start().isAfter(cur.reach().plusDays(gap + 1L))) {
                    cur.add(r);
                } else {
                    if (cur != null) {
                        (cur.drug.antidepressant() ? ad : aug).add(cur);
                    }
                    cur = new Course(r);
                }
            }
            if (cur != null) {
                (cur.drug.antidepressant() ? ad : aug).add(cur);
            }
        }
        ad.sort(Comparator.comparing(c -> c.start));
        Map<Course, List<Course>> addOns = new HashMap<>();
        // a second antidepressant overlapping an earlier one for at least the combination overlap (FhirPatientReader.Options) is a combination,
        // unless it goes on that long after the earlier one ends: then it is a long cross-taper switch, a trial of its
        // own; a shorter overlap is a cross-taper switch too
        List<Course> bases = new ArrayList<>();
        List<Course> combined = new ArrayList<>();
        for (Course c : ad) {
            Course base = null;
            for (Course b : bases) {
                boolean outlasts = ChronoUnit.DAYS.between(b.reach(), c.reach())
                        >= reader.options().combinationOverlapDays();
                if (overlapDays(c, b) >= reader.options().combinationOverlapDays() && !outlasts) {
                    base = b;
                    break;
                }
            }
            if (base != null) {
                combined.add(c);
                addOns.computeIfAbsent(base, k -> new ArrayList<>()).add(c);
            } else {
                bases.add(c);
            }
        }
        ad.removeAll(combined);
        for (Course a : aug) {
            Course best = null;
            long bestOverlap = 0;
            for (Course c : ad) {
                long overlap = overlapDays(a, c);
                if (overlap > bestOverlap) {
                    best = c;
                    bestOverlap = overlap;
                }
            }
            if (best == null) {
                // not an augmentation, but still taken: kept for the interaction and safety checks
                otherMedications.add(new org.trdrules.model.Medication(unique(a.drug.ingredient()),
                        a.drug.ingredient(), a.start, a.end()));
                note("course:" + a.drug.ingredient(), MappingStatus.PARTIAL, "", String.join(", ", a.resources)
                        + ": augmentation agent without an overlapping antidepressant course, kept as another"
                        + " medication" + (a.end() == null ? " (taken to the evaluation date or to an unrecorded"
                        + " date)" : ""));
            } else {
                addOns.computeIfAbsent(best, k -> new ArrayList<>()).add(a);
            }
        }
        int n = 0;
        for (Course c : ad) {
            n++;
            String trialId = unique("rx" + n);
            AntidepressantTrial.Builder t = AntidepressantTrial.builder(trialId, c.drug.ingredient())
                    .dailyDoseMg(c.maxDose).start(c.start).end(c.end()).ongoing(c.ongoing())
                    .doseOptimised(c.doseOptimised());
            int k = 0;
            List<String> clipped = new ArrayList<>();
            for (Course a : addOns.getOrDefault(c, List.of())) {
                k++;
                String addOnId = unique(trialId + "a" + k);
                // an add-on of this course lasts within it: clipped to its start and, once it has ended, its end
                LocalDate start = a.start.isBefore(c.start) ? c.start : a.start;
                LocalDate end = a.end();
                Boolean ongoing = a.ongoing();
                LocalDate baseEnd = c.end();
                if (baseEnd != null && (a.running || end != null && end.isAfter(baseEnd))) {
                    end = baseEnd;
                    ongoing = null;
                }
                if (!start.equals(a.start) || !java.util.Objects.equals(end, a.end())) {
                    clipped.add(addOnId);
                }
                t.addOn(AddOn.builder(addOnId, a.drug.ingredient())
                        .kind(a.drug.antidepressant() ? AddOnKind.COMBINATION : AddOnKind.AUGMENTATION)
                        .dailyDoseMg(a.maxDose).start(start).end(end).ongoing(ongoing).build());
            }
            patient.trial(t.build());
            note("course:" + trialId, MappingStatus.USED, "", c.drug.ingredient() + " course from " + c.describe()
                    + (clipped.isEmpty() ? "" : "; add-on dates clipped to the course: " + String.join(", ", clipped))
                    + "; outcome not in the record");
        }
    }

    /** Records of one ingredient merged into one course. Not thread-safe: one reading's. */
    private final class Course {
        final Drug drug;
        final LocalDate start;
        /** Latest known last day of supply, or null when no record of the course has one. */
        LocalDate knownEnd;
        LocalDate lastStart;
        boolean running;
        /** The latest record's supply is not known, so neither is the course's end. */
        boolean lastEndUnknown;
        Double firstDose;
        Double maxDose;
        boolean doseRise;
        boolean doseUnknown;
        /** Start of the latest record saying the drug was stopped: supply of records up to that day no longer runs. */
        LocalDate stoppedFrom;
        final List<String> resources = new ArrayList<>();

        Course(Record r) {
            drug = r.drug();
            start = r.start();
            lastStart = r.start();
            knownEnd = r.end();
            running = r.running();
            lastEndUnknown = !r.running() && r.end() == null;
            firstDose = r.dailyMg();
            maxDose = r.dailyMg();
            doseUnknown = r.dailyMg() == null;
            stoppedFrom = r.stopped() ? r.start() : null;
            resources.add(r.resource());
        }

        void add(Record r) {
            resources.add(r.resource());
            boolean unknown = !r.running() && r.end() == null;
            if (r.stopped() && !r.start().isBefore(lastStart)) {
                // a later record says the drug was stopped: the course ends with it, whatever supply was left
                running = false;
                knownEnd = r.end();
                lastStart = r.start();
                lastEndUnknown = unknown;
                stoppedFrom = r.start();
            } else {
                if (r.end() != null && (knownEnd == null || r.end().isAfter(knownEnd))) {
                    knownEnd = r.end();
                }
                running |= r.running() && (stoppedFrom == null || r.start().isAfter(stoppedFrom));
                if (r.start().isAfter(lastStart)) {
                    lastStart = r.start();
                    lastEndUnknown = unknown;
                } else if (r.start().equals(lastStart)) {
                    lastEndUnknown |= unknown; // records of one day: the end is unknown if any says so, in any order
                }
            }
            if (r.dailyMg() == null) {
                doseUnknown = true;
            } else if (firstDose == null) {
                firstDose = r.dailyMg();
            } else if (r.dailyMg() > firstDose) {
                doseRise = true;
            }
            if (r.dailyMg() != null) {
                maxDose = maxDose == null ? r.dailyMg() : Math.max(maxDose, r.dailyMg());
            }
        }

        /** A rise seen is a dose optimisation; without one, unknown doses leave it unknown. */
        Boolean doseOptimised() {
            return doseRise ? Boolean.TRUE : doseUnknown ? null : Boolean.FALSE;
        }

        /** The last day known to be covered: the evaluation date while running, for the allowed gap and overlaps. */
        LocalDate reach() {
            if (running) {
                return today;
            }
            return knownEnd != null && knownEnd.isAfter(lastStart) ? knownEnd : lastStart;
        }

        LocalDate end() {
            return running || lastEndUnknown ? null : knownEnd;
        }

        Boolean ongoing() {
            return running ? Boolean.TRUE : lastEndUnknown ? Boolean.FALSE : null;
        }

        String describe() {
            long days = ChronoUnit.DAYS.between(start, reach()) + 1;
            String span = days + (days == 1 ? " day" : " days");
            return String.join(", ", resources) + ": " + (running ? span + " to the evaluation date, ongoing"
                    : lastEndUnknown ? "end not recorded (at least " + span + " covered), so the duration is unknown"
                    : span + " covered");
        }
    }

    private long overlapDays(Course a, Course b) {
        LocalDate s = a.start.isAfter(b.start) ? a.start : b.start;
        LocalDate ea = a.reach();
        LocalDate eb = b.reach();
        LocalDate e = ea.isBefore(eb) ? ea : eb;
        return e.isBefore(s) ? 0 : ChronoUnit.DAYS.between(s, e) + 1;
    }

    // ---------------------------------------------------------------- observations, procedures, allergies

    private void observation(Observation o, Entry e) {
        String loinc = code(o.getCode(), LOINC);
        if (loinc == null) {
            note(ref(o), MappingStatus.NOT_USED, e.path() + ".code", "no LOINC code");
            return;
        }
        String group = reader.codeGroup(LOINC, loinc);
        if (isPhysiology(group)) {
            physiology(o, e, loinc, group);
            return;
        }
        boolean total = "PHQ9_TOTAL".equals(group);
        if (!total && !isItem9(loinc)) {
            note(ref(o), MappingStatus.OUT_OF_SCOPE, e.path() + ".code", "observation code " + loinc + " is not a PHQ-9"
                    + " total or item 9 (MADRS, HAM-D and QIDS have no confirmed LOINC code here)");
            return;
        }
        String status = FhirValues.status(o.getStatusElement());
        if (status != null && !OBSERVATION_USED.contains(status)) {
            note(ref(o), MappingStatus.NOT_USED, e.path() + ".status", "status " + status + ": only final, amended"
                    + " and corrected results are used");
            return;
        }
        if (o.hasDataAbsentReason() && !o.hasValue()) {
            note(ref(o), MappingStatus.NOT_USED, e.path() + ".dataAbsentReason", "no value (data absent reason)");
            return;
        }
        LocalDate date = effective(o);
        if (total) {
            Double v = o.hasValueQuantity() ? FhirValues.number(o.getValueQuantity())
                    : o.hasValueIntegerType() && o.getValueIntegerType().getValue() != null
                    ? Double.valueOf(o.getValueIntegerType().getValue()) : null;
            if (v == null || date == null) {
                note(ref(o), MappingStatus.NOT_USED, e.path() + (v == null ? ".value[x]" : ".effective[x]"),
                        "PHQ-9 total without a " + (v == null ? "value" : "usable date"));
            } else if (date.isAfter(today)) {
                note(ref(o), MappingStatus.NOT_USED, e.path() + ".effective[x]", "dated after the evaluation date");
            } else if (v < Instrument.PHQ9.min() || v > Instrument.PHQ9.max()) {
                note(ref(o), MappingStatus.NOT_USED, e.path() + ".value[x]", "PHQ-9 total outside 0-27");
            } else {
                measurements.add(new Measurement(id(o, "phq9"), Instrument.PHQ9, v, date, null));
                note(ref(o), MappingStatus.USED, e.path(), "PHQ-9 total (" + loinc + ")");
            }
            return;
        }
        Integer v = o.hasValueIntegerType() ? o.getValueIntegerType().getValue()
                : o.hasValueCodeableConcept() ? item9Answer(code(o.getValueCodeableConcept(), LOINC)) : null;
        if (v == null || v < 0 || v > 3) {
            note(ref(o), MappingStatus.NOT_USED, e.path() + ".value[x]", "PHQ-9 item 9 without a readable answer");
            return;
        }
        if (date != null && date.isAfter(today)) {
            note(ref(o), MappingStatus.NOT_USED, e.path() + ".effective[x]", "dated after the evaluation date");
            return;
        }
        note(ref(o), MappingStatus.USED, e.path(), "PHQ-9 item 9 (" + loinc + ")"
                + (v > 0 ? ": above 0, suicide-risk finding" : "") + (date == null ? "; undated" : ""));
        suicidal = Boolean.TRUE.equals(suicidal) || v > 0;
    }

    /** True for the code groups of blood pressure, eGFR and CYP2D6/CYP2C19 phenotype observations (fhir/codes.csv). */
    static boolean isPhysiology(String group) {
        return group != null && (group.startsWith("BP_") || "EGFR".equals(group) || group.endsWith("_PHENOTYPE"));
    }

    /**
     * Blood pressure (LOINC 85354-9 panel with components 8480-6 and 8462-4, or the components as observations of
     * their own), eGFR (33914-3, 62238-1, 98979-8, in mL/min/1.73 m2) and CYP2D6/CYP2C19 phenotypes (79715-9,
     * 79714-2, answers from LOINC list LL3856-3). The latest dated value of each is kept; systolic and diastolic only
     * from the same date (a later reading with one of them leaves the other unrecorded); two different phenotypes
     * of one gene are kept as INDETERMINATE (a conflict to review).
     */
    private void physiology(Observation o, Entry e, String loinc, String group) {
        String status = FhirValues.status(o.getStatusElement());
        if (status != null && !OBSERVATION_USED.contains(status)) {
            note(ref(o), MappingStatus.NOT_USED, e.path() + ".status", "status " + status + ": only final, amended"
                    + " and corrected results are used");
            return;
        }
        LocalDate date = effective(o);
        if (date != null && date.isAfter(today)) {
            note(ref(o), MappingStatus.NOT_USED, e.path() + ".effective[x]", "dated after the evaluation date");
            return;
        }
        if (group.endsWith("_PHENOTYPE")) {
            String answer = o.hasValueCodeableConcept() ? code(o.getValueCodeableConcept(), LOINC) : null;
            String g = answer == null ? null : reader.codeGroup(LOINC, answer);
            if (g == null || !g.startsWith("PHENOTYPE_")) {
                note(ref(o), MappingStatus.NOT_USED, e.path() + ".value[x]", "phenotype without a LOINC answer of list LL3856-3");
                return;
            }
            String gene = group.substring(0, group.indexOf('_'));
            org.trdrules.model.MetaboliserPhenotype ph =
                    org.trdrules.model.MetaboliserPhenotype.valueOf(g.substring("PHENOTYPE_".length()));
            org.trdrules.model.MetaboliserPhenotype before = phenotypes.putIfAbsent(gene, ph);
            if (before != null && before != ph) {
                // a genotype does not change: two different results are a conflict for a person to resolve, never
                // "the last in the Bundle wins"; INDETERMINATE makes the gene-guided options ask for review
                phenotypes.put(gene, org.trdrules.model.MetaboliserPhenotype.INDETERMINATE);
                note(ref(o), MappingStatus.PARTIAL, e.path(), gene + " phenotype (" + loinc + ") conflicts with"
                        + " another " + gene + " result in the Bundle: kept as INDETERMINATE, review the results");
            } else {
                note(ref(o), MappingStatus.USED, e.path(), gene + " phenotype (" + loinc + ")");
            }
            return;
        }
        if ("EGFR".equals(group)) {
            Double v = o.hasValueQuantity() ? FhirValues.number(o.getValueQuantity()) : null;
            String unit = o.hasValueQuantity() ? o.getValueQuantity().getCode() : null;
            if (v == null || (unit != null && !unit.startsWith("mL/min"))) {
                note(ref(o), MappingStatus.NOT_USED, e.path() + ".value[x]", "eGFR without a value in mL/min/1.73 m2");
            } else if (v < 0 || v > 300) {
                note(ref(o), MappingStatus.NOT_USED, e.path() + ".value[x]", "eGFR outside 0-300");
            } else if (later(date, egfrDate, egfr != null)) {
                egfr = v;
                egfrDate = date;
                note(ref(o), MappingStatus.USED, e.path(), "eGFR (" + loinc + ")");
            } else {
                note(ref(o), MappingStatus.NOT_USED, e.path(), "an eGFR of a later date is used");
            }
            return;
        }
        Double sys = null;
        Double dia = null;
        if ("BP_SYSTOLIC".equals(group)) {
            sys = mmHg(o.hasValueQuantity() ? o.getValueQuantity() : null);
        } else if ("BP_DIASTOLIC".equals(group)) {
            dia = mmHg(o.hasValueQuantity() ? o.getValueQuantity() : null);
        }
        for (Observation.ObservationComponentComponent c : o.getComponent()) {
            String cg = reader.codeGroup(LOINC, code(c.getCode(), LOINC) == null ? "" : code(c.getCode(), LOINC));
            if ("BP_SYSTOLIC".equals(cg)) {
                sys = mmHg(c.hasValueQuantity() ? c.getValueQuantity() : null);
            } else if ("BP_DIASTOLIC".equals(cg)) {
                dia = mmHg(c.hasValueQuantity() ? c.getValueQuantity() : null);
            }
        }
        if ((sys == null && dia == null) || (sys != null && (sys < 30 || sys > 350))
                || (dia != null && (dia < 10 || dia > 250))) {
            note(ref(o), MappingStatus.NOT_USED, e.path() + ".value[x]", "blood pressure without a plausible value in mm[Hg]");
        } else if (later(date, bpDate, systolic != null || diastolic != null)) {
            boolean sameDate = (systolic != null || diastolic != null) && date != null && date.equals(bpDate);
            if (!sameDate) {
                // systolic and diastolic are kept from one date only, never an old diastolic with a new systolic
                systolic = null;
                diastolic = null;
            }
            if (sys != null) {
                systolic = sys;
            }
            if (dia != null) {
                diastolic = dia;
            }
            bpDate = date;
            note(ref(o), MappingStatus.USED, e.path(), "blood pressure (" + loinc + ")");
        } else {
            note(ref(o), MappingStatus.NOT_USED, e.path(), "a blood pressure of a later date is used");
        }
    }

    /** True when a value of this date replaces the one kept (none yet, or this one is not older). */
    private static boolean later(LocalDate date, LocalDate kept, boolean have) {
        return !have || kept == null || (date != null && !date.isBefore(kept));
    }

    private static Double mmHg(org.hl7.fhir.r4.model.Quantity q) {
        if (q == null) {
            return null;
        }
        String unit = q.getCode() != null ? q.getCode() : q.getUnit();
        return unit == null || "mm[Hg]".equals(unit) || "mmHg".equals(unit) ? FhirValues.number(q) : null;
    }

    /** The score of a LOINC answer code of PHQ-9 item 9, or null (an immutable map takes no null key). */
    private static Integer item9Answer(String answer) {
        return answer == null ? null : LA_ITEM9.get(answer);
    }

    private static LocalDate effective(Observation o) {
        if (o.hasEffectiveDateTimeType()) {
            return day(o.getEffectiveDateTimeType());
        }
        if (o.hasEffectivePeriod()) {
            return day(o.getEffectivePeriod().getStartElement());
        }
        if (o.hasEffectiveInstantType()) {
            return day(o.getEffectiveInstantType());
        }
        return null;
    }

    private void procedure(Procedure p, Entry e) {
        String status = FhirValues.status(p.getStatusElement());
        if (status != null && Set.of("not-done", "entered-in-error", "preparation").contains(status)) {
            note(ref(p), MappingStatus.NOT_USED, e.path() + ".status", "status " + status + ": ignored");
            return;
        }
        String group = null;
        for (Coding c : p.getCode().getCoding()) {
            if (c != null && c.hasSystem() && c.hasCode()) {
                group = reader.codeGroup(c.getSystem(), c.getCode().trim());
                if (group != null) {
                    break;
                }
            }
        }
        if (!"ECT".equals(group) && !"RTMS".equals(group)) {
            note(ref(p), MappingStatus.OUT_OF_SCOPE, e.path() + ".code", "procedure code not recognised (ECT: CPT 90870;"
                    + " rTMS: CPT 90867-90869)");
            return;
        }
        LocalDate date = p.hasPerformedDateTimeType() ? day(p.getPerformedDateTimeType())
                : p.hasPerformedPeriod() ? day(p.getPerformedPeriod().getStartElement()) : null;
        if (date == null || date.isAfter(today)) {
            note(ref(p), MappingStatus.NOT_USED, e.path() + ".performed[x]", group + " session "
                    + (date == null ? "without a usable date" : "dated after the evaluation date"));
            return;
        }
        procedures.add(org.trdrules.model.Procedure.builder(id(p, "procedure"),
                "ECT".equals(group) ? ProcedureType.ECT : ProcedureType.RTMS).start(date).end(date).sessions(1).build());
        note(ref(p), MappingStatus.USED, e.path(), group + " session");
    }

    /** Sessions of one procedure type no further apart than the allowed gap form one course. */
    private List<org.trdrules.model.Procedure> mergeSessions() {
        List<org.trdrules.model.Procedure> out = new ArrayList<>();
        Map<ProcedureType, List<org.trdrules.model.Procedure>> byType = new LinkedHashMap<>();
        for (org.trdrules.model.Procedure p : procedures) {
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
                if (start != null && p.start().isAfter(end.plusDays(reader.allowedGapDays() + 1L))) {
                    out.add(org.trdrules.model.Procedure.builder(courseId(++n), type).start(start).end(end)
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
            out.add(org.trdrules.model.Procedure.builder(courseId(++n), type).start(start).end(end)
                    .sessions(count).build());
        }
        return out;
    }

    private String courseId(int n) {
        return unique("course" + n);
    }

    private void allergy(AllergyIntolerance ai, Entry e) {
        String verification = FhirValues.statusCode(ai.getVerificationStatus(),
                "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification");
        if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
            note(ref(ai), MappingStatus.NOT_USED, e.path() + ".verificationStatus", "verification status "
                    + verification + ": ignored");
            return;
        }
        CodeableConcept cc = ai.hasCode() ? ai.getCode() : null;
        String name = text(cc);
        Optional<Product> res = reader.terminology().resolve(code(cc, RXNORM), name);
        Optional<Component> drug = res.flatMap(p -> p.components().stream().filter(c -> c.drug() != null).findFirst());
        if (drug.isPresent()) {
            allergies.add(drug.get().drug().ingredient());
            note(ref(ai), MappingStatus.USED, e.path(), "hypersensitivity to " + drug.get().drug().ingredient());
        } else if (name != null) {
            allergies.add(name);
            note(ref(ai), MappingStatus.PARTIAL, e.path() + ".code", "substance not in the drug catalogue; kept by"
                    + " name");
        } else {
            note(ref(ai), MappingStatus.NOT_USED, e.path() + ".code", "no substance code or text");
        }
    }

    private static String formatMg(double mg) {
        return mg == Math.rint(mg) ? Long.toString((long) mg) : Double.toString(mg);
    }
}
