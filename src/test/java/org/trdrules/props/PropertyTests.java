package org.trdrules.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.trdrules.props.Property.PropertyFailure;

/** The harness itself: a false property must fail, name its seed and shrink; a true one must pass. */
class PropertyTests {

    /** Lists of 0 to 10 whole numbers 0-100. */
    private static List<Integer> numbers(Random r) {
        return Gen.listOf(r, 0, 10, x -> x.nextInt(101));
    }

    private static final Property.Shrinker<List<Integer>> NUMBERS = Shrink.list(0, Shrink.integer(0));

    private static Property<List<Integer>> fewerThanThree() {
        return Property.forAll("fewerThanThree", 200, PropertyTests::numbers).withSeed(42).withTries(200)
                .shrinkWith(NUMBERS);
    }

    private static void assertFewerThanThree(List<Integer> list) {
        assertTrue(list.size() < 3, "size " + list.size());
    }

    @Test
    void aFalsePropertyFailsNamesTheSeedAndShrinksToExactlyThreeElements() {
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> fewerThanThree().checkAll(
                PropertyTests::assertFewerThanThree));
        @SuppressWarnings("unchecked")
        List<Integer> original = (List<Integer>) f.original();
        @SuppressWarnings("unchecked")
        List<Integer> minimised = (List<Integer>) f.minimised();
        assertTrue(original.size() >= 3, original.toString());
        assertEquals(List.of(0, 0, 0), minimised, "dropped to 3 elements, each shrunk to 0");
        assertTrue(f.getMessage().contains("seed " + f.seed()), f.getMessage());
        assertTrue(f.getMessage().contains("-Dtrd.props.seed=" + f.seed() + " -Dtrd.props.tries=1"), f.getMessage());
        assertTrue(f.getMessage().contains("original input: " + original), f.getMessage());
        assertTrue(f.getMessage().contains("minimised input ("), f.getMessage());
        assertTrue(f.getMessage().contains("): [0, 0, 0]"), f.getMessage());
        assertTrue(f.getCause() instanceof AssertionError, String.valueOf(f.getCause()));
    }

    @Test
    void theReportedSeedReproducesTheFailingInput() {
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> fewerThanThree().checkAll(
                PropertyTests::assertFewerThanThree));
        Property<List<Integer>> again = Property.forAll("fewerThanThree", 1, PropertyTests::numbers)
                .withSeed(f.seed()).withTries(1);
        assertEquals(f.original(), again.inputOf(0));
        PropertyFailure g = assertThrows(PropertyFailure.class, () -> again.checkAll(
                PropertyTests::assertFewerThanThree));
        assertEquals(f.seed(), g.seed());
        assertEquals(f.original(), g.original());
    }

    @Test
    void shrinkingKeepsTheKindOfFailure() {
        // fails with an AssertionError from 3 elements on, but with another error when a 0 appears: the
        // shrinker may not trade the first failure for the second, so the elements stop at 1
        Property<List<Integer>> p = Property.forAll("noZeros", 200, r -> Gen.listOf(r, 0, 10, x -> 1 + x.nextInt(100)))
                .withSeed(7).withTries(200).shrinkWith(NUMBERS);
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> p.checkAll(list -> {
            if (list.contains(0)) {
                throw new IllegalStateException("zero");
            }
            assertFewerThanThree(list);
        }));
        assertEquals(List.of(1, 1, 1), f.minimised());
    }

    @Test
    void aTruePropertyPassesEveryTry() {
        AtomicInteger runs = new AtomicInteger();
        Property.forAll("atMostTen", 300, PropertyTests::numbers).withSeed(1).withTries(300).shrinkWith(NUMBERS)
                .checkAll(list -> {
                    runs.incrementAndGet();
                    assertTrue(list.size() <= 10);
                });
        assertEquals(300, runs.get());
    }

    @Test
    void dynamicTestsRunEveryTryAndShrinkOnlyTheFirstFailure() throws Throwable {
        List<DynamicTest> tests = fewerThanThree().check(PropertyTests::assertFewerThanThree)
                .collect(Collectors.toList());
        assertEquals(200, tests.size());
        assertEquals("try 1 seed 42", tests.get(0).getDisplayName());
        List<PropertyFailure> failures = new ArrayList<>();
        for (DynamicTest t : tests) {
            try {
                t.getExecutable().execute();
            } catch (PropertyFailure f) {
                failures.add(f);
            }
        }
        assertTrue(failures.size() > 1, "most lists have 3 or more elements");
        assertEquals(List.of(0, 0, 0), failures.get(0).minimised());
        for (PropertyFailure later : failures.subList(1, failures.size())) {
            assertNull(later.minimised());
            assertTrue(later.getMessage().contains("not minimised"), later.getMessage());
        }
    }

    @Test
    void eachTryHasItsOwnSeedAndTheSameSeedGivesTheSameInput() {
        Property<List<Integer>> p = fewerThanThree();
        assertEquals(42, p.seedOf(0));
        assertNotEquals(p.seedOf(0), p.seedOf(1));
        for (int i = 0; i < 20; i++) {
            assertEquals(p.inputOf(i), p.inputOf(i));
        }
        assertNotEquals(p.inputOf(0), p.inputOf(1));
    }

    @Test
    void seedAndTriesComeFromTheSystemPropertiesWhenSet() {
        assertEquals(123, Property.baseSeed("123", "any"));
        assertEquals(-5, Property.baseSeed(" -5 ", "any"));
        assertEquals(Property.baseSeed(null, "a"), Property.baseSeed("", "a"));
        assertNotEquals(Property.baseSeed(null, "a"), Property.baseSeed(null, "b"));
        assertEquals(Property.baseSeed("random", "a"), Property.baseSeed("random", "b"));
        assertThrows(IllegalArgumentException.class, () -> Property.baseSeed("abc", "a"));
        assertEquals(300, Property.tries(null, 300));
        assertEquals(7, Property.tries("7", 300));
        assertThrows(IllegalArgumentException.class, () -> Property.tries("0", 300));
        assertThrows(IllegalArgumentException.class, () -> Property.tries("many", 300));
    }

    @Test
    void generatorsKeepTheirRangesScalesAndNullRates() {
        Random r = new Random(3);
        int nulls = 0;
        int edges = 0;
        for (int i = 0; i < 20_000; i++) {
            Double d = Gen.orNull(r, 0.2, x -> Gen.decimal(x, -20, 100, 0));
            if (d == null) {
                nulls++;
                continue;
            }
            assertTrue(d >= -20 && d <= 100 && d == Math.rint(d), String.valueOf(d));
            if (d == -20 || d == 100) {
                edges++;
            }
            double w = Gen.decimal(r, 0, 20, 1);
            assertTrue(w >= 0 && w <= 20 && Math.abs(w * 10 - Math.rint(w * 10)) < 1e-9, String.valueOf(w));
            assertEquals(Double.toString(Math.rint(w * 10) / 10), Double.toString(w), "one decimal, printed plainly");
        }
        assertTrue(nulls > 3_700 && nulls < 4_300, "about 20 % null: " + nulls);
        assertTrue(edges > 300, "the bounds come up: " + edges);
        int[] sizes = new int[7];
        for (int i = 0; i < 7_000; i++) {
            sizes[Gen.listOf(r, 0, 6, x -> 1).size()]++;
        }
        for (int n : sizes) {
            assertTrue(n > 700, "every size 0-6 comes up: " + java.util.Arrays.toString(sizes));
        }
        assertNotNull(Gen.oneOf(r, "a", "b"));
    }

    @Test
    void decimalsAreBiasedTowardsTheirSimplestValue() {
        // unscaled: a dose 0-400 mg with one decimal is 0-4000, cut a third of the way towards 0 each time
        assertEquals("[0..15, 16..48, 49..147, 148..443, 444..1332, 1333..4000]", parts(0, 4000, 0));
        // an improvement -20..100 % towards 0 (the 20 values below 0 are not cut)
        assertEquals("[-20..-1, 0..10, 11..32, 33..100]", parts(-20, 100, 0));
        // an adherence 40..100 % towards 40
        assertEquals("[40..59, 60..100]", parts(40, 100, 40));
        Random r = new Random(5);
        int low = 0;
        for (int i = 0; i < 6_000; i++) {
            if (Gen.decimal(r, 0, 400, 1) < 1.6) {
                low++;
            }
        }
        assertTrue(low > 850 && low < 1_300, "about 1 in 6 doses below 1.6 mg: " + low);
    }

    private static String parts(long lo, long hi, long target) {
        return Gen.parts(lo, hi, target).stream().map(p -> p[0] + ".." + p[1]).collect(Collectors.joining(", ",
                "[", "]"));
    }
}
