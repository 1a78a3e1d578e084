package org.trdrules.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A depressed patient's treatment history: the single input of an assessment. Every field except {@code id} may
 * be missing; missing data makes the affected conclusions INDETERMINATE, never silently "no". Impossible data is
 * rejected by {@link #validate(LocalDate)}. Immutable and thread-safe.
 *
 * @param id              the caller's identifier; echoed in the result, never logged
 * @param ageYears        age in years at the evaluation date (used when {@code birthDate} is null)
 * @param birthDate       date of birth
 * @param sex             recorded sex
 * @param pregnant        pregnancy status; null when not recorded
 * @param suicidalIdeation current suicidal ideation or behaviour recorded by the clinician; null when not recorded
 * @param conditions      coded diagnoses and conditions
 * @param allergies       substances with a recorded hypersensitivity (ingredient or brand names)
 * @param episodes        depressive episodes
 * @param trials          antidepressant trials, each with its augmentations and combinations
 * @param procedures      ECT, VNS, rTMS, ketamine and esketamine courses
 * @param psychotherapies psychotherapy courses
 * @param measurements    symptom scores
 * @param medications     other medications (not antidepressant trials), for interaction screening
 * @param lifeEvents      psychosocial stressors and changes in routine
 * @param physiology      blood pressure, renal and hepatic function, postpartum and lactation; null when not recorded
 * @param pharmacogenomics CYP2D6 and CYP2C19 phenotypes; null when not tested
 */
public record Patient(String id, Integer ageYears, LocalDate birthDate, Sex sex, Boolean pregnant,
                      Boolean suicidalIdeation, List<CodedCondition> conditions, List<String> allergies, List<Episode> episodes, List<AntidepressantTrial> trials,
                      List<Procedure> procedures, List<Psychotherapy> psychotherapies,
                      List<Measurement> measurements, List<Medication> medications, List<LifeEvent> lifeEvents,
                      Physiology physiology, Pharmacogenomics pharmacogenomics) {

    /** Earliest date accepted anywhere in a history (validation; readers treat earlier ones as absent). */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1900, 1, 1);
    /** Latest date accepted anywhere in a history (a planned end may lie after the evaluation date). */
    public static final LocalDate LATEST_DATE = LocalDate.of(2200, 12, 31);
    /** Longest course in weeks (100 years). */
    public static final double MAX_WEEKS = 5_200;
    /** Largest daily dose in mg (10 g; the largest labelled daily doses in the catalogue are a few grams). */
    public static final double MAX_DAILY_DOSE_MG = 10_000;


    /** The physiology, or an all-unset one when none is recorded (never null). */
    public Physiology physiologyOrEmpty() {
        return physiology != null ? physiology : EMPTY_PHYSIOLOGY;
    }

    private static final Physiology EMPTY_PHYSIOLOGY = new Physiology(null, null, null, null, null, null, null, null, null);

    /** Validates the components and copies the lists (see the type description for each one). */
    public Patient {
        conditions = Lists.copy(conditions);
        allergies = Lists.copy(allergies);
        episodes = Lists.copy(episodes);
        trials = Lists.copy(trials);
        procedures = Lists.copy(procedures);
        psychotherapies = Lists.copy(psychotherapies);
        measurements = Lists.copy(measurements);
        medications = Lists.copy(medications);
        lifeEvents = Lists.copy(lifeEvents);
    }

    /**
     * Every problem that makes this history impossible at the given evaluation date, each with its field path
     * (e.g. {@code trials[2].dailyDoseMg}). Empty when the history is valid. Missing data is not a problem.
     */
    public List<ValidationProblem> validate(LocalDate evaluationDate) {
        return PatientValidator.validate(this, evaluationDate);
    }

    /**
     * Age in whole years at the given date, from the birth date when known, else {@code ageYears}; null when
     * neither is recorded.
     */
    public Integer ageAt(LocalDate date) {
        if (birthDate != null && date != null) {
            return java.time.Period.between(birthDate, date).getYears();
        }
        return ageYears;
    }

    /** A builder for a patient with the given id. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builder for {@link Patient}; not thread-safe, use one per thread. */
    public static final class Builder {
        private final String id;
        private Integer ageYears;
        private LocalDate birthDate;
        private Sex sex;
        private Boolean pregnant;
        private Boolean suicidalIdeation;
        private final List<CodedCondition> conditions = new ArrayList<>();
        private final List<String> allergies = new ArrayList<>();
        private final List<Episode> episodes = new ArrayList<>();
        private final List<AntidepressantTrial> trials = new ArrayList<>();
        private final List<Procedure> procedures = new ArrayList<>();
        private final List<Psychotherapy> psychotherapies = new ArrayList<>();
        private final List<Measurement> measurements = new ArrayList<>();
        private final List<Medication> medications = new ArrayList<>();
        private final List<LifeEvent> lifeEvents = new ArrayList<>();
        private Physiology physiology;
        private Pharmacogenomics pharmacogenomics;

        private Builder(String id) { this.id = id; }

        /**
         * Sets {@link Patient#ageYears()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder ageYears(Integer v) { ageYears = v; return this; }
        /**
         * Sets {@link Patient#birthDate()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder birthDate(LocalDate v) { birthDate = v; return this; }
        /**
         * Sets {@link Patient#sex()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder sex(Sex v) { sex = v; return this; }
        /**
         * Sets {@link Patient#pregnant()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder pregnant(Boolean v) { pregnant = v; return this; }
        /**
         * Sets {@link Patient#suicidalIdeation()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder suicidalIdeation(Boolean v) { suicidalIdeation = v; return this; }
        /**
         * Sets {@code condition}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder condition(CodedCondition v) { conditions.add(v); return this; }
        /**
         * Adds a recorded allergy or hypersensitivity to {@link Patient#allergies()}.
         *
         * @param substance the substance (ingredient, brand or code)
         * @return this builder
         */
        public Builder allergy(String substance) { allergies.add(substance); return this; }
        /**
         * Sets {@code episode}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder episode(Episode v) { episodes.add(v); return this; }
        /**
         * Sets {@code trial}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder trial(AntidepressantTrial v) { trials.add(v); return this; }
        /**
         * Sets {@code procedure}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder procedure(Procedure v) { procedures.add(v); return this; }
        /**
         * Sets {@code psychotherapy}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder psychotherapy(Psychotherapy v) { psychotherapies.add(v); return this; }
        /**
         * Sets {@code measurement}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder measurement(Measurement v) { measurements.add(v); return this; }
        /**
         * Sets {@code medication}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder medication(Medication v) { medications.add(v); return this; }
        /**
         * Sets {@code lifeEvent}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder lifeEvent(LifeEvent v) { lifeEvents.add(v); return this; }
        /**
         * Sets {@link Patient#physiology()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder physiology(Physiology v) { physiology = v; return this; }
        /**
         * Sets {@link Patient#pharmacogenomics()}.
         *
         * @param v the value (null: not recorded)
         * @return this builder
         */
        public Builder pharmacogenomics(Pharmacogenomics v) { pharmacogenomics = v; return this; }

        /**
         * Builds the immutable value.
         *
         * @return the Patient
         */
        public Patient build() {
            return new Patient(id, ageYears, birthDate, sex, pregnant, suicidalIdeation, conditions, allergies,
                    episodes, trials, procedures,
                    psychotherapies, measurements, medications, lifeEvents, physiology, pharmacogenomics);
        }
    }
}
