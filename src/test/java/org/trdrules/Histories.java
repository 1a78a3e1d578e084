package org.trdrules;

import java.time.LocalDate;
import org.trdrules.model.AntidepressantTrial;
import org.trdrules.model.Episode;
import org.trdrules.model.Patient;

/** Small builders for test histories: one current episode and trials in it. */
public final class Histories {
    private Histories() {}

    /** A failed adequate sertraline-like trial in the current episode, ready to be varied. */
    public static AntidepressantTrial.Builder failedTrial(String id, String drug, double dose) {
        return AntidepressantTrial.builder(id, drug).episodeId("e1").dailyDoseMg(dose).weeks(8.0)
                .adherencePercent(90.0).improvementPercent(10.0);
    }

    /** A patient with one current episode and the given trials. */
    public static Patient patient(AntidepressantTrial... trials) {
        Patient.Builder b = Patient.builder("p").ageYears(40)
                .episode(Episode.builder("e1").onset(LocalDate.of(2025, 1, 1)).current(true).build());
        for (AntidepressantTrial t : trials) {
            b.trial(t);
        }
        return b.build();
    }
}
