package org.trdrules.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.trdrules.TrdConfig;
import org.trdrules.TrdEngine;
import org.trdrules.catalog.DrugCatalog;
import org.trdrules.model.Patient;
import org.trdrules.reference.ReferenceAssessor;

/**
 * A quick companion to {@link AssessBench} for a shared machine: CPU time and bytes allocated by this thread per
 * assessment, for the engine (all stages), the engine without eligibility and the plain-Java reference, measured in
 * interleaved blocks over the same histories so that contention hits all three alike. Prints the median and range
 * of the blocks and the ratios to the reference. Arguments: trial counts (default {@code 1,6,20,50}), warm-up passes
 * (default 6), measured blocks (default 10). Not a JMH benchmark: JMH gives the reported figures; this gives a reading
 * in under a minute while a change is being made.
 */
public final class CpuProbe {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private CpuProbe() {}

    public static void main(String[] args) {
        int[] trialCounts = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 6, 20, 50};
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        TrdEngine engine = TrdEngine.builder().evaluationDate(Histories.EVALUATION_DATE).build();
        TrdEngine screening = TrdEngine.builder().evaluationDate(Histories.EVALUATION_DATE)
                .config(TrdConfig.defaults().withEligibility(false)).build();
        ReferenceAssessor reference = new ReferenceAssessor(TrdConfig.defaults(), DrugCatalog.bundled());
        System.out.printf("%-7s %-24s %-24s %-22s %-10s %-10s%n", "trials", "assess us (min-max)",
                "no-eligib. us (min-max)", "reference us (min-max)", "ratio", "no-elig.");
        for (int trials : trialCounts) {
            int n = trials >= 20 ? 256 : 1024;
            List<Patient> patients = Histories.generate(n, AssessBench.SEED, trials);
            List<Consumer<Patient>> modes = List.of(engine::assess, screening::assess,
                    p -> reference.assess(p, Histories.EVALUATION_DATE));
            List<List<double[]>> samples = new ArrayList<>();
            for (int m = 0; m < modes.size(); m++) {
                samples.add(new ArrayList<>());
                for (int w = 0; w < warmups; w++) {
                    block(modes.get(m), patients);
                }
            }
            for (int b = 0; b < blocks; b++) {
                for (int m = 0; m < modes.size(); m++) {
                    samples.get(m).add(block(modes.get(m), patients));
                }
            }
            double[] a = stats(samples.get(0)), s = stats(samples.get(1)), r = stats(samples.get(2));
            System.out.printf("%-7d %-24s %-24s %-22s %-10s %-10s%n", trials, fmt(a), fmt(s), fmt(r),
                    String.format("%.1fx", a[0] / r[0]), String.format("%.1fx", s[0] / r[0]));
            System.out.printf("        bytes/op: assess %,.0f, no-eligibility %,.0f, reference %,.0f%n",
                    a[3], s[3], r[3]);
        }
    }

    /** CPU microseconds and bytes per assessment over one pass of the histories. */
    private static double[] block(Consumer<Patient> mode, List<Patient> patients) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long bytes = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (Patient p : patients) {
            mode.accept(p);
        }
        return new double[] {(THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / patients.size(),
                (double) (THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - bytes) / patients.size()};
    }

    /** Median, min, max of the CPU figures; median of the bytes. */
    private static double[] stats(List<double[]> l) {
        double[] cpu = l.stream().mapToDouble(x -> x[0]).sorted().toArray();
        double[] bytes = l.stream().mapToDouble(x -> x[1]).sorted().toArray();
        return new double[] {cpu[cpu.length / 2], cpu[0], cpu[cpu.length - 1], bytes[bytes.length / 2]};
    }

    private static String fmt(double[] x) {
        return String.format("%.1f (%.1f-%.1f)", x[0], x[1], x[2]);
    }
}
