package org.trdrules.engine;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.trdrules.TrdEngine;
import org.trdrules.model.Patient;

/**
 * Counts rule firings per assessment over the benchmark histories, by rule and by rule file stage: where the
 * engine's work goes. Rule names only (no patient data). Argument: the number of trials per history (default 6).
 * Lives in the engine package because {@link RuleFirings} is package-private.
 */
public final class FiringCounts {
    private FiringCounts() {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        java.lang.reflect.Method gen = Class.forName("org.trdrules.bench.Histories")
                .getDeclaredMethod("generate", int.class, long.class, int.class);
        gen.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<Patient> patients = (List<Patient>) gen.invoke(null, 1024, 20261101L, trials);
        TrdEngine engine = TrdEngine.builder().evaluationDate(java.time.LocalDate.of(2026, 11, 1)).build();
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        RuleFirings.observe(r -> counts.computeIfAbsent(r, k -> new LongAdder()).increment());
        for (Patient p : patients) {
            engine.assess(p);
        }
        RuleFirings.observe(null);
        Map<String, String> stage = new TreeMap<>();
        engine.ruleCatalogue().forEach(r -> stage.put(r.id(), r.stage()));
        Map<String, Long> byStage = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
            long c = e.getValue().sum();
            total += c;
            byStage.merge(stage.getOrDefault(e.getKey(), "?"), c, Long::sum);
        }
        System.out.printf("firings per assessment: %.1f%n", total / (double) patients.size());
        byStage.forEach((k, v) -> System.out.printf("  %-22s %.1f%n", k, v / (double) patients.size()));
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(40)
                .forEach(e -> System.out.printf("  %-55s %.2f%n", e.getKey(), e.getValue().sum() / (double) patients.size()));
    }
}
