package org.trdrules;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.trdrules.assessment.DefinitionSpec;
import org.trdrules.assessment.EpisodeScope;
import org.trdrules.assessment.OptionFamily;
import org.trdrules.assessment.TreatmentKind;
import org.trdrules.model.Instrument;

/**
 * Every threshold the rules use, in one place, each with its source and status. {@link #defaults()} gives the
 * documented defaults; values marked UNCONFIRMED are defaults a clinician should check (listed with their sources in docs/definitions.md).
 * Build one with {@link #builder()} (or change one with {@link #toBuilder()}); each setter validates its argument at
 * once. The {@code with...} methods are shorthands returning a new config. Immutable and thread-safe.
 */
public final class TrdConfig {

    /** What to conclude about adherence when the record does not state it. */
    public enum UnknownAdherence {
        /** Treat as adequate and say so in the explanation (default). */
        ASSUME_ADEQUATE,
        /** Make adequacy INDETERMINATE until adherence is recorded. */
        INDETERMINATE
    }

    /** One configurable value with its source and status, for documentation and review. */
    public record Setting(String name, String value, String citation, SourceStatus status) {}

    private final double minimumTrialWeeks;
    private final double minimumAugmentationWeeks;
    private final double minimumAdherencePercent;
    private final UnknownAdherence unknownAdherence;
    private final double responsePercent;
    private final double partialResponsePercent;
    private final Map<Instrument, Double> remissionAtOrBelow;
    private final int baselineWindowDays;
    private final int minimumEctSessions;
    private final int minimumPsychotherapySessions;
    private final int olderAdultAge;
    private final double chronicEpisodeWeeks;
    private final int maoiWashoutDays;
    private final int item9RecencyDays;
    private final int citalopramLowerCapOverAge;
    private final int dpwgLowerCapAge;
    private final double renalImpairmentEgfrBelow;
    private final double ketamineSystolicAbove;
    private final double ketamineDiastolicAbove;
    private final int bloodPressureMaxAgeDays;
    private final int egfrMaxAgeDays;
    private final List<DefinitionSpec> customDefinitions;
    private final boolean eligibility;
    private final Set<OptionFamily> optionFamilies;

    private TrdConfig(Builder b) {
        this.minimumTrialWeeks = b.minimumTrialWeeks;
        this.minimumAugmentationWeeks = b.minimumAugmentationWeeks;
        this.minimumAdherencePercent = b.minimumAdherencePercent;
        this.unknownAdherence = b.unknownAdherence;
        this.responsePercent = b.responsePercent;
        this.partialResponsePercent = b.partialResponsePercent;
        this.remissionAtOrBelow = Map.copyOf(b.remissionAtOrBelow);
        this.baselineWindowDays = b.baselineWindowDays;
        this.minimumEctSessions = b.minimumEctSessions;
        this.minimumPsychotherapySessions = b.minimumPsychotherapySessions;
        this.olderAdultAge = b.olderAdultAge;
        this.chronicEpisodeWeeks = b.chronicEpisodeWeeks;
        this.maoiWashoutDays = b.maoiWashoutDays;
        this.item9RecencyDays = b.item9RecencyDays;
        this.citalopramLowerCapOverAge = b.citalopramLowerCapOverAge;
        this.dpwgLowerCapAge = b.dpwgLowerCapAge;
        this.renalImpairmentEgfrBelow = b.renalImpairmentEgfrBelow;
        this.ketamineSystolicAbove = b.ketamineSystolicAbove;
        this.ketamineDiastolicAbove = b.ketamineDiastolicAbove;
        this.bloodPressureMaxAgeDays = b.bloodPressureMaxAgeDays;
        this.egfrMaxAgeDays = b.egfrMaxAgeDays;
        this.customDefinitions = List.copyOf(b.customDefinitions);
        this.eligibility = b.eligibility;
        this.optionFamilies = java.util.Collections.unmodifiableSet(EnumSet.copyOf(b.optionFamilies));
    }

    private static final TrdConfig DEFAULTS = new Builder().build();

    /** The documented defaults. */
    public static TrdConfig defaults() {
        return DEFAULTS;
    }

