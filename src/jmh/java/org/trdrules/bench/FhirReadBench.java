package org.trdrules.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.ErrorHandlerAdapter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
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
import org.trdrules.TrdEngine;
import org.trdrules.assessment.AssessmentResult;
import org.trdrules.fhir.FhirMapping;
import org.trdrules.fhir.FhirPatientReader;

/**
 * Warm cost of reading a real Synthea Bundle (about 1 MB and 3 MB, public, see
 * src/test/resources/fhir/public/README.md) into a history, and of reading plus assessing it, against the plain HAPI
 * parse of the same Bundle in the same run (the floor any HAPI-based reader pays). {@code cpuMsPerOp} is the CPU time
 * of the benchmark thread per operation, which a shared, noisy machine disturbs less than wall time. Run from the
 * project root: {@code java -cp target/bench/classes:$(cat target/bench/bench.classpath) org.openjdk.jmh.Main
 * FhirReadBench}.
 */
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FhirReadBench {

    @State(Scope.Benchmark)
    public static class Input {
        @Param({"smart-Gilberto_Orosco.1MB.json", "exa-ca-641c9ca3.3MB.json"})
        String file;
        String json;
        FhirPatientReader reader;
        FhirContext hapi;
        TrdEngine engine;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            json = Files.readString(Path.of("src/test/resources/fhir/public/bench", file), StandardCharsets.UTF_8);
            reader = FhirPatientReader.create();
            hapi = FhirContext.forR4Cached();
            engine = TrdEngine.builder().evaluationDate(Histories.EVALUATION_DATE).build();
            FhirMapping m = reader.read(json, Histories.EVALUATION_DATE);
            System.out.println("FhirReadBench " + file + ": " + json.length() + " chars, " + m.report().size()
                    + " notes, " + m.patient().trials().size() + " trials");
        }
    }

    /** CPU time of the benchmark thread, per operation (ms). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private long start;
        private long ops;
        public double cpuMsPerOp;

        private int iterations;

        @Setup(Level.Iteration)
        public void begin(org.openjdk.jmh.infra.BenchmarkParams params) {
            iterations = params.getMeasurement().getCount();
            ops = 0;
            start = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void end() {
            // JMH sums an EVENTS counter over the measurement iterations: each contributes its share of the mean
            cpuMsPerOp = ops == 0 ? 0 : (THREADS.getCurrentThreadCpuTime() - start) / 1e6 / ops / iterations;
        }

        void op() {
            ops++;
        }
    }

    /** Baseline: HAPI's own parse of the whole Bundle, nothing mapped. */
    @Benchmark
    public Bundle hapiParse(Input in, Cpu cpu) {
        cpu.op();
        return in.hapi.newJsonParser().setParserErrorHandler(new ErrorHandlerAdapter()).parseResource(Bundle.class,
                in.json);
    }

    /** The reader: strict JSON check, each entry parsed on its own, mapped, every resource reported. */
    @Benchmark
    public FhirMapping read(Input in, Cpu cpu) {
        cpu.op();
        return in.reader.read(in.json, Histories.EVALUATION_DATE);
    }

    /** Read and assess (all stages, eligibility on), as the CLI and the CDS Hooks service do. */
    @Benchmark
    public AssessmentResult readAndAssess(Input in, Cpu cpu) {
        cpu.op();
        return in.engine.assessAll(java.util.List.of(in.reader.read(in.json, Histories.EVALUATION_DATE).patient()))
                .get(0);
    }
}
