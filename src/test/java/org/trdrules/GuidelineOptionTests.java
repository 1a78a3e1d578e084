package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trdrules.Histories.failedTrial;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.EligibilityStatus;
import org.trdrules.assessment.Evidence;
import org.trdrules.assessment.OptionFamily;
import org.trdrules.assessment.OptionResult;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.CodedCondition;
import org.trdrules.model.Episode;
import org.trdrules.model.Medication;
import org.trdrules.model.MetaboliserPhenotype;
import org.trdrules.model.Outcome;
import org.trdrules.model.Patient;
import org.trdrules.model.Pharmacogenomics;
import org.trdrules.model.Physiology;
import org.trdrules.model.Procedure;
import org.trdrules.model.ProcedureType;
import org.trdrules.model.Severity;

/**
 * Vignettes for the graded option catalogue (CANMAT 2023, NICE NG222), the 2023 safety checks and
 * pharmacogenomics: a patient in, one option's status, reason and evidence out.
 */
class GuidelineOptionTests {

    private static final LocalDate TODAY = Vignettes.DATE;

    private static Episode.Builder episode() {
        return Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true);
    }

    /** Two failed adequate trials (TRD), age given, blood pressure and eGFR normal unless the test changes them. */
    private static Patient.Builder trd(int age) {
        return Patient.builder("p").ageYears(age).episode(episode().build())
                .trial(failedTrial("t1", "sertraline", 100).build())
                .trial(failedTrial("t2", "venlafaxine", 225).build());
    }

    /** TRD plus a current (ongoing) antidepressant at the dose given. */
    private static Patient.Builder onCurrent(int age, String drug, double dose) {
        return trd(age).trial(AntidepressantTrial.builder("t9", drug).episodeId("e1").dailyDoseMg(dose)
                .start(TODAY.minusDays(20)).build());
    }

    private static Medication taking(String drug) {
        return new Medication("m1", drug, TODAY.minusDays(30), null);
    }

    private static OptionResult option(Patient p, String id) {
        return Vignettes.engine().assess(p).option(id).orElseThrow(() -> new AssertionError(id));
    }

    private static boolean hasReason(OptionResult o, String part) {
        return o.reasons().stream().anyMatch(r -> r.contains(part));
    }

    private static void assertReason(OptionResult o, String part) {
        assertTrue(hasReason(o, part), o.id() + ": " + o.reasons());
    }

    // --- the catalogue as graded data ---

    @Test
    void catalogueHasAtLeast200OptionsEachWithEvidenceOrAReason() {
        Assessment a = Vignettes.engine().assess(trd(40).build());
        assertEquals(200, a.options().size());
        assertEquals(a.options().size(), a.options().stream().map(OptionResult::id).distinct().count());
        for (OptionResult o : a.options()) {
            assertTrue(o.graded() ^ o.noGradeReason() != null, o.id());
            assertFalse(o.rules().isEmpty(), o.id() + " judged by no rule");
            for (Evidence e : o.evidence()) {
                assertTrue(e.citation().contains("2022") || e.citation().contains("2024"), e.citation());
            }
        }
    }

    @Test
    void augmentAripiprazoleCarriesCanmatFirstLineLevel1AndNice() {
        OptionResult o = option(onCurrent(40, "escitalopram", 10).build(), "augment-aripiprazole");
        Evidence e = o.evidence().get(0);
        assertEquals("CANMAT 2023", e.guideline());
        assertEquals("Table 7.2", e.section());
        assertEquals("first line", e.line());
        assertEquals("Level 1", e.level());
        assertEquals("NICE NG222", o.evidence().get(1).guideline());
        assertNull(o.noGradeReason());
    }

    @Test
    void gradedCombinationsRankBeforeUngradedPairsWhichAreLabelled() {
        Assessment a = Vignettes.engine().assess(onCurrent(40, "escitalopram", 10).build());
        List<String> ids = a.options().stream().map(OptionResult::id).toList();
        OptionResult mirtazapine = a.option("combine-mirtazapine").orElseThrow();
        OptionResult tianeptine = a.option("combine-tianeptine").orElseThrow();
        assertEquals(EligibilityStatus.ELIGIBLE, mirtazapine.status());
        assertEquals(EligibilityStatus.ELIGIBLE, tianeptine.status());
        assertTrue(ids.indexOf("combine-mirtazapine") < ids.indexOf("combine-tianeptine"));
        assertEquals("no guideline grade (ungraded combination)", tianeptine.noGradeReason());
        assertTrue(tianeptine.label().contains("ungraded combination"));
        assertReason(tianeptine, "ungraded combination");
        OptionResult armodafinil = a.option("augment-armodafinil").orElseThrow();
        assertReason(armodafinil, "ungraded augmentation");
    }

    @Test
    void reasonsAreOrderedWorstFirstThenByRule() {
        OptionResult o = option(trd(70).medication(taking("ibuprofen")).build(), "switch-paroxetine");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status());
        List<String> rules = o.rules();
        assertEquals(List.of("beers-strong-anticholinergic", "ssri-snri-bleeding", "beers-siadh-caution", "switch-option"), rules);
    }

    // --- new options ---

    @ParameterizedTest(name = "zuranolone with postpartum onset {0} -> {1}")
    @CsvSource({"true, NEEDS_REVIEW", "false, NOT_ELIGIBLE", ", NEEDS_REVIEW"})
    void zuranoloneOnlyForPostpartumOnset(Boolean postpartum, EligibilityStatus expected) {
        Patient p = Patient.builder("p").ageYears(30).episode(episode().postpartumOnset(postpartum).build())
                .trial(failedTrial("t1", "sertraline", 100).build()).trial(failedTrial("t2", "venlafaxine", 225).build())
                .build();
        OptionResult o = option(p, "switch-zuranolone");
        assertEquals(expected, o.status());
        assertTrue(o.rules().contains("postpartum-onset-only"));
        assertEquals(expected, option(p, "switch-brexanolone").status());
    }

    @Test
    void stJohnsWortAndTryptophanAreNotOfferedAsTrdSwitches() {
        OptionResult sjw = option(trd(40).build(), "switch-st-johns-wort");
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, sjw.status());
        assertReason(sjw, "NICE NG222 1.4.40");
        assertEquals("mild", sjw.evidence().get(0).population());
        OptionResult trp = option(trd(40).build(), "switch-tryptophan");
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, trp.status());
        assertEquals("no guideline grade", trp.noGradeReason());
    }

    @Test
    void quetiapineMonotherapyIsASecondLineSwitch() {
        OptionResult o = option(trd(40).build(), "switch-quetiapine");
        assertEquals(EligibilityStatus.ELIGIBLE, o.status());
        assertEquals("Table 3.3", o.evidence().get(0).section());
        assertReason(o, "monitor weight, glucose and lipids");
    }

    @ParameterizedTest(name = "amisulpride, episode of {0} weeks -> {1}")
    @CsvSource({"104, NEEDS_REVIEW", "103, NOT_ELIGIBLE"})
    void lowDoseAmisulprideForChronicDepression(int weeks, EligibilityStatus expected) {
        Patient p = Patient.builder("p").ageYears(40)
                .episode(Episode.builder("e1").onset(TODAY.minusWeeks(weeks)).current(true).build())
                .trial(failedTrial("t1", "sertraline", 100).build()).build();
        OptionResult o = option(p, "switch-amisulpride-low-dose");
        assertEquals(expected, o.status());
        assertEquals("NICE NG222", o.evidence().get(0).guideline());
    }

    @ParameterizedTest(name = "lurasidone, mixed features {0} -> {1}")
    @CsvSource({"true, ELIGIBLE", "false, NOT_ELIGIBLE", ", NEEDS_REVIEW"})
    void lurasidoneForMixedFeatures(Boolean mixed, EligibilityStatus expected) {
        Patient p = Patient.builder("p").ageYears(40).episode(episode().mixedFeatures(mixed).build())
                .trial(failedTrial("t1", "sertraline", 100).build()).build();
        assertEquals(expected, option(p, "switch-lurasidone").status());
    }

    @Test
    void psychoticAndCatatonicFeaturesOptions() {
        Patient psychotic = Patient.builder("p").ageYears(40).episode(episode().psychoticFeatures(true).build()).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(psychotic, "antipsychotic-for-psychotic-features").status());
        assertEquals(EligibilityStatus.NEEDS_REVIEW, option(psychotic, "augment-lorazepam").status());
        Patient catatonic = Patient.builder("p").ageYears(40).episode(episode().catatonicFeatures(true)
                .psychoticFeatures(false).build()).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(catatonic, "augment-lorazepam").status());
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, option(catatonic, "antipsychotic-for-psychotic-features").status());
    }

    @Test
    void investigationalAndNotRecommendedOptionsAreNotOffered() {
        Patient p = trd(40).build();
        for (String id : new String[] {"psilocybin", "mst", "dbs"}) {
            OptionResult o = option(p, id);
            assertEquals(EligibilityStatus.NOT_ELIGIBLE, o.status(), id);
            assertEquals("investigational", o.evidence().get(0).line(), id);
        }
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, option(p, "cannabis").status());
        assertEquals("not recommended", option(p, "cannabis").evidence().get(0).line());
    }

    @Test
    void supplementsGradedForMildDepressionNeedReviewInTrd() {
        OptionResult o = option(onCurrent(40, "escitalopram", 10).build(), "augment-l-methylfolate");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status());
        assertReason(o, "graded for mild to moderate depression only");
        Patient mild = Patient.builder("p").ageYears(40).episode(episode().severity(Severity.MILD).build())
                .trial(AntidepressantTrial.builder("t9", "escitalopram").episodeId("e1").dailyDoseMg(10.0)
                        .start(TODAY.minusDays(20)).build()).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(mild, "augment-l-methylfolate").status());
    }

    @Test
    void rtmsProtocolsEctProtocolsAndTdcs() {
        Patient p = trd(40).physiology(Physiology.builder().bloodPressure(120.0, 80.0, TODAY.minusDays(2)).build()).build();
        OptionResult itbs = option(p, "rtms-itbs-left");
        assertEquals(EligibilityStatus.ELIGIBLE, itbs.status());
        assertEquals("Table 8.2", itbs.evidence().get(0).section());
        assertEquals(EligibilityStatus.NEEDS_REVIEW, option(p, "snt").status());
        assertReason(option(p, "rtms-accelerated-itbs"), "specialist centre");
        OptionResult bifrontal = option(p, "ect-bifrontal-brief-pulse");
        assertEquals(EligibilityStatus.ELIGIBLE, bifrontal.status());
        assertEquals("first line", bifrontal.evidence().get(0).line());
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, option(p, "tdcs").status());
        Patient none = Patient.builder("p").ageYears(40).episode(episode().build()).build();
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, option(none, "rtms-hf-left").status());
        assertEquals(EligibilityStatus.NEEDS_REVIEW, option(none, "tdcs").status());
    }

    @Test
    void continuationEctAndMaintenanceFollowAResponse() {
        Procedure ect = Procedure.builder("x1", ProcedureType.ECT).episodeId("e1").start(TODAY.minusDays(60))
                .end(TODAY.minusDays(20)).sessions(10).outcome(Outcome.RESPONSE).build();
        Patient responded = trd(40).procedure(ect).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(responded, "continuation-ect").status());
        assertEquals(EligibilityStatus.NEEDS_REVIEW, option(responded, "repeat-ect").status());
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, option(trd(40).build(), "continuation-ect").status());
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, option(trd(40).build(), "repeat-ect").status());
        Procedure esk = Procedure.builder("x2", ProcedureType.ESKETAMINE).start(TODAY.minusDays(60))
                .end(TODAY.minusDays(10)).outcome(Outcome.REMISSION).build();
        Patient eskResponded = trd(40).procedure(esk)
                .physiology(Physiology.builder().bloodPressure(120.0, 80.0, TODAY.minusDays(2)).build()).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(eskResponded, "esketamine-maintenance").status());
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, option(eskResponded, "iv-ketamine-maintenance").status());
    }

    @Test
    void esketamineForSuicidalIdeationNeedsItRecorded() {
        Patient none = trd(40).suicidalIdeation(false).physiology(Physiology.builder().bloodPressure(120.0, 80.0, TODAY.minusDays(2)).build())
                .build();
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, option(none, "esketamine-suicidal-ideation").status());
        assertEquals(EligibilityStatus.NEEDS_REVIEW, option(trd(40).build(), "esketamine-suicidal-ideation").status());
    }

    @Test
    void nonIvKetamineAndSocialAndCombinedPsychotherapy() {
        Patient p = trd(40).physiology(Physiology.builder().bloodPressure(120.0, 80.0, TODAY.minusDays(2)).build()).build();
        OptionResult oral = option(p, "oral-ketamine");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, oral.status());
        assertEquals("third line", oral.evidence().get(0).line());
        assertEquals(EligibilityStatus.NEEDS_REVIEW, option(p, "befriending").status());
        Patient chronic = Patient.builder("p").ageYears(40)
                .episode(Episode.builder("e1").onset(TODAY.minusWeeks(110)).current(true).build()).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(chronic, "rehabilitation-programme").status());
        assertEquals(EligibilityStatus.NEEDS_REVIEW, option(p, "cbt-with-medication").status());
        assertEquals(EligibilityStatus.ELIGIBLE, option(onCurrent(40, "escitalopram", 10).build(), "cbt-with-medication").status());
    }

    // --- safety (guidelines section 4) ---

    @Test
    void citalopramDoseIncreaseAtAge70IsCappedWithTheFdaCitation() {
        OptionResult o = option(onCurrent(70, "citalopram", 20).build(), "dose-increase");
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, o.status());
        assertReason(o, "capped at 20 mg/day (age over 60)");
        assertTrue(o.citations().stream().anyMatch(c -> c.contains("FDA Drug Safety Communication") && c.contains("Celexa")));
        assertEquals(EligibilityStatus.ELIGIBLE, option(onCurrent(50, "citalopram", 20).build(), "dose-increase").status());
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, option(onCurrent(50, "citalopram", 20).medication(taking("omeprazole")).build(),
                "dose-increase").status());
        OptionResult start = option(trd(70).build(), "switch-citalopram");
        assertReason(start, "at most 20 mg/day of citalopram (age over 60");
        assertEquals(EligibilityStatus.NEEDS_REVIEW,
                option(trd(40).condition(CodedCondition.icd10("I45.81", null)).build(), "switch-citalopram").status());
    }

    @Test
    void lithiumWithInteractingDrugsAndRenalFunction() {
        Physiology normal = Physiology.builder().egfr(90.0, TODAY.minusDays(30)).build();
        assertEquals(EligibilityStatus.ELIGIBLE,
                option(onCurrent(40, "escitalopram", 10).physiology(normal).build(), "augment-lithium").status());
        OptionResult thiazide = option(onCurrent(40, "escitalopram", 10).physiology(normal)
                .medication(taking("hydrochlorothiazide")).build(), "augment-lithium");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, thiazide.status());
        assertReason(thiazide, "hydrochlorothiazide raises lithium levels");
        OptionResult renal = option(onCurrent(40, "escitalopram", 10).physiology(Physiology.builder().egfr(45.0, TODAY.minusDays(30)).build())
                .build(), "augment-lithium");
        assertReason(renal, "renal impairment (eGFR 45)");
        assertReason(option(onCurrent(40, "escitalopram", 10).build(), "augment-lithium"), "eGFR) not recorded");
    }

    @Test
    void maoiInteractionsAgainstSerotonergicOptions() {
        OptionResult busp = option(onCurrent(40, "phenelzine", 45).build(), "augment-buspirone");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, busp.status());
        assertReason(busp, "serotonin syndrome");
        OptionResult dxm = option(trd(40).medication(taking("dextromethorphan")).build(), "switch-phenelzine");
        assertEquals(EligibilityStatus.CONTRAINDICATED, dxm.status());
        OptionResult lz = option(trd(40).medication(taking("linezolid")).build(), "switch-sertraline");
        assertEquals(EligibilityStatus.CONTRAINDICATED, lz.status());
        OptionResult sjw = option(trd(40).medication(taking("St John's wort")).build(), "switch-escitalopram");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, sjw.status());
        assertReason(sjw, "St John's wort taken now");
    }

    @Test
    void overdoseToxicOptionsWithSuicideRisk() {
        OptionResult o = option(trd(40).suicidalIdeation(true).build(), "switch-amitriptyline");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status());
        assertReason(o, "dangerous in overdose");
        assertFalse(hasReason(option(trd(40).suicidalIdeation(false).build(), "switch-amitriptyline"), "overdose"));
    }

    @Test
    void esketamineBloodPressurePsychosisAndSubstanceUse() {
        Patient high = trd(40).physiology(Physiology.builder().bloodPressure(150.0, 85.0, TODAY.minusDays(2)).build()).build();
        OptionResult o = option(high, "esketamine");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status());
        assertReason(o, "150/85 mmHg above 140/90");
        assertReason(option(trd(40).build(), "esketamine"), "blood pressure not recorded");
        Physiology ok = Physiology.builder().bloodPressure(120.0, 80.0, TODAY.minusDays(2)).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(trd(40).physiology(ok).build(), "esketamine").status());
        assertReason(option(trd(40).physiology(ok).condition(CodedCondition.icd10("F20.9", null)).build(), "esketamine"),
                "psychosis recorded");
        assertReason(option(trd(40).physiology(ok).condition(CodedCondition.icd10("F11.20", null)).build(), "iv-ketamine"),
                "misuse");
        assertReason(option(trd(40).physiology(Physiology.builder().bloodPressure(120.0, 80.0, TODAY.minusDays(2)).lactating(true).build())
                .build(), "esketamine"), "breastfeeding");
        assertReason(option(onCurrent(40, "escitalopram", 10).condition(CodedCondition.icd10("F15.10", null)).build(),
                "augment-methylphenidate"), "stimulant misuse");
    }

    @Test
    void antipsychoticsInOlderAdultsAndBleedingAndHyponatraemia() {
        OptionResult ari = option(onCurrent(70, "escitalopram", 10).build(), "augment-aripiprazole");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, ari.status());
        assertReason(ari, "Beers 2023: avoid antipsychotics");
        OptionResult bleed = option(trd(40).medication(taking("warfarin")).build(), "switch-escitalopram");
        assertReason(bleed, "warfarin taken now: bleeding risk");
        OptionResult na = option(trd(70).medication(taking("furosemide")).build(), "switch-duloxetine");
        assertReason(na, "hyponatraemia risk");
    }

    @Test
    void drugsThatBluntEct() {
        Patient p = trd(40).medication(taking("lorazepam")).build();
        assertReason(option(p, "ect"), "lorazepam taken now: may reduce ECT efficacy");
        assertReason(option(trd(40).trial(AntidepressantTrial.builder("t9", "escitalopram").episodeId("e1").dailyDoseMg(10.0)
                .start(TODAY.minusDays(20)).build()).medication(taking("lithium")).build(), "ect"), "may worsen cognition");
    }

    // --- pharmacogenomics ---

    private static Patient.Builder pgx(Patient.Builder b, MetaboliserPhenotype d6, MetaboliserPhenotype c19) {
        return b.pharmacogenomics(new Pharmacogenomics(d6, c19));
    }

    @Test
    void cyp2c19PoorMetaboliserCitalopramAndEscitalopramStartAt50Percent() {
        Patient p = pgx(trd(40), null, MetaboliserPhenotype.POOR).build();
        Patient onBupropion = pgx(onCurrent(40, "bupropion", 300), null, MetaboliserPhenotype.POOR).build();
        for (String id : new String[] {"switch-citalopram", "switch-escitalopram", "combine-escitalopram"}) {
            OptionResult o = option(id.startsWith("combine") ? onBupropion : p, id);
            assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status(), id);
            assertReason(o, "start at 50 % of the usual starting dose");
            assertTrue(o.citations().stream().anyMatch(c -> c.contains("Bousman CA") && c.contains("2023")), id);
        }
        assertReason(option(p, "switch-escitalopram"), "at most 10 mg/day of escitalopram");
        assertReason(option(p, "switch-sertraline"), "50 % lower maintenance dose");
        OptionResult dose = option(pgx(onCurrent(70, "escitalopram", 5), null, MetaboliserPhenotype.POOR).build(), "dose-increase");
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, dose.status());
        assertReason(dose, "DPWG maximum of 5 mg/day");
        assertReason(option(pgx(trd(40), null, MetaboliserPhenotype.ULTRARAPID).build(), "switch-citalopram"),
                "not predominantly metabolised by CYP2C19");
        assertFalse(hasReason(option(pgx(trd(40), null, MetaboliserPhenotype.NORMAL).build(), "switch-citalopram"), "CYP2C19"));
    }

    @Test
    void cyp2d6AndTricyclicsAndParoxetine() {
        assertReason(option(pgx(trd(40), MetaboliserPhenotype.POOR, null).build(), "switch-nortriptyline"),
                "CYP2D6 poor metaboliser (CPIC TCA): avoid");
        assertReason(option(pgx(trd(40), MetaboliserPhenotype.ULTRARAPID, null).build(), "switch-amitriptyline"),
                "lack of efficacy");
        OptionResult im = option(pgx(trd(40), MetaboliserPhenotype.INTERMEDIATE, null).build(), "switch-nortriptyline");
        assertEquals(EligibilityStatus.ELIGIBLE, im.status());
        assertReason(im, "start 25 % lower");
        assertReason(option(pgx(trd(40), null, MetaboliserPhenotype.RAPID).build(), "switch-amitriptyline"),
                "prefer nortriptyline or desipramine");
        assertReason(option(pgx(trd(40), MetaboliserPhenotype.ULTRARAPID, null).build(), "switch-paroxetine"),
                "CYP2D6 ultrarapid metaboliser (CPIC)");
        assertReason(option(pgx(trd(40), MetaboliserPhenotype.POOR, null).build(), "switch-fluvoxamine"),
                "start fluvoxamine 25-50 % lower");
    }

    // --- thresholds as settings (TrdConfig), each followed by the rule that reads it ---

    private static OptionResult option(TrdConfig config, Patient p, String id) {
        return TrdEngine.builder().evaluationDate(TODAY).config(config).build().assess(p).option(id)
                .orElseThrow(() -> new AssertionError(id));
    }

    @Test
    void citalopramLowerCapAgeIsASettingAndStrictlyOver() {
        Patient at63 = onCurrent(63, "citalopram", 20).build();
        OptionResult capped = option(at63, "dose-increase");
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, capped.status());
        assertReason(capped, "capped at 20 mg/day (age over 60)");
        assertEquals(EligibilityStatus.ELIGIBLE, option(onCurrent(60, "citalopram", 20).build(), "dose-increase").status(),
                "at exactly 60 the 40 mg/day cap applies (FDA: over 60)");
        TrdConfig over65 = TrdConfig.builder().citalopramLowerCapOverAge(65).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(over65, at63, "dose-increase").status());
        assertReason(option(over65, trd(70).build(), "switch-citalopram"), "at most 20 mg/day of citalopram (age over 65");
    }

    @Test
    void renalImpairmentEgfrThresholdIsASetting() {
        Patient egfr55 = onCurrent(40, "escitalopram", 10).physiology(Physiology.builder().egfr(55.0, TODAY.minusDays(10))
                .build()).build();
        OptionResult o = option(egfr55, "augment-lithium");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status());
        assertReason(o, "renal impairment (eGFR 55)");
        assertEquals(EligibilityStatus.ELIGIBLE, option(TrdConfig.builder().renalImpairmentEgfrBelow(45).build(), egfr55,
                "augment-lithium").status());
    }

    @Test
    void ketamineBloodPressureThresholdIsASetting() {
        Patient bp150 = trd(40).physiology(Physiology.builder().bloodPressure(150.0, 85.0, TODAY.minusDays(1)).build())
                .build();
        assertReason(option(bp150, "esketamine"), "150/85 mmHg above 140/90");
        TrdConfig higher = TrdConfig.builder().ketamineBloodPressureAbove(160, 95).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(higher, bp150, "esketamine").status());
        Patient dia92 = trd(40).physiology(Physiology.builder().bloodPressure(130.0, 92.0, TODAY.minusDays(1)).build())
                .build();
        assertReason(option(dia92, "iv-ketamine"), "130/92 mmHg above 140/90");
    }

    /** DPWG (Brouwer 2022, Table 2): CYP2C19 intermediate metabolisers, 75 % of the maximum; nothing for sertraline. */
    @Test
    void cyp2c19IntermediateMetaboliserCitalopramAndEscitalopramAreCappedByDpwg() {
        Patient at40 = pgx(trd(40), null, MetaboliserPhenotype.INTERMEDIATE).build();
        OptionResult cit = option(at40, "switch-citalopram");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, cit.status());
        assertReason(cit, "CYP2C19 intermediate metaboliser (DPWG): at most 30 mg/day of citalopram");
        assertReason(option(at40, "switch-escitalopram"), "at most 15 mg/day of escitalopram");
        assertFalse(hasReason(option(at40, "switch-sertraline"), "intermediate metaboliser"));
        assertReason(option(pgx(trd(70), null, MetaboliserPhenotype.INTERMEDIATE).build(), "switch-escitalopram"),
                "at most 7.5 mg/day of escitalopram");
        OptionResult atCap = option(pgx(onCurrent(40, "citalopram", 30), null, MetaboliserPhenotype.INTERMEDIATE)
                .build(), "dose-increase");
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, atCap.status());
        assertReason(atCap, "citalopram is at the DPWG maximum of 30 mg/day for a CYP2C19 intermediate metaboliser");
        OptionResult below = option(pgx(onCurrent(40, "citalopram", 20), null, MetaboliserPhenotype.INTERMEDIATE)
                .build(), "dose-increase");
        assertReason(below, "at most 30 mg/day of citalopram");
    }

    @Test
    void dpwgLowerCapAgeIsASetting() {
        Patient at66 = pgx(onCurrent(66, "escitalopram", 5), null, MetaboliserPhenotype.POOR).build();
        OptionResult capped = option(at66, "dose-increase");
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, capped.status());
        assertReason(capped, "DPWG maximum of 5 mg/day");
        OptionResult later = option(TrdConfig.builder().dpwgLowerCapAge(70).build(), at66, "dose-increase");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, later.status());
        assertReason(later, "at most 10 mg/day of escitalopram");
        assertReason(option(pgx(Patient.builder("p").episode(episode().build())
                .trial(failedTrial("t1", "sertraline", 100).build()).trial(failedTrial("t2", "venlafaxine", 225).build()),
                null, MetaboliserPhenotype.POOR).build(), "switch-citalopram"), "is lower at 65+");
    }

    // --- stale physiology: an old or undated value is no recent value, never a pass ---

    @Test
    void anOldOrUndatedBloodPressureIsNoRecentValue() {
        Patient old = trd(40).physiology(Physiology.builder().bloodPressure(120.0, 80.0, TODAY.minusDays(40)).build()).build();
        OptionResult o = option(old, "esketamine");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status());
        assertReason(o, "no recent blood pressure (the last one is 40 days old; older than 30 days is not current)");
        Patient undated = trd(40).physiology(Physiology.builder().bloodPressure(120.0, 80.0).build()).build();
        assertReason(option(undated, "esketamine"), "no recent blood pressure (the one recorded is undated");
        Patient day30 = trd(40).physiology(Physiology.builder().bloodPressure(120.0, 80.0, TODAY.minusDays(30)).build()).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(day30, "esketamine").status(), "30 days old is still current");
        assertEquals(EligibilityStatus.ELIGIBLE, option(TrdConfig.builder().physiologyMaxAgeDays(60, 180).build(), old,
                "esketamine").status());
        // an old reading above the threshold is no recent value either: review, never a pass
        Patient oldHigh = trd(40).physiology(Physiology.builder().bloodPressure(170.0, 100.0, TODAY.minusDays(90)).build()).build();
        assertReason(option(oldHigh, "esketamine"), "no recent blood pressure");
    }

    @Test
    void anOldOrUndatedEgfrIsNoRecentValue() {
        Patient old = onCurrent(40, "escitalopram", 10).physiology(Physiology.builder().egfr(90.0, TODAY.minusDays(200))
                .build()).build();
        OptionResult o = option(old, "augment-lithium");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, o.status());
        assertReason(o, "no recent eGFR (the last one is 200 days old; older than 180 days is not current)");
        assertReason(option(onCurrent(40, "escitalopram", 10).physiology(Physiology.builder().egfr(90.0).build()).build(),
                "augment-lithium"), "no recent eGFR (the one recorded is undated");
        assertEquals(EligibilityStatus.ELIGIBLE, option(TrdConfig.builder().physiologyMaxAgeDays(30, 365).build(), old,
                "augment-lithium").status());
        // an old low eGFR is not current either: it asks for a recent one (and is not shown as current impairment)
        Patient oldLow = onCurrent(40, "escitalopram", 10).physiology(Physiology.builder().egfr(40.0, TODAY.minusDays(400))
                .build()).build();
        assertReason(option(oldLow, "augment-lithium"), "no recent eGFR");
        assertFalse(hasReason(option(oldLow, "augment-lithium"), "eGFR 40)"));
        // a clinician's current statement stands when the only eGFR is old
        Patient stated = onCurrent(40, "escitalopram", 10).physiology(Physiology.builder().egfr(90.0, TODAY.minusDays(200))
                .renalImpairment(false).build()).build();
        assertEquals(EligibilityStatus.ELIGIBLE, option(stated, "augment-lithium").status());
    }

    // --- CYP2D6 dose caps of the US labels, CPIC 2023 paroxetine and CYP2C19 rapid metabolisers ---

    @Test
    void vortioxetineIsCappedAt10MgInCyp2d6PoorMetabolisers() {
        OptionResult start = option(pgx(trd(40), MetaboliserPhenotype.POOR, null).build(), "switch-vortioxetine");
        assertEquals(EligibilityStatus.ELIGIBLE, start.status());
        assertReason(start, "at most 10 mg/day of vortioxetine (known CYP2D6 poor metaboliser; Trintellix US label)");
        assertTrue(start.citations().stream().anyMatch(c -> c.startsWith("Trintellix (vortioxetine)")), start.citations().toString());
        OptionResult dose = option(pgx(onCurrent(40, "vortioxetine", 10), MetaboliserPhenotype.POOR, null).build(), "dose-increase");
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, dose.status());
        assertReason(dose, "label maximum of 10 mg/day");
        assertFalse(hasReason(option(pgx(onCurrent(40, "vortioxetine", 10), MetaboliserPhenotype.NORMAL, null).build(),
                "dose-increase"), "label maximum"));
        assertEquals(EligibilityStatus.NEEDS_REVIEW, option(pgx(trd(40), MetaboliserPhenotype.INDETERMINATE, null).build(),
                "switch-vortioxetine").status());
    }

    @Test
    void aripiprazoleAndBrexpiprazoleAtHalfDoseInCyp2d6PoorMetabolisers() {
        Patient pm = pgx(onCurrent(40, "escitalopram", 10), MetaboliserPhenotype.POOR, null).build();
        OptionResult ari = option(pm, "augment-aripiprazole");
        assertReason(ari, "half the usual dose of aripiprazole (known CYP2D6 poor metaboliser; Abilify US label)");
        assertTrue(ari.citations().stream().anyMatch(c -> c.contains("Abilify (aripiprazole)")), ari.citations().toString());
        assertReason(option(pm, "augment-brexpiprazole"), "half the usual dose of brexpiprazole (known CYP2D6 poor metaboliser; Rexulti");
        Patient im = pgx(onCurrent(40, "escitalopram", 10), MetaboliserPhenotype.INTERMEDIATE, null).build();
        assertFalse(hasReason(option(im, "augment-aripiprazole"), "half the usual dose"), "DPWG: no action in intermediate metabolisers");
        assertReason(option(pgx(onCurrent(40, "escitalopram", 10), MetaboliserPhenotype.INDETERMINATE, null).build(),
                "augment-brexpiprazole"), "CYP2D6 phenotype indeterminate");
    }

    @Test
    void paroxetineInCyp2d6IntermediateMetabolisersStartsLower() {
        OptionResult o = option(pgx(trd(40), MetaboliserPhenotype.INTERMEDIATE, null).build(), "switch-paroxetine");
        assertEquals(EligibilityStatus.ELIGIBLE, o.status());
        assertReason(o, "CYP2D6 intermediate metaboliser (CPIC 2023): consider a lower starting dose and slower titration");
        assertFalse(hasReason(option(pgx(trd(40), MetaboliserPhenotype.NORMAL, null).build(), "switch-paroxetine"), "CYP2D6"));
    }

    @Test
    void cyp2c19RapidMetabolisersStartCitalopramAtTheUsualDose() {
        // CPIC 2023: rapid metabolisers start at the recommended dose; only ultrarapid ones are pointed to an alternative
        OptionResult rapid = option(pgx(trd(40), null, MetaboliserPhenotype.RAPID).build(), "switch-escitalopram");
        assertEquals(EligibilityStatus.ELIGIBLE, rapid.status(), rapid.reasons().toString());
        assertReason(rapid, "CYP2C19 rapid metaboliser (CPIC 2023): usual starting dose");
        assertFalse(hasReason(rapid, "metaboliser (CPIC): consider an antidepressant"), "no longer grouped with ultrarapid");
        OptionResult ultra = option(pgx(trd(40), null, MetaboliserPhenotype.ULTRARAPID).build(), "switch-escitalopram");
        assertEquals(EligibilityStatus.NEEDS_REVIEW, ultra.status());
        assertReason(ultra, "CYP2C19 ultrarapid metaboliser (CPIC 2023): consider an antidepressant not predominantly");
        // the TCA guideline (2016) still groups rapid with ultrarapid for tertiary amines
        assertReason(option(pgx(trd(40), null, MetaboliserPhenotype.RAPID).build(), "switch-amitriptyline"),
                "prefer nortriptyline or desipramine");
    }

    @Test
    void hypersensitivityToEitherDrugOfAFixedCombinationContraindicatesIt() {
        OptionResult o = option(trd(40).allergy("Zyprexa").build(), "switch-olanzapine-fluoxetine");
        assertEquals(EligibilityStatus.CONTRAINDICATED, o.status());
        assertReason(o, "recorded hypersensitivity to olanzapine");
        assertEquals(EligibilityStatus.CONTRAINDICATED, option(trd(40).allergy("fluoxetine").build(),
                "switch-olanzapine-fluoxetine").status());
        assertEquals(EligibilityStatus.ELIGIBLE, option(trd(40).allergy("fluoxetine").build(), "switch-quetiapine")
                .status());
    }

    @Test
    void familiesIncludeSocial() {
        assertEquals(OptionFamily.SOCIAL, option(trd(40).build(), "befriending").family());
    }
}