    /** A builder holding the documented defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static double check(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message(name + " must be between " + lo
                    + " and " + hi));
        }
        return v;
    }

    /**
     * Builder for {@link TrdConfig}, starting from the documented defaults. Each setter validates its argument at
     * once ({@code TRD-CONFIG-001} or {@code TRD-CONFIG-002}). Not thread-safe; use one per thread.
     */
    public static final class Builder {
        private double minimumTrialWeeks = 6;
        private double minimumAugmentationWeeks = 4;
        private double minimumAdherencePercent = 80;
        private UnknownAdherence unknownAdherence = UnknownAdherence.ASSUME_ADEQUATE;
        private double responsePercent = 50;
        private double partialResponsePercent = 25;
        private final Map<Instrument, Double> remissionAtOrBelow = new LinkedHashMap<>(Map.of(Instrument.PHQ9, 4.0,
                Instrument.QIDS_SR16, 5.0, Instrument.HAMD17, 7.0, Instrument.MADRS, 9.0));
        private int baselineWindowDays = 30;
        private int minimumEctSessions = 6;
        private int minimumPsychotherapySessions = 8;
        private int olderAdultAge = 65;
        private double chronicEpisodeWeeks = 104;
        private int maoiWashoutDays = 14;
        private int item9RecencyDays = 14;
        private int citalopramLowerCapOverAge = 60;
        private int dpwgLowerCapAge = 65;
        private double renalImpairmentEgfrBelow = 60;
        private double ketamineSystolicAbove = 140;
        private double ketamineDiastolicAbove = 90;
        private int bloodPressureMaxAgeDays = 30;
        private int egfrMaxAgeDays = 180;
        private final List<DefinitionSpec> customDefinitions = new ArrayList<>();
        private boolean eligibility = true;
        private final EnumSet<OptionFamily> optionFamilies = EnumSet.allOf(OptionFamily.class);

        private Builder() {
        }

        private Builder(TrdConfig c) {
            minimumTrialWeeks = c.minimumTrialWeeks;
            minimumAugmentationWeeks = c.minimumAugmentationWeeks;
            minimumAdherencePercent = c.minimumAdherencePercent;
            unknownAdherence = c.unknownAdherence;
            responsePercent = c.responsePercent;
            partialResponsePercent = c.partialResponsePercent;
            remissionAtOrBelow.putAll(c.remissionAtOrBelow);
            baselineWindowDays = c.baselineWindowDays;
            minimumEctSessions = c.minimumEctSessions;
            minimumPsychotherapySessions = c.minimumPsychotherapySessions;
            olderAdultAge = c.olderAdultAge;
            chronicEpisodeWeeks = c.chronicEpisodeWeeks;
            maoiWashoutDays = c.maoiWashoutDays;
            item9RecencyDays = c.item9RecencyDays;
            citalopramLowerCapOverAge = c.citalopramLowerCapOverAge;
            dpwgLowerCapAge = c.dpwgLowerCapAge;
            renalImpairmentEgfrBelow = c.renalImpairmentEgfrBelow;
            ketamineSystolicAbove = c.ketamineSystolicAbove;
            ketamineDiastolicAbove = c.ketamineDiastolicAbove;
            bloodPressureMaxAgeDays = c.bloodPressureMaxAgeDays;
            egfrMaxAgeDays = c.egfrMaxAgeDays;
            customDefinitions.addAll(c.customDefinitions);
            eligibility = c.eligibility;
            optionFamilies.clear();
            optionFamilies.addAll(c.optionFamilies);
        }

        /** Minimum weeks for an adequate antidepressant trial under the regulatory definitions and staging (1-52). */
        public Builder minimumTrialWeeks(double weeks) {
            minimumTrialWeeks = check("minimumTrialWeeks", weeks, 1, 52);
            return this;
        }

        /** Minimum weeks for an adequate augmentation (1-52). */
        public Builder minimumAugmentationWeeks(double weeks) {
            minimumAugmentationWeeks = check("minimumAugmentationWeeks", weeks, 1, 52);
            return this;
        }

        /** Minimum adherence percent for an adequate trial (0-100). */
        public Builder minimumAdherencePercent(double percent) {
            minimumAdherencePercent = check("minimumAdherencePercent", percent, 0, 100);
            return this;
        }

        /** What unrecorded adherence means. */
        public Builder unknownAdherence(UnknownAdherence policy) {
            unknownAdherence = Objects.requireNonNull(policy, "unknownAdherence");
            return this;
        }

        /** Response = improvement at or above {@code responsePercent}; partial response from the partial threshold. */
        public Builder responseThresholds(double partialResponsePercent, double responsePercent) {
            check("partialResponsePercent", partialResponsePercent, 1, 99);
            check("responsePercent", responsePercent, partialResponsePercent + 1, 100);
            this.partialResponsePercent = partialResponsePercent;
            this.responsePercent = responsePercent;
            return this;
        }

