package org.trdrules.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.reference.ReferenceAssessor;
import org.trdrules.assessment.Assessment;
import org.trdrules.assessment.DefinitionResult;
import org.trdrules.assessment.Verdict;
import org.trdrules.model.Patient;

/**
 * Steady-state cost of one {@code engine.assess(patient)}: one shared engine, 1024 distinct histories of
 * {@code trials} trials each (six by default; {@code -p trials=1,6,20,50} for the scaling table; fixed seed) used in
 * turn, one assessment per operation. Run with {@code -t 1} and {@code -t 2}; add {@code -prof gc} for bytes
 * allocated per assessment (gc.alloc.rate.norm). {@code cpuUsPerOp} is the CPU time of the benchmark thread per
 * operation, which a shared machine disturbs less than wall time: compare it between benchmarks of the same run.
 * Drools needs 6-8 s of warm-up, hence 5 x 2 s warm-up iterations.
 */
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AssessBench {

    static final int PATIENTS = 1024;
    static final long SEED = 20261101L;

    /** One engine and one patient set, shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        /** Trials per history. */
        @Param({"6"})
        public int trials;
        TrdEngine engine;
        TrdEngine screening;
        TrdEngine procedures;
        ReferenceAssessor reference;
        Patient[] patients;

        @Setup(Level.Trial)
        public void setUp() {
            engine = TrdEngine.builder().evaluationDate(Histories.EVALUATION_DATE).build();
            reference = new ReferenceAssessor(TrdConfig.defaults(), DrugCatalog.bundled());
            screening = TrdEngine.builder().evaluationDate(Histories.EVALUATION_DATE)
                    .config(TrdConfig.defaults().withEligibility(false)).build();
            procedures = engine.withConfig(TrdConfig.defaults().withOptionFamilies(
                    java.util.EnumSet.of(org.trdrules.assessment.OptionFamily.PROCEDURE)));
            List<Patient> list = Histories.generate(PATIENTS, SEED, trials);
            patients = list.toArray(new Patient[0]);
            // every patient must assess cleanly; print the verdict mix once so the data set is visible in the log
            Map<Verdict, Integer> mix = new EnumMap<>(Verdict.class);
            for (Patient p : patients) {
                for (DefinitionResult d : engine.assess(p).definitions()) {
                    mix.merge(d.verdict(), 1, Integer::sum);
                }
            }
            System.out.println("AssessBench data: " + PATIENTS + " patients of " + trials
                    + " trials, verdicts over all definitions " + mix);
        }
    }

    /** Each thread walks the shared patients in turn, from its own starting point. */
    @State(Scope.Thread)
    public static class Cursor {
        private static final java.util.concurrent.atomic.AtomicInteger STARTS = new java.util.concurrent.atomic.AtomicInteger();
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            next = STARTS.getAndAdd(PATIENTS / 2) % PATIENTS;
        }

        Patient take(Patient[] patients) {
            Patient p = patients[next];
            next = (next + 1) & (PATIENTS - 1);
            return p;
        }
    }

    /** CPU time of the benchmark thread, per operation (microseconds). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private long start;
        private long ops;
        private int iterations;
        public double cpuUsPerOp;

        @Setup(Level.Iteration)
        public void begin(BenchmarkParams params) {
            iterations = params.getMeasurement().getCount();
            ops = 0;
            start = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void end() {
            // JMH sums an EVENTS counter over the measurement iterations: each contributes its share of the mean
            cpuUsPerOp = ops == 0 ? 0 : (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / ops / iterations;
        }

        void op() {
            ops++;
        }
    }

    /**
     * The plain-Java reference implementation (src/reference/java) on the same histories in the same run: the
     * baseline the Drools engine is compared with. It computes the same definitions and staging models.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ReferenceAssessor.Answer reference(Shared s, Cursor c, Cpu cpu) {
        cpu.op();
        return s.reference.assess(c.take(s.patients), Histories.EVALUATION_DATE);
    }

    /** Definitions, staging and safety only (eligibility switched off), as for population screening. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Assessment assessWithoutEligibility(Shared s, Cursor c, Cpu cpu) {
        cpu.op();
        return s.screening.assess(c.take(s.patients));
    }

    /** Eligibility of the procedure options only, as the CDS Hooks patient-view card judges them. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Assessment assessProceduresOnly(Shared s, Cursor c, Cpu cpu) {
        cpu.op();
        return s.procedures.assess(c.take(s.patients));
    }

    /** Mean time per assessment, in microseconds. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Assessment assess(Shared s, Cursor c, Cpu cpu) {
        cpu.op();
        return s.engine.assess(c.take(s.patients));
    }

    /** Assessments per second (summed over threads). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Assessment assessThroughput(Shared s, Cursor c) {
        return s.engine.assess(c.take(s.patients));
    }
}
