package org.trdrules.synthetic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.trdrules.catalog.Drug;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.AddOn;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Episode;
import org.trdrules.model.Instrument;
import org.trdrules.model.Measurement;
import org.trdrules.model.Patient;
import org.trdrules.model.Procedure;
import org.trdrules.model.ProcedureType;
import org.trdrules.model.Severity;
import org.trdrules.model.Sex;

/**
 * A synthetic history as the FHIR R4 resources an EHR would hold: Patient, Condition (one per episode, with onset
 * and abatement, and one per other diagnosis), MedicationStatement (one per course and add-on, with its dose),
 * Observation (PHQ-9 totals, item 9), Procedure (one per ECT or rTMS session) and AllergyIntolerance. What a record
 * does not hold is left out: stated outcomes, adherence, stop reasons, psychotherapy, life events, esketamine and
 * episode flags ({@link #recorded} is the history that remains). With {@code referenced}, a MedicationStatement names
 * its drug by {@code medicationReference} ({@code Medication/<id>}, no display), as bulk exports from EHRs and
 * Synthea do, and {@link #medications} gives the Medication resources. Stateless and thread-safe.
 */
final class FhirExport {

    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String LOINC = "http://loinc.org";
    static final String CPT = "http://www.ama-assn.org/go/cpt";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final DrugCatalog catalog;
    private final boolean referenced;

    FhirExport(DrugCatalog catalog) {
        this(catalog, false);
    }

    FhirExport(DrugCatalog catalog, boolean referenced) {
        this.catalog = catalog;
        this.referenced = referenced;
    }

    /** The id of a drug's Medication resource: {@code med-} and the name, other characters as {@code -}. */
    static String medicationId(String drug) {
        String id = "med-" + drug.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "-");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    /** The Medication resource of a drug: its id and code (RxNorm ingredient and text). */
    ObjectNode medication(String drug) {
        ObjectNode o = F.objectNode();
        o.put("resourceType", "Medication");
        o.put("id", medicationId(drug));
        o.set("code", medicationCode(drug));
        return o;
    }