        /** Remission = a score at or below this value on the instrument (within the instrument's range). */
        public Builder remissionAtOrBelow(Instrument instrument, double score) {
            Objects.requireNonNull(instrument, "instrument");
            remissionAtOrBelow.put(instrument, check("remissionAtOrBelow." + instrument, score, instrument.min(),
                    instrument.max()));
            return this;
        }

        /** How many days before a trial's start a score may lie and still be its baseline (0-365). */
        public Builder baselineWindowDays(int days) {
            baselineWindowDays = (int) check("baselineWindowDays", days, 0, 365);
            return this;
        }

        /** Minimum sessions for an adequate ECT course (1-100) and psychotherapy course (1-200). */
        public Builder minimumSessions(int ect, int psychotherapy) {
            check("minimumEctSessions", ect, 1, 100);
            check("minimumPsychotherapySessions", psychotherapy, 1, 200);
            minimumEctSessions = ect;
            minimumPsychotherapySessions = psychotherapy;
            return this;
        }

        /** Age from which the older-adult rules apply (Beers criteria, the older-age risk factor), 50-100 years. */
        public Builder olderAdultAge(int years) {
            olderAdultAge = (int) check("olderAdultAge", years, 50, 100);
            return this;
        }

        /** Length of the current episode from which it is chronic (risk factor, VNS), 26-520 weeks. */
        public Builder chronicEpisodeWeeks(double weeks) {
            chronicEpisodeWeeks = check("chronicEpisodeWeeks", weeks, 26, 520);
            return this;
        }

        /** Drug-free days required between an MAOI and another antidepressant (either way), 7-60 days. */
        public Builder maoiWashoutDays(int days) {
            maoiWashoutDays = (int) check("maoiWashoutDays", days, 7, 60);
            return this;
        }

        /**
         * How many days before the evaluation date a PHQ-9 item-9 answer may lie and still say that suicide risk is
         * currently absent (1-365). An older (or undated) answer of 0 leaves the risk unknown; an answer above 0
         * triggers the finding whenever it was given.
         */
        public Builder item9RecencyDays(int days) {
            item9RecencyDays = (int) check("item9RecencyDays", days, 1, 365);
            return this;
        }

        /**
         * Age above which citalopram is capped at 20 mg/day instead of 40 (QT prolongation), 50-100 years; the
         * comparison is strict: at exactly this age the 40 mg/day cap applies.
         */
        public Builder citalopramLowerCapOverAge(int years) {
            citalopramLowerCapOverAge = (int) check("citalopramLowerCapOverAge", years, 50, 100);
            return this;
        }

        /** Age from which the lower DPWG dose caps for CYP2C19 poor metabolisers apply (citalopram, escitalopram), 50-100 years. */
        public Builder dpwgLowerCapAge(int years) {
            dpwgLowerCapAge = (int) check("dpwgLowerCapAge", years, 50, 100);
            return this;
        }

        /** eGFR (mL/min/1.73 m2) below which renal function is impaired for the lithium check, 15-120. */
        public Builder renalImpairmentEgfrBelow(double egfr) {
            renalImpairmentEgfrBelow = check("renalImpairmentEgfrBelow", egfr, 15, 120);
            return this;
        }

        /**
         * Blood pressure (mmHg) above which esketamine or ketamine asks to consider delaying: systolic 90-220,
         * diastolic 50-140; either value above its threshold counts.
         */
        public Builder ketamineBloodPressureAbove(double systolic, double diastolic) {
            ketamineSystolicAbove = check("ketamineSystolicAbove", systolic, 90, 220);
            ketamineDiastolicAbove = check("ketamineDiastolicAbove", diastolic, 50, 140);
            return this;
        }

        /**
         * How many days before the evaluation date a blood pressure (1-365) or an eGFR (1-730) may have been taken
         * and still count as current. An older or undated value is not current: the checks that read it ask for a
         * recent one instead of passing.
         */
        public Builder physiologyMaxAgeDays(int bloodPressureDays, int egfrDays) {
            check("bloodPressureMaxAgeDays", bloodPressureDays, 1, 365);
            check("egfrMaxAgeDays", egfrDays, 1, 730);
            bloodPressureMaxAgeDays = bloodPressureDays;
            egfrMaxAgeDays = egfrDays;
            return this;
        }

