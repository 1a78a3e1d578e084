package org.trdrules.props;

import java.util.Iterator;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.opentest4j.AssertionFailedError;

/**
 * A small property-based-testing harness on plain JUnit 5: a property is checked on {@code tries} inputs, each made
 * by a generator from its own {@code java.util.Random}, and a failing input is shrunk to a minimal one.
 *
 * <p>Seeds: try {@code i} uses {@code new Random(base + i * GAMMA)}, so try 0 uses the base seed itself. The base
 * seed is fixed per property (derived from its name) so that every build checks the same inputs; the system
 * property {@value #SEED} replaces it for every property (a number, or {@code random} for a fresh one), and
 * {@value #TRIES} replaces every property's number of tries. A failure reports the seed of the failing try, so
 * {@code -Dtrd.props.seed=<that seed> -Dtrd.props.tries=1} re-runs exactly that input. Name a property
 * {@code Class#method} and the failure message gives the whole {@code mvn test -Dtest=...} command.
 *
 * <p>Shrinking is greedy: the shrinker proposes simpler variants of the failing input (list elements dropped,
 * fields nulled or moved towards a simpler value); the first one that still fails with the same kind of error
 * replaces it, and this repeats until no proposal fails (or {@link #MAX_SHRINK_CHECKS} checks were spent).
 *
 * <p>Use it from a {@code @TestFactory}: {@link #check} returns one dynamic test per try. Only the first failing
 * try of a property is shrunk; later failing tries report their seed and input as generated.
 *
 * @param <T> the generated input
 */
public final class Property<T> {

    /** System property replacing the base seed of every property: a long, or {@code random}. */
    public static final String SEED = "trd.props.seed";
    /** System property replacing the number of tries of every property. */
    public static final String TRIES = "trd.props.tries";
    /** At most this many property checks are spent on shrinking one failure. */
    public static final int MAX_SHRINK_CHECKS = 1000;

