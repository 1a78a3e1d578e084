package org.trdrules.engine;

import org.trdrules.TrdConfig;
import org.trdrules.model.Instrument;

/** The thresholds as one fact the rules join on; built once per engine from {@link TrdConfig}. Immutable. */
public final class Settings {
    private final double minimumTrialWeeks;
    private final double minimumAugmentationWeeks;
    private final double minimumAdherencePercent;
    private final boolean assumeAdherence;
    private final double responsePercent;
    private final double partialResponsePercent;
    private final double[] remission = new double[Instrument.values().length];
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

    public Settings(TrdConfig c) {
        minimumTrialWeeks = c.minimumTrialWeeks();
        minimumAugmentationWeeks = c.minimumAugmentationWeeks();
        minimumAdherencePercent = c.minimumAdherencePercent();
        assumeAdherence = c.unknownAdherence() == TrdConfig.UnknownAdherence.ASSUME_ADEQUATE;
        responsePercent = c.responsePercent();
        partialResponsePercent = c.partialResponsePercent();
        for (Instrument i : Instrument.values()) {
            remission[i.ordinal()] = c.remissionAtOrBelow(i);
        }
        minimumEctSessions = c.minimumEctSessions();
        minimumPsychotherapySessions = c.minimumPsychotherapySessions();
        olderAdultAge = c.olderAdultAge();
        chronicEpisodeWeeks = c.chronicEpisodeWeeks();
        maoiWashoutDays = c.maoiWashoutDays();
        item9RecencyDays = c.item9RecencyDays();
        citalopramLowerCapOverAge = c.citalopramLowerCapOverAge();
        dpwgLowerCapAge = c.dpwgLowerCapAge();
        renalImpairmentEgfrBelow = c.renalImpairmentEgfrBelow();
        ketamineSystolicAbove = c.ketamineSystolicAbove();
        ketamineDiastolicAbove = c.ketamineDiastolicAbove();
        bloodPressureMaxAgeDays = c.bloodPressureMaxAgeDays();
        egfrMaxAgeDays = c.egfrMaxAgeDays();
    }

    public double getMinimumTrialWeeks() { return minimumTrialWeeks; }
    public double getMinimumAugmentationWeeks() { return minimumAugmentationWeeks; }
    public double getMinimumAdherencePercent() { return minimumAdherencePercent; }
    public boolean isAssumeAdherence() { return assumeAdherence; }
    public double getResponsePercent() { return responsePercent; }
    public double getPartialResponsePercent() { return partialResponsePercent; }
    public int getMinimumEctSessions() { return minimumEctSessions; }
    public int getMinimumPsychotherapySessions() { return minimumPsychotherapySessions; }
    /** {@link TrdConfig#olderAdultAge()}. */
    public int getOlderAdultAge() { return olderAdultAge; }
    /** {@link TrdConfig#chronicEpisodeWeeks()}. */
    public double getChronicEpisodeWeeks() { return chronicEpisodeWeeks; }
    /** {@link TrdConfig#maoiWashoutDays()}. */
    public int getMaoiWashoutDays() { return maoiWashoutDays; }
    /** {@link TrdConfig#item9RecencyDays()}. */
    public int getItem9RecencyDays() { return item9RecencyDays; }
    /** {@link TrdConfig#citalopramLowerCapOverAge()}. */
    public int getCitalopramLowerCapOverAge() { return citalopramLowerCapOverAge; }
    /** {@link TrdConfig#dpwgLowerCapAge()}. */
    public int getDpwgLowerCapAge() { return dpwgLowerCapAge; }
    /** {@link TrdConfig#renalImpairmentEgfrBelow()}. */
    public double getRenalImpairmentEgfrBelow() { return renalImpairmentEgfrBelow; }
    /** {@link TrdConfig#ketamineSystolicAbove()}. */
    public double getKetamineSystolicAbove() { return ketamineSystolicAbove; }
    /** {@link TrdConfig#ketamineDiastolicAbove()}. */
    public double getKetamineDiastolicAbove() { return ketamineDiastolicAbove; }
    /** {@link TrdConfig#bloodPressureMaxAgeDays()}. */
    public int getBloodPressureMaxAgeDays() { return bloodPressureMaxAgeDays; }
    /** {@link TrdConfig#egfrMaxAgeDays()}. */
    public int getEgfrMaxAgeDays() { return egfrMaxAgeDays; }

    /** Remission threshold (score at or below) for the instrument. */
    public double remissionAtOrBelow(Instrument i) {
        return remission[i.ordinal()];
    }
}