        /** Adds an integrator-defined definition; its id must not clash with a built-in or another custom id. */
        public Builder definition(DefinitionSpec spec) {
            Objects.requireNonNull(spec, "spec");
            if (RESERVED_STAGING_BASIS_ID.equals(spec.id())) {
                throw new IllegalArgumentException(ErrorCode.CONFIG_DEFINITION_ID.message("definition id '"
                        + spec.id() + "' is reserved"));
            }
            if (build().definitions().stream().anyMatch(d -> d.id().equals(spec.id()))) {
                throw new IllegalArgumentException(ErrorCode.CONFIG_DEFINITION_ID.message("definition id '"
                        + spec.id() + "' already exists"));
            }
            customDefinitions.add(spec);
            return this;
        }

        /**
         * Whether assessments include treatment-option eligibility. Turning it off roughly halves the cost per
         * assessment for population screening that needs only definitions and staging (docs/performance.md); the
         * safety finding is always produced.
         */
        public Builder eligibility(boolean enabled) {
            eligibility = enabled;
            return this;
        }

        /**
         * The option families whose options are judged when eligibility is on (default: all). A caller that shows
         * only some families, such as a patient-view card that suggests procedures, judges only those: each option
         * is judged on its own, so the options judged are exactly as they would be among all of them, and the
         * assessment lists only them. At least one family ({@code TRD-CONFIG-001}); {@link #eligibility(boolean)}
         * turns eligibility off.
         */
        public Builder optionFamilies(Set<OptionFamily> families) {
            if (families == null || families.isEmpty() || families.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.message("optionFamilies must name at"
                        + " least one family; eligibility(false) turns eligibility off"));
            }
            optionFamilies.clear();
            optionFamilies.addAll(families);
            return this;
        }

