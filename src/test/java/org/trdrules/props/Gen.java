package org.trdrules.props;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Value generators for {@link Property}, each a plain method of a {@link Random}: the same seed gives the same
 * value.
 *
 * <p>They draw values as the property-testing library used before did by default (see docs/design.md), so the
 * properties keep exploring the same kind of inputs. A decimal range is cut into parts, each a third of the way
 * closer to the simplest value (0, or the bound nearest 0), until a part holds at most 20 values; a part is chosen
 * uniformly and then a value in it, so values near the simplest one come up more often. One draw in
 * {@value #EDGE_CASE_ONE_IN} is an edge case instead: a bound or the simplest value for a decimal, the shortest
 * list for a list. List sizes are otherwise uniform.
 */
public final class Gen {
    private Gen() {}

    /** One draw in this many is an edge case. */
    public static final int EDGE_CASE_ONE_IN = 20;

    /** A part of a range at most this wide is not cut further. */
    private static final long UNCUT = 20;

    /**
     * A decimal in {@code [min, max]}, both included, with {@code scale} decimal places; biased towards 0 (or the
     * bound nearest 0) as described above.
     */
    public static double decimal(Random r, double min, double max, int scale) {
        double unit = Math.pow(10, scale);
        long lo = Math.round(min * unit);
        long hi = Math.round(max * unit);
        if (lo > hi) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
        long target = Math.max(lo, Math.min(hi, 0));
        long unscaled;
        if (r.nextInt(EDGE_CASE_ONE_IN) == 0) {
            long[] edges = {lo, hi, target};
            unscaled = edges[r.nextInt(edges.length)];
        } else {
            List<long[]> parts = parts(lo, hi, target);
            long[] part = parts.get(r.nextInt(parts.size()));
            unscaled = part[0] + r.nextLong(part[1] - part[0] + 1);
        }
        return unscaled / unit;
    }

    /** The parts {@code [from, to]} of {@code [lo, hi]}, cut towards {@code target}. */
    static List<long[]> parts(long lo, long hi, long target) {
        List<Long> cuts = new ArrayList<>();
        if (target > lo) {
            cutTowards(lo, target, cuts);
        }
        if (target < hi) {
            cutTowards(hi, target, cuts);
        }
        if (target > lo && target < hi && !cuts.isEmpty()) {
            cuts.add(target);
        }
        cuts.sort(null);
        List<long[]> parts = new ArrayList<>();
        long lower = lo;
        for (long cut : cuts) {
            if (cut <= lower) {
                continue;
            }
            if (cut >= hi) {
                break;
            }
            parts.add(new long[] {lower, cut - 1});
            lower = cut;
        }
        parts.add(new long[] {lower, hi});
        return parts;
    }

    private static void cutTowards(long bound, long target, List<Long> cuts) {
        long side = Long.signum(bound - target);
        long point = bound;
        while (true) {
            long range = Math.abs(target - point);
            if (range <= UNCUT) {
                return;
            }
            long distance = range / ratio(range);
            if (distance == 0) {
                return;
            }
            point = target + side * distance;
            cuts.add(point);
        }
    }

    /** 3 for every range below about 2^50; wider ranges are cut more finely. */
    private static long ratio(long range) {
        int digits = (64 - Long.numberOfLeadingZeros(range)) / 10 * 3;
        return Math.max((long) Math.pow(digits / 5.0, 10), 3);
    }

    /** One of {@code choices}, each equally likely. */
    @SafeVarargs
    public static <T> T oneOf(Random r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    /** Null with probability {@code p}, else what {@code value} makes (drawn only when not null). */
    public static <T> T orNull(Random r, double p, Function<Random, T> value) {
        return r.nextDouble() < p ? null : value.apply(r);
    }

    /** A list of {@code minSize..maxSize} elements, every size equally likely besides the edge case (the shortest). */
    public static <E> List<E> listOf(Random r, int minSize, int maxSize, Function<Random, E> element) {
        int size = r.nextInt(EDGE_CASE_ONE_IN) == 0 ? minSize : minSize + r.nextInt(maxSize - minSize + 1);
        List<E> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(r));
        }
        return list;
    }
}
