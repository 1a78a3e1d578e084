package org.trdrules.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.trdrules.TrdEngine;
import org.trdrules.assessment.Assessment;
import org.trdrules.model.Patient;

/**
 * Cold engine build: one single-shot measurement per fresh JVM, many forks, no warm-up. Nothing from the engine is
 * loaded before the measured call, so class loading, rule-base loading and catalogue parsing are all included.
 * Take the median over forks from the raw data (JMH prints every fork's value; {@code -rf json} keeps them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, batchSize = 1)
@Fork(value = 15, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class BuildBench {

    private Patient patient;

    @Setup
    public void setUp() {
        // model classes only; the engine, Drools and the catalogue stay unloaded until the measured call
        patient = Histories.generate(1, AssessBench.SEED).get(0);
    }

    /** {@code TrdEngine.builder()...build()} in a fresh JVM. */
    @Benchmark
    public TrdEngine build() {
        return TrdEngine.builder().evaluationDate(Histories.EVALUATION_DATE).build();
    }

    /** Cold build plus the first assessment (what a CLI run or a cold serverless call pays). */
    @Benchmark
    public Assessment buildAndFirstAssess() {
        return TrdEngine.builder().evaluationDate(Histories.EVALUATION_DATE).build().assess(patient);
    }
}