    /** The drugs a patient's MedicationStatements name, in first-use order, each once. */
    static List<String> drugs(Patient p) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (AntidepressantTrial t : p.trials()) {
            out.add(t.drug());
            for (AddOn a : t.addOns()) {
                out.add(a.drug());
            }
        }
        return List.copyOf(out);
    }

    /** The Medication resources the statements of {@link #resources} reference (none unless {@code referenced}). */
    List<ObjectNode> medications(Patient p) {
        return referenced ? drugs(p).stream().map(this::medication).toList() : List.of();
    }

    /** The resources of one patient, Patient first; ids are unique across a cohort ({@code <patient>-<n>}). */
    List<ObjectNode> resources(Patient p) {
        List<ObjectNode> out = new ArrayList<>();
        String pid = p.id();
        ObjectNode pat = F.objectNode();
        pat.put("resourceType", "Patient");
        pat.put("id", pid);
        if (p.sex() != null) {
            pat.put("gender", p.sex() == Sex.FEMALE ? "female" : p.sex() == Sex.MALE ? "male" : "other");
        }
        if (p.birthDate() != null) {
            pat.put("birthDate", p.birthDate().toString());
        }
        out.add(pat);
        int n = 0;
        int episodeNo = 0;
        List<Episode> episodes = new ArrayList<>(p.episodes());
        episodes.sort(java.util.Comparator.comparing(Episode::onset));
        for (Episode e : episodes) {
            String code = (episodeNo++ == 0 ? "F32." : "F33.") + digit(e);
            out.add(condition(pid + "-" + (++n), pid, code, "Major depressive disorder", e.onset(), e.end()));
        }
        for (CodedCondition c : p.conditions()) {
            if (!isDepression(c)) {
                out.add(condition(pid + "-" + (++n), pid, c.code(), c.display(), null, null));
            }
        }
        for (AntidepressantTrial t : p.trials()) {
            out.add(statement(pid + "-" + (++n), pid, t.drug(), t.dailyDoseMg(), t.start(), t.end(),
                    Boolean.TRUE.equals(t.ongoing())));
            for (AddOn a : t.addOns()) {
                out.add(statement(pid + "-" + (++n), pid, a.drug(), a.dailyDoseMg(), a.start(), a.end(),
                        Boolean.TRUE.equals(a.ongoing())));
            }
        }
        for (Measurement m : p.measurements()) {
            if (m.instrument() == Instrument.PHQ9) {
                ObjectNode o = observation(pid + "-" + (++n), pid, "44261-6", "PHQ-9 total score", m.date());
                o.put("valueInteger", (int) Math.round(m.score()));
                out.add(o);
            }
        }
        if (p.suicidalIdeation() != null) {
            LocalDate evalish = null;
            ObjectNode o = observation(pid + "-" + (++n), pid, "44260-8", "PHQ-9 item 9", evalish);
            ObjectNode v = o.putObject("valueCodeableConcept");
            v.putArray("coding").addObject().put("system", LOINC)
                    .put("code", p.suicidalIdeation() ? "LA6570-1" : "LA6568-5");
            out.add(o);
        }
        for (Procedure pr : p.procedures()) {
            if (!recordable(pr)) {
                continue;
            }
            int gap = pr.sessions() > 1 ? (int) (CohortGenerator.days(pr.start(), pr.end()) / (pr.sessions() - 1)) : 0;
            for (int i = 0; i < pr.sessions(); i++) {
                LocalDate d = i == pr.sessions() - 1 ? pr.end() : pr.start().plusDays((long) i * gap);
                String code = pr.type() == ProcedureType.ECT ? "90870" : i == 0 ? "90867" : "90868";
                ObjectNode o = F.objectNode();
                o.put("resourceType", "Procedure");
                o.put("id", pid + "-" + (++n));
                o.put("status", "completed");
                o.putObject("code").putArray("coding").addObject().put("system", CPT).put("code", code);
                o.putObject("subject").put("reference", "Patient/" + pid);
                o.put("performedDateTime", d.toString());
                out.add(o);
            }
        }
        for (String allergy : p.allergies()) {
            ObjectNode o = F.objectNode();
            o.put("resourceType", "AllergyIntolerance");
            o.put("id", pid + "-" + (++n));
            o.set("code", medicationCode(allergy));
            o.putObject("patient").put("reference", "Patient/" + pid);
            out.add(o);
        }
        return out;
    }

    /** A FHIR R4 Bundle (type collection) of one patient's resources. */
    ObjectNode bundle(Patient p) {
        ObjectNode b = F.objectNode();
        b.put("resourceType", "Bundle");
        b.put("id", p.id());
        b.put("type", "collection");
        ArrayNode entries = b.putArray("entry");
        List<ObjectNode> all = new ArrayList<>(resources(p));
        all.addAll(medications(p));
        for (ObjectNode r : all) {
            ObjectNode e = entries.addObject();
            e.put("fullUrl", "urn:uuid:" + java.util.UUID.nameUUIDFromBytes(
                    (r.get("resourceType").asText() + "/" + r.get("id").asText())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            e.set("resource", r);
        }
        return b;
    }

    /**
     * The history that the resources of {@link #resources} still hold: what a record-based assessment can know
     * about this patient. Outcomes come only from the PHQ-9 series.
     */
    static Patient recorded(Patient p) {
        Patient.Builder b = Patient.builder(p.id()).birthDate(p.birthDate()).sex(p.sex())
                .suicidalIdeation(p.suicidalIdeation());
        p.conditions().forEach(b::condition);
        p.allergies().forEach(b::allergy);
        List<Episode> episodes = new ArrayList<>(p.episodes());
        episodes.sort(java.util.Comparator.comparing(Episode::onset));
        int i = 0;
        for (Episode e : episodes) {
            String d = digit(e);
            b.episode(Episode.builder("e" + (++i)).onset(e.onset()).end(e.end()).severity(e.severity())
                    .psychoticFeatures(d.equals("3") ? Boolean.TRUE : d.equals("2") ? Boolean.FALSE : null)
                    .build());
        }
        for (AntidepressantTrial t : p.trials()) {
            AntidepressantTrial.Builder tb = AntidepressantTrial.builder(t.id(), t.drug())
                    .dailyDoseMg(t.dailyDoseMg()).start(t.start()).end(t.end()).ongoing(t.ongoing())
                    // one record of one dose: the record shows no dose increase (unknown without a dose)
                    .doseOptimised(t.dailyDoseMg() == null ? null : Boolean.FALSE);
            for (AddOn a : t.addOns()) {
                tb.addOn(AddOn.builder(a.id(), a.drug()).kind(a.kind()).dailyDoseMg(a.dailyDoseMg())
                        .start(a.start()).end(a.end()).ongoing(a.ongoing()).build());
            }
            b.trial(tb.build());
        }
        p.measurements().stream().filter(m -> m.instrument() == Instrument.PHQ9).forEach(b::measurement);
        for (Procedure pr : p.procedures()) {
            if (recordable(pr)) {
                b.procedure(Procedure.builder(pr.id(), pr.type()).start(pr.start()).end(pr.end())
                        .sessions(pr.sessions()).build());
            }
        }
        return b.build();
    }

    private static boolean recordable(Procedure pr) {
        return (pr.type() == ProcedureType.ECT || pr.type() == ProcedureType.RTMS) && pr.start() != null
                && pr.end() != null && pr.sessions() != null && pr.sessions() > 0;
    }

    private static boolean isDepression(CodedCondition c) {
        return ICD10.equals(c.system()) && (c.code().startsWith("F32.") || c.code().startsWith("F33."));
    }

    /** The ICD-10-CM severity digit of an episode: 0 mild, 1 moderate, 2 severe, 3 severe with psychosis, 9. */
    private static String digit(Episode e) {
        if (e.severity() == Severity.MILD) {
            return "0";
        } else if (e.severity() == Severity.MODERATE) {
            return "1";
        } else if (e.severity() == Severity.SEVERE) {
            return Boolean.TRUE.equals(e.psychoticFeatures()) ? "3" : "2";
        }
        return "9";
    }

    private ObjectNode condition(String id, String pid, String code, String display, LocalDate onset,
                                 LocalDate end) {
        ObjectNode o = F.objectNode();
        o.put("resourceType", "Condition");
        o.put("id", id);
        o.putObject("clinicalStatus").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/condition-clinical")
                .put("code", end == null ? "active" : "resolved");
        o.putObject("verificationStatus").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/condition-ver-status").put("code", "confirmed");
        ObjectNode c = o.putObject("code");
        c.putArray("coding").addObject().put("system", ICD10).put("code", code).put("display", display);
        o.putObject("subject").put("reference", "Patient/" + pid);
        if (onset != null) {
            o.put("onsetDateTime", onset.toString());
        }
        if (end != null) {
            o.put("abatementDateTime", end.toString());
        }
        return o;
    }

    private ObjectNode statement(String id, String pid, String drug, Double dose, LocalDate start, LocalDate end,
                                 boolean ongoing) {
        ObjectNode o = F.objectNode();
        o.put("resourceType", "MedicationStatement");
        o.put("id", id);
        o.put("status", ongoing ? "active" : "completed");
        if (referenced) {
            o.putObject("medicationReference").put("reference", "Medication/" + medicationId(drug));
        } else {
            o.set("medicationCodeableConcept", medicationCode(drug));
        }
        o.putObject("subject").put("reference", "Patient/" + pid);
        ObjectNode period = o.putObject("effectivePeriod");
        period.put("start", start.toString());
        if (!ongoing && end != null) {
            period.put("end", end.toString());
        }
        if (dose != null) {
            ObjectNode dosage = o.putArray("dosage").addObject();
            dosage.putObject("timing").putObject("repeat").put("frequency", 1).put("period", 1)
                    .put("periodUnit", "d");
            dosage.putArray("doseAndRate").addObject().putObject("doseQuantity").put("value", dose)
                    .put("unit", "mg").put("system", "http://unitsofmeasure.org").put("code", "mg");
        }
        return o;
    }

    private ObjectNode medicationCode(String drug) {
        ObjectNode cc = F.objectNode();
        Drug d = catalog.find(drug).orElse(null);
        if (d != null && d.rxcui() != null) {
            cc.putArray("coding").addObject().put("system", RXNORM).put("code", d.rxcui()).put("display", drug);
        }
        cc.put("text", drug);
        return cc;
    }

    private ObjectNode observation(String id, String pid, String loinc, String display, LocalDate date) {
        ObjectNode o = F.objectNode();
        o.put("resourceType", "Observation");
        o.put("id", id);
        o.put("status", "final");
        o.putObject("code").putArray("coding").addObject().put("system", LOINC).put("code", loinc)
                .put("display", display);
        o.putObject("subject").put("reference", "Patient/" + pid);
        if (date != null) {
            o.put("effectiveDateTime", date.toString());
        }
        return o;
    }
}