    /** Odd 64-bit constant (the golden ratio) spacing the seeds of consecutive tries. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;
    private static final long DEFAULT_BASE = 20260101L;

    private final String name;
    private final int tries;
    private final long baseSeed;
    private final Function<Random, T> generator;
    private final Shrinker<T> shrinker;

    private Property(String name, int tries, long baseSeed, Function<Random, T> generator, Shrinker<T> shrinker) {
        this.name = name;
        this.tries = tries;
        this.baseSeed = baseSeed;
        this.generator = generator;
        this.shrinker = shrinker;
    }

    /**
     * A property over the inputs {@code generator} makes, checked on {@code defaultTries} of them unless
     * {@value #TRIES} says otherwise, and not shrunk until {@link #shrinkWith} gives a shrinker.
     */
    public static <T> Property<T> forAll(String name, int defaultTries, Function<Random, T> generator) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(generator, "generator");
        return new Property<>(name, tries(System.getProperty(TRIES), defaultTries),
                baseSeed(System.getProperty(SEED), name), generator, Shrink.none());
    }

    /** The same property, shrinking failures with {@code s}. */
    public Property<T> shrinkWith(Shrinker<T> s) {
        return new Property<>(name, tries, baseSeed, generator, Objects.requireNonNull(s, "shrinker"));
    }

    /** The same property with an explicit base seed (for tests of the harness; ignores {@value #SEED}). */
    public Property<T> withSeed(long seed) {
        return new Property<>(name, tries, seed, generator, shrinker);
    }

    /** The same property with an explicit number of tries (for tests of the harness; ignores {@value #TRIES}). */
    public Property<T> withTries(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("tries must be at least 1: " + n);
        }
        return new Property<>(name, n, baseSeed, generator, shrinker);
    }

    /** The number of tries. */
    public int tries() {
        return tries;
    }

    /** The seed of try {@code i} (0-based). */
    public long seedOf(int i) {
        return baseSeed + i * GAMMA;
    }

    /** The input of try {@code i}, as generated. */
    public T inputOf(int i) {
        return generator.apply(new Random(seedOf(i)));
    }

    /** One dynamic test per try, each named by its try number and seed. */
    public Stream<DynamicTest> check(ThrowingConsumer<? super T> property) {
        Objects.requireNonNull(property, "property");
        AtomicBoolean oneShrunk = new AtomicBoolean();
        return IntStream.range(0, tries).mapToObj(i -> DynamicTest.dynamicTest(
                "try " + (i + 1) + " seed " + seedOf(i), () -> runTry(i, property, oneShrunk)));
    }

    /** Runs the tries in turn and throws the first failure, shrunk (for tests of the harness). */
    public void checkAll(ThrowingConsumer<? super T> property) {
        Objects.requireNonNull(property, "property");
        for (int i = 0; i < tries; i++) {
            runTry(i, property, new AtomicBoolean());
        }
    }

    /** Runs try {@code i}; shrinks its failure only if no other try of this run has been shrunk. */
    private void runTry(int i, ThrowingConsumer<? super T> property, AtomicBoolean oneShrunk) {
        long seed = seedOf(i);
        T input = generator.apply(new Random(seed));
        Throwable failure = failure(property, input);
        if (failure == null) {
            return;
        }
        if (!oneShrunk.compareAndSet(false, true)) {
            throw new PropertyFailure(message(i, seed, input, failure, null, null, 0, 0, false), failure, seed,
                    input, null);
        }
        T current = input;
        Throwable currentFailure = failure;
        int steps = 0;
        int checks = 0;
        boolean improved = true;
        while (improved && checks < MAX_SHRINK_CHECKS) {
            improved = false;
            Iterator<T> candidates = shrinker.candidates(current).iterator();
            while (candidates.hasNext() && checks < MAX_SHRINK_CHECKS) {
                T candidate = candidates.next();
                checks++;
                Throwable f = failure(property, candidate);
                if (f != null && f.getClass() == failure.getClass()) {
                    current = candidate;
                    currentFailure = f;
                    steps++;
                    improved = true;
                    break;
                }
            }
        }
        throw new PropertyFailure(message(i, seed, input, failure, current, currentFailure, steps, checks,
                checks >= MAX_SHRINK_CHECKS), currentFailure, seed, input, current);
    }

    private static <T> Throwable failure(ThrowingConsumer<? super T> property, T input) {
        try {
            property.accept(input);
            return null;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError) {
                throw (VirtualMachineError) t;
            }
            return t;
        }
    }

    private String message(int i, long seed, T input, Throwable failure, T minimised, Throwable minimisedFailure,
                           int steps, int checks, boolean budgetSpent) {
        StringBuilder m = new StringBuilder();
        m.append("Property '").append(name).append("' failed on try ").append(i + 1).append(" of ").append(tries)
                .append(", seed ").append(seed).append('\n');
        m.append("  reproduce with: mvn test -Dtest='").append(name).append("' -D").append(SEED).append('=')
                .append(seed).append(" -D").append(TRIES).append("=1\n");
        m.append("  original input: ").append(input).append('\n');
        m.append("  original failure: ").append(describe(failure)).append('\n');
        if (minimised == null) {
            m.append("  not minimised: an earlier failing try of this property was\n");
        } else {
            m.append("  minimised input (").append(steps).append(" shrink steps, ").append(checks)
                    .append(" checks").append(budgetSpent ? ", shrink budget spent" : "").append("): ")
                    .append(minimised).append('\n');
            m.append("  minimised failure: ").append(describe(minimisedFailure));
        }
        return m.toString();
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** The number of tries: {@code v} (the value of {@value #TRIES}) if set, else {@code defaultTries}. */
    static int tries(String v, int defaultTries) {
        int n;
        try {
            n = v == null || v.isBlank() ? defaultTries : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TRIES + " must be a whole number: " + v, e);
        }
        if (n < 1) {
            throw new IllegalArgumentException(TRIES + " must be at least 1: " + n);
        }
        return n;
    }

    private static final long RANDOM_BASE = new Random().nextLong();

    /** The base seed: {@code v} (the value of {@value #SEED}) if set, else one derived from the name. */
    static long baseSeed(String v, String name) {
        if (v == null || v.isBlank()) {
            return DEFAULT_BASE ^ ((long) name.hashCode() << 32);
        }
        if (v.trim().equalsIgnoreCase("random")) {
            return RANDOM_BASE;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED + " must be a long or 'random': " + v, e);
        }
    }

    /** Proposes simpler variants of a value; each proposal must be strictly simpler so that shrinking ends. */
    @FunctionalInterface
    public interface Shrinker<T> {
        /** Simpler variants of {@code value}, the most promising first; none when it cannot be simpler. */
        Stream<T> candidates(T value);
    }

    /** A property failed: the seed of the try, its input as generated and the minimised input (or null). */
    public static final class PropertyFailure extends AssertionFailedError {
        private static final long serialVersionUID = 1L;
        private final long seed;
        private final transient Object original;
        private final transient Object minimised;

        PropertyFailure(String message, Throwable cause, long seed, Object original, Object minimised) {
            super(message, cause);
            this.seed = seed;
            this.original = original;
            this.minimised = minimised;
        }

        /** The seed of the failing try. */
        public long seed() {
            return seed;
        }

        /** The input of the failing try, as generated. */
        public Object original() {
            return original;
        }

        /** The minimised input, or null when this failure was not shrunk. */
        public Object minimised() {
            return minimised;
        }
    }
}
