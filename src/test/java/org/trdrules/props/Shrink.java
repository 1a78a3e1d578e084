package org.trdrules.props;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.trdrules.props.Property.Shrinker;

/**
 * Shrinkers for {@link Property}. Each proposes only strictly simpler values (shorter lists, null instead of a
 * value, a number nearer its target, an earlier choice), so greedy shrinking always ends.
 */
public final class Shrink {
    private Shrink() {}

    private static final Shrinker<Object> NONE = v -> Stream.empty();

    /** Proposes nothing: the failing input is reported as generated. */
    @SuppressWarnings("unchecked")
    public static <T> Shrinker<T> none() {
        return (Shrinker<T>) NONE;
    }

    /**
     * A list: first without one element (from the last to the first), never below {@code minSize}; then with one
     * element replaced by one of its own shrinks.
     */
    public static <E> Shrinker<List<E>> list(int minSize, Shrinker<E> element) {
        Objects.requireNonNull(element, "element");
        return list -> {
            Stream<List<E>> dropped = list.size() <= minSize ? Stream.empty()
                    : IntStream.iterate(list.size() - 1, i -> i >= 0, i -> i - 1).mapToObj(i -> without(list, i));
            Stream<List<E>> simpler = IntStream.range(0, list.size()).boxed()
                    .flatMap(i -> element.candidates(list.get(i)).map(e -> replaced(list, i, e)));
            return Stream.concat(dropped, simpler);
        };
    }

    /** A value that may be null: first null, then the shrinks of the value. */
    public static <T> Shrinker<T> nullable(Shrinker<T> inner) {
        Objects.requireNonNull(inner, "inner");
        return v -> v == null ? Stream.empty() : Stream.concat(Stream.of((T) null), inner.candidates(v));
    }

    /** One of fixed choices: the choices listed before it, the first first. */
    @SafeVarargs
    public static <T> Shrinker<T> choice(T... choices) {
        List<T> list = List.of(choices);
        return v -> {
            int i = list.indexOf(v);
            return i <= 0 ? Stream.empty() : list.subList(0, i).stream();
        };
    }

    /**
     * A decimal in {@code [min, max]} with {@code scale} decimal places: towards 0, or the bound nearest 0 when 0
     * is outside the range; first the target itself, then half way there (rounded to the scale).
     */
    public static Shrinker<Double> decimal(double min, double max, int scale) {
        double target = Math.max(min, Math.min(max, 0.0));
        return v -> {
            if (v == null || v == target) {
                return Stream.empty();
            }
            double half = BigDecimal.valueOf((v + target) / 2).setScale(scale, RoundingMode.HALF_UP).doubleValue();
            return half == v || half == target ? Stream.of(target) : Stream.of(target, half);
        };
    }

    /** A whole number towards {@code target}: the target, then half way there. */
    public static Shrinker<Integer> integer(int target) {
        return v -> {
            if (v == null || v == target) {
                return Stream.empty();
            }
            int half = target + (v - target) / 2;
            return half == v || half == target ? Stream.of(target) : Stream.of(target, half);
        };
    }

    /**
     * A value made of two parts: first its first part shrunk (the second kept), then its second part shrunk.
     *
     * @param first  reads the first part
     * @param second reads the second part
     * @param make   builds a value from the two parts
     */
    public static <T, A, B> Shrinker<T> both(Function<T, A> first, Shrinker<A> firstShrinker, Function<T, B> second,
                                             Shrinker<B> secondShrinker, BiFunction<A, B, T> make) {
        return v -> Stream.concat(
                firstShrinker.candidates(first.apply(v)).map(a -> make.apply(a, second.apply(v))),
                secondShrinker.candidates(second.apply(v)).map(b -> make.apply(first.apply(v), b)));
    }

    /**
     * A value with one field: {@code field} reads it, {@code with} builds a copy with another value in it. Combine
     * several with {@link #all} to shrink every field of a record.
     */
    public static <T, F> Shrinker<T> field(Function<T, F> field, Shrinker<F> shrinker, BiFunction<T, F, T> with) {
        return v -> shrinker.candidates(field.apply(v)).map(f -> with.apply(v, f));
    }

    /** The proposals of every shrinker, in order. */
    @SafeVarargs
    public static <T> Shrinker<T> all(Shrinker<T>... shrinkers) {
        List<Shrinker<T>> list = List.of(shrinkers);
        return v -> list.stream().flatMap(s -> s.candidates(v));
    }

    private static <E> List<E> without(List<E> list, int index) {
        List<E> copy = new ArrayList<>(list);
        copy.remove(index);
        return copy;
    }

    private static <E> List<E> replaced(List<E> list, int index, E element) {
        List<E> copy = new ArrayList<>(list);
        copy.set(index, element);
        return copy;
    }
}
