package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.trdrules.assessment.Assessment;
import org.trdrules.model.Patient;

/** One engine shared by many threads gives exactly the sequential results. */
class ConcurrencyTests {

    @Test
    void manyThreadsOneEngineSameResultsAsSequential() throws Exception {
        List<Patient> patients = new ArrayList<>();
        String[] drugs = {"sertraline", "venlafaxine", "bupropion", "nortriptyline", "wonderzine"};
        for (int i = 0; i < 200; i++) {
            patients.add(Histories.patient(
                    Histories.failedTrial("t1", drugs[i % drugs.length], 40 + (i * 7) % 300).build(),
                    Histories.failedTrial("t2", drugs[(i + 2) % drugs.length], 10 + (i * 13) % 300)
                            .weeks((double) (i % 12)).improvementPercent((double) (i % 60)).build(),
                    Histories.failedTrial("t3", "escitalopram", 10).adherencePercent(i % 3 == 0 ? null : 70.0 + i % 30)
                            .build()));
        }
        TrdEngine engine = Vignettes.engine();
        List<Assessment> sequential = patients.stream().map(engine::assess).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<Assessment>> futures = new ArrayList<>();
                for (Patient p : patients) {
                    futures.add(pool.submit(() -> engine.assess(p)));
                }
                for (int i = 0; i < patients.size(); i++) {
                    assertEquals(sequential.get(i), futures.get(i).get(), "patient " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