        /** The config. */
        public TrdConfig build() {
            return new TrdConfig(this);
        }
    }

    /** Minimum weeks for an adequate antidepressant trial under the regulatory definitions and staging (default 6). */
    public TrdConfig withMinimumTrialWeeks(double weeks) {
        return toBuilder().minimumTrialWeeks(weeks).build();
    }

    /** Minimum weeks for an adequate augmentation (default 4). */
    public TrdConfig withMinimumAugmentationWeeks(double weeks) {
        return toBuilder().minimumAugmentationWeeks(weeks).build();
    }

    /** Minimum adherence percent for an adequate trial (default 80). */
    public TrdConfig withMinimumAdherencePercent(double percent) {
        return toBuilder().minimumAdherencePercent(percent).build();
    }

    /** What unrecorded adherence means (default {@link UnknownAdherence#ASSUME_ADEQUATE}). */
    public TrdConfig withUnknownAdherence(UnknownAdherence policy) {
        return toBuilder().unknownAdherence(policy).build();
    }

    /** Response = improvement at or above this percent (default 50); partial response from the partial threshold. */
    public TrdConfig withResponseThresholds(double partialResponsePercent, double responsePercent) {
        return toBuilder().responseThresholds(partialResponsePercent, responsePercent).build();
    }

    /** Remission = a score at or below this value on the instrument (defaults PHQ-9 4, QIDS-SR16 5, HAM-D17 7, MADRS 9). */
    public TrdConfig withRemissionAtOrBelow(Instrument instrument, double score) {
        return toBuilder().remissionAtOrBelow(instrument, score).build();
    }

    /** How many days before a trial's start a score may lie and still be its baseline (default 30). */
    public TrdConfig withBaselineWindowDays(int days) {
        return toBuilder().baselineWindowDays(days).build();
    }

    /** Minimum sessions for an adequate ECT course (default 6) and psychotherapy course (default 8). */
    public TrdConfig withMinimumSessions(int ect, int psychotherapy) {
        return toBuilder().minimumSessions(ect, psychotherapy).build();
    }

    /** Adds an integrator-defined definition; its id must not clash with a built-in or another custom id. */
    public TrdConfig withDefinition(DefinitionSpec spec) {
        return toBuilder().definition(spec).build();
    }

    /** Whether assessments include treatment-option eligibility (default true); see {@link Builder#eligibility}. */
    public TrdConfig withEligibility(boolean enabled) {
        return toBuilder().eligibility(enabled).build();
    }

    /** The same config judging only the options of these families; see {@link Builder#optionFamilies}. */
    public TrdConfig withOptionFamilies(Set<OptionFamily> families) {
        return toBuilder().optionFamilies(families).build();
    }

    /** Whether assessments include treatment-option eligibility. */
    public boolean eligibility() { return eligibility; }

    /** The option families judged when eligibility is on (default all; unmodifiable). */
    public Set<OptionFamily> optionFamilies() { return optionFamilies; }

    /** Minimum weeks for an adequate antidepressant trial (default 6). */
    public double minimumTrialWeeks() { return minimumTrialWeeks; }
    /** Minimum weeks for an adequate augmentation or combination (default 4). */
    public double minimumAugmentationWeeks() { return minimumAugmentationWeeks; }
    /** Minimum adherence percent for an adequate trial (default 80). */
    public double minimumAdherencePercent() { return minimumAdherencePercent; }
    /** What an unrecorded adherence means. */
    public UnknownAdherence unknownAdherence() { return unknownAdherence; }
    /** Improvement percent from which a treatment responded (default 50). */
    public double responsePercent() { return responsePercent; }
    /** Improvement percent from which a response is partial (default 25). */
    public double partialResponsePercent() { return partialResponsePercent; }
    /** The score at or below which the instrument shows remission. */
    public double remissionAtOrBelow(Instrument instrument) { return remissionAtOrBelow.get(instrument); }
    /** How many days before a trial a score may be to serve as its baseline. */
    public int baselineWindowDays() { return baselineWindowDays; }
    /** Minimum ECT sessions for an adequate course. */
    public int minimumEctSessions() { return minimumEctSessions; }
    /** Minimum psychotherapy sessions for an adequate course. */
    public int minimumPsychotherapySessions() { return minimumPsychotherapySessions; }
    /** Age from which the older-adult rules apply (default 65). */
    public int olderAdultAge() { return olderAdultAge; }
    /**
     * Weeks from which the current episode is chronic (default 104, two years). Compared in weeks of 7 days: 104
     * weeks are 728 days, 2 or 3 days short of two calendar years (730 or 731 days), so an episode of 728 or 729
     * days already counts as chronic. The difference is deliberate (one unit for every duration threshold) and
     * smaller than the precision of a recorded episode onset.
     */
    public double chronicEpisodeWeeks() { return chronicEpisodeWeeks; }
    /** Drug-free days between an MAOI and another antidepressant (default 14; fluoxetine needs longer). */
    public int maoiWashoutDays() { return maoiWashoutDays; }
    /** Days a PHQ-9 item-9 answer of 0 counts as current (default 14, the PHQ-9's two-week recall period). */
    public int item9RecencyDays() { return item9RecencyDays; }
    /** Age above which citalopram is capped at 20 mg/day (default 60, FDA 2011/2012). */
    public int citalopramLowerCapOverAge() { return citalopramLowerCapOverAge; }
    /** Age from which the lower DPWG caps for CYP2C19 poor metabolisers apply (default 65). */
    public int dpwgLowerCapAge() { return dpwgLowerCapAge; }
    /** eGFR below which renal function is impaired for the lithium check (default 60, KDIGO G3a-G5). */
    public double renalImpairmentEgfrBelow() { return renalImpairmentEgfrBelow; }
    /** Systolic blood pressure above which (es)ketamine asks to consider delaying (default 140). */
    public double ketamineSystolicAbove() { return ketamineSystolicAbove; }
    /** Diastolic blood pressure above which (es)ketamine asks to consider delaying (default 90). */
    public double ketamineDiastolicAbove() { return ketamineDiastolicAbove; }
    /** Days a blood pressure counts as current (default 30, UNCONFIRMED). */
    public int bloodPressureMaxAgeDays() { return bloodPressureMaxAgeDays; }
    /** Days an eGFR counts as current (default 180, UNCONFIRMED). */
    public int egfrMaxAgeDays() { return egfrMaxAgeDays; }

    /** EU-PEARL recommendation 3: a failure is <25 % improvement (Sforzini 2022); part of the definition itself. */
    static final double EU_PEARL_FAILURE_BELOW = 25;

    /** Id used internally for the staging basis; not available to custom definitions. */
    public static final String RESERVED_STAGING_BASIS_ID = "staging-basis";


    private static final EnumSet<TreatmentKind> PHARMACOLOGICAL =
            EnumSet.of(TreatmentKind.ANTIDEPRESSANT, TreatmentKind.AUGMENTATION, TreatmentKind.COMBINATION);

    /** The built-in definitions (with this config's thresholds) followed by the custom ones, in report order. */
    public List<DefinitionSpec> definitions() {
        List<DefinitionSpec> l = new ArrayList<>();
        l.add(new DefinitionSpec("two-adequate-trials", "FDA/EMA: 2 failed adequate trials", 2, 1, responsePercent,
                minimumTrialWeeks, EpisodeScope.CURRENT_EPISODE, PHARMACOLOGICAL,
                "At least two different antidepressant treatments, each at an adequate dose for an adequate duration"
                        + " with adherence, without response in the current episode.",
                "FDA 2019 (esketamine approval release); Spravato US label 2019/2025; McIntyre et al. World"
                        + " Psychiatry 2023;22(3):394-412",
                SourceStatus.UNCONFIRMED, "the duration (" + fmt(minimumTrialWeeks) + " weeks) and non-response (<"
                        + fmt(responsePercent) + " %) are configurable defaults; the sources say 'adequate'"));
        l.add(new DefinitionSpec("two-classes", "2 failed trials, different classes", 2, 2, responsePercent,
                minimumTrialWeeks, EpisodeScope.CURRENT_EPISODE, PHARMACOLOGICAL,
                "At least two failed adequate antidepressant treatments from different pharmacological classes in"
                        + " the current episode (an augmentation counts as a treatment but brings no class of its"
                        + " own).",
                "EMA-style wording as quoted in Jaffe, Rive, Denee, BMC Psychiatry 2019; Thase (Psychlopedia)",
                SourceStatus.UNCONFIRMED, "EMA Rev. 2 body text not verified; duration and non-response are defaults"));
        l.add(new DefinitionSpec("four-treatments", ">=4 failed adequate treatments", 4, 1, responsePercent,
                minimumTrialWeeks, EpisodeScope.ANY_EPISODE,
                EnumSet.of(TreatmentKind.ANTIDEPRESSANT, TreatmentKind.AUGMENTATION, TreatmentKind.COMBINATION,
                        TreatmentKind.ECT, TreatmentKind.PSYCHOTHERAPY),
                "Depression that has not responded adequately to four or more adequate antidepressant treatments"
                        + " (antidepressant trials, augmentations, combinations, ECT and psychotherapy count).",
                "FDA VNS Therapy approval, July 2005; Cyberonics patient information",
                SourceStatus.UNCONFIRMED,
                "what counts as a treatment, the lifetime scope and the session minimums are defaults"));
        l.add(new DefinitionSpec("eu-pearl-2022", "EU-PEARL: 2 failures <25 %", 2, 1, EU_PEARL_FAILURE_BELOW, 4,
                EpisodeScope.CURRENT_EPISODE, PHARMACOLOGICAL,
                "A minimum of two failed treatments with <25 % improvement at adequate dose and duration; stopping"
                        + " before week 4 without clear non-response is not a failure.",
                "Sforzini L et al. Mol Psychiatry 2022 (EU-PEARL Delphi consensus), recommendations 3 and 10",
                SourceStatus.PARTLY_CONFIRMED, "thresholds (<25 %, 4 weeks) confirmed; current-episode scope is a default"));
        l.add(new DefinitionSpec("canadian-2021", "Canadian consensus: 2 trials <50 %", 2, 1, 50, 4,
                EpisodeScope.CURRENT_EPISODE, PHARMACOLOGICAL,
                "Failure to achieve response (<50 % symptom reduction) to two adequately dosed antidepressant"
                        + " trials of at least 4-6 weeks.",
                "Rybak YE et al. Depress Anxiety 2021;38(4):456-467, doi 10.1002/da.23135, Table 3",
                SourceStatus.PARTLY_CONFIRMED,
                "thresholds (<50 %, 4-6 weeks; the lower bound 4 is used) confirmed; scope is a default"));
        l.addAll(customDefinitions);
        return List.copyOf(l);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Fabbri et al. 2021 (UK primary-care switch phenotype): more than this many weeks apart, courses of one drug are separate prescription episodes. */
    public static final int FABBRI_2021_EPISODE_GAP_WEEKS = 26;
    /** Fabbri et al. 2021: a qualifying switch needs at least this many weeks on the previous drug. */
    public static final int FABBRI_2021_MIN_EPISODE_WEEKS = 6;
    /** Fabbri et al. 2021: a qualifying switch needs the new drug started within this many weeks. */
    public static final int FABBRI_2021_SWITCH_WITHIN_WEEKS = 14;
    /** Fabbri et al. 2021: TRD needs at least this many qualifying switches (out of different drugs). */
    public static final int FABBRI_2021_MIN_SWITCHES = 2;
    static final String FABBRI_2021_SOURCE = "Fabbri C et al. Mol Psychiatry 2021;26(7):3363-3373 (abstract) and the"
            + " authors' published code (github.com/chiarafabbri/MDD_TRD_study)";

    /** Every threshold with its value, source and status, for documentation and audit. */
    public List<Setting> settings() {
        return List.of(
                new Setting("minimumTrialWeeks", fmt(minimumTrialWeeks),
                        "MGH-S (Fava 2003) >=6 weeks; OFC relapse trial >=6 weeks; sources range 4-8 weeks", SourceStatus.UNCONFIRMED),
                new Setting("minimumAugmentationWeeks", fmt(minimumAugmentationWeeks),
                        "ATHF >=4 weeks (Sackeim 2001); EU-PEARL rec. 10", SourceStatus.UNCONFIRMED),
                new Setting("minimumAdherencePercent", fmt(minimumAdherencePercent),
                        "no numeric source found; FDA/EMA say 'adherence'", SourceStatus.UNCONFIRMED),
                new Setting("unknownAdherence", unknownAdherence.name(),
                        "policy default; the ATRQ worked example judges trials without adherence data", SourceStatus.UNCONFIRMED),
                new Setting("responsePercent", fmt(responsePercent),
                        ">=50 % reduction (Cipriani 2009; STAR*D; esketamine trials)", SourceStatus.CONFIRMED),
                new Setting("partialResponsePercent", fmt(partialResponsePercent),
                        "EU-PEARL <25 % = failure (Sforzini 2022); the 25-49 % partial band is unconfirmed", SourceStatus.UNCONFIRMED),
                new Setting("remissionAtOrBelow.PHQ9", fmt(remissionAtOrBelow.get(Instrument.PHQ9)),
                        "PHQ-9 <5 (NQF 1885 / CMS159)", SourceStatus.CONFIRMED),
                new Setting("remissionAtOrBelow.QIDS_SR16", fmt(remissionAtOrBelow.get(Instrument.QIDS_SR16)),
                        "QIDS-SR16 <=5 (ids-qids.org; STAR*D)", SourceStatus.CONFIRMED),
                new Setting("remissionAtOrBelow.HAMD17", fmt(remissionAtOrBelow.get(Instrument.HAMD17)),
                        "HAM-D17 <=7 (STAR*D, Trivedi 2006)", SourceStatus.CONFIRMED),
                new Setting("remissionAtOrBelow.MADRS", fmt(remissionAtOrBelow.get(Instrument.MADRS)),
                        "MADRS <10 (Hawley 2002); presets <=10 (Zimmerman 2004) and <=12 (SUSTAIN-3)", SourceStatus.UNCONFIRMED),
                new Setting("baselineWindowDays", Integer.toString(baselineWindowDays),
                        "no source; how old a score may be to serve as a trial's baseline", SourceStatus.UNCONFIRMED),
                new Setting("minimumEctSessions", Integer.toString(minimumEctSessions),
                        "no source found (ATHF ECT levels not retrieved)", SourceStatus.UNCONFIRMED),
                new Setting("minimumPsychotherapySessions", Integer.toString(minimumPsychotherapySessions),
                        "no source found", SourceStatus.UNCONFIRMED),
                new Setting("fabbri2021.episodeGapWeeks", Integer.toString(FABBRI_2021_EPISODE_GAP_WEEKS),
                        FABBRI_2021_SOURCE + ": a gap over 26 weeks starts a new prescription episode", SourceStatus.CONFIRMED),
                new Setting("fabbri2021.minEpisodeWeeks", Integer.toString(FABBRI_2021_MIN_EPISODE_WEEKS),
                        FABBRI_2021_SOURCE + ": each drug prescribed for at least 6 weeks", SourceStatus.CONFIRMED),
                new Setting("fabbri2021.switchWithinWeeks", Integer.toString(FABBRI_2021_SWITCH_WITHIN_WEEKS),
                        FABBRI_2021_SOURCE + ": the next drug within 14 weeks", SourceStatus.CONFIRMED),
                new Setting("fabbri2021.minSwitches", Integer.toString(FABBRI_2021_MIN_SWITCHES),
                        FABBRI_2021_SOURCE + ": at least two switches", SourceStatus.CONFIRMED),
                new Setting("olderAdultAge", Integer.toString(olderAdultAge),
                        "American Geriatrics Society Beers Criteria Update Expert Panel. J Am Geriatr Soc"
                                + " 2023;71(7):2052-2081 (adults 65 and older); the older-age risk factor uses the"
                                + " same age", SourceStatus.CONFIRMED),
                new Setting("chronicEpisodeWeeks", fmt(chronicEpisodeWeeks),
                        "VNS pivotal trial inclusion: chronic = current episode of 2 years or more (Rush AJ et al."
                                + " Biol Psychiatry 2005;58(5):347-354); DSM-5 persistent depressive disorder: 2 years; 104 weeks"
                                + " = 728 days, compared in weeks (2-3 days short of 2 calendar years)",
                        SourceStatus.CONFIRMED),
                new Setting("maoiWashoutDays", Integer.toString(maoiWashoutDays),
                        "bupropion US prescribing information, Contraindications (within 14 days of stopping an"
                                + " MAOI); MAOI prescribing information (14 days after other antidepressants, 5 weeks"
                                + " after fluoxetine); APA Practice Guideline for MDD 2000 (1-2 weeks)",
                        SourceStatus.UNCONFIRMED),
                new Setting("item9RecencyDays", Integer.toString(item9RecencyDays),
                        "Kroenke K, Spitzer RL, Williams JB. J Gen Intern Med 2001;16(9):606-613: the PHQ-9 asks about"
                                + " the last 2 weeks; using that recall period as how long an item-9 answer of 0 says"
                                + " 'no current risk' is a default", SourceStatus.UNCONFIRMED),
                new Setting("citalopramLowerCapOverAge", Integer.toString(citalopramLowerCapOverAge),
                        "US Food and Drug Administration. FDA Drug Safety Communication: Revised recommendations for"
                                + " Celexa (citalopram hydrobromide) related to a potential risk of abnormal heart rhythms"
                                + " with high doses (24 August 2011, revised 28 March 2012): 20 mg/day is the maximum dose"
                                + " in patients over 60 years of age", SourceStatus.CONFIRMED),
                new Setting("dpwgLowerCapAge", Integer.toString(dpwgLowerCapAge),
                        "Brouwer JMJL et al. Dutch Pharmacogenetics Working Group (DPWG) guideline for the gene-drug"
                                + " interaction between CYP2C19 and CYP2D6 and SSRIs. Eur J Hum Genet 2022;30(10):1114-1120,"
                                + " Table 2 (CYP2C19 poor metabolisers: citalopram 10 mg/day and escitalopram 5 mg/day in"
                                + " adults 65 years or older)", SourceStatus.CONFIRMED),
                new Setting("renalImpairmentEgfrBelow", fmt(renalImpairmentEgfrBelow),
                        "KDIGO 2012 (Kidney Disease: Improving Global Outcomes (KDIGO) CKD Work Group. Kidney Int Suppl"
                                + " 2013;3(1):1-150): GFR below 60 = categories G3a-G5; no lithium-specific eGFR threshold"
                                + " was found, so using the CKD boundary for the lithium review is a default",
                        SourceStatus.PARTLY_CONFIRMED),
                new Setting("ketamineSystolicAbove", fmt(ketamineSystolicAbove),
                        "Spravato (esketamine) nasal spray, US prescribing information, Janssen, Dosage and"
                                + " Administration and Warnings and Precautions (increases in blood pressure): baseline"
                                + " blood pressure above 140 mmHg systolic or 90 mmHg diastolic, weigh the risk of a"
                                + " short-term rise (read in secondary copies of the label text)", SourceStatus.CONFIRMED),
                new Setting("ketamineDiastolicAbove", fmt(ketamineDiastolicAbove),
                        "Spravato (esketamine) nasal spray, US prescribing information, Janssen, Dosage and"
                                + " Administration and Warnings and Precautions (increases in blood pressure), as for"
                                + " ketamineSystolicAbove", SourceStatus.CONFIRMED),
                new Setting("bloodPressureMaxAgeDays", Integer.toString(bloodPressureMaxAgeDays),
                        "no source gives an age beyond which a blood pressure stops describing the patient; the"
                                + " Spravato US prescribing information asks for it before every dose, so for judging"
                                + " eligibility a reading older than a month (or undated) is treated as no recent value"
                                + " (default)", SourceStatus.UNCONFIRMED),
                new Setting("egfrMaxAgeDays", Integer.toString(egfrMaxAgeDays),
                        "no source gives an age beyond which an eGFR stops describing renal function; lithium needs"
                                + " renal monitoring (Lam RW et al. CANMAT 2023 Update, Can J Psychiatry 2024;69(9):641-687,"
                                + " section 7) and six-monthly renal checks are common practice, so an eGFR older than"
                                + " 180 days (or undated) is treated as no recent value (default)", SourceStatus.UNCONFIRMED),
                new Setting("eligibility", Boolean.toString(eligibility),
                        "whether treatment-option eligibility is computed (off for population screening)", SourceStatus.POLICY),
                new Setting("optionFamilies", optionFamilies.size() == OptionFamily.values().length ? "all"
                        : optionFamilies.stream().map(Enum::name).collect(java.util.stream.Collectors.joining(",")),
                        "the option families judged when eligibility is on", SourceStatus.POLICY));
    }
}
