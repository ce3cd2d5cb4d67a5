package io.ferry.migration.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One object as the two snapshots of a diff have it, matched by identity: {@code before} is null when only
 * the second has it, {@code after} when only the first does.
 */
record Pair<T>(T before, T after) {

    /** The objects of both lists matched by {@code key}, in the order of their keys. */
    static <T, K extends Comparable<K>> List<Pair<T>> match(List<T> before, List<T> after, Function<T, K> key) {
        Map<K, T> first = new TreeMap<>();
        before.forEach(t -> first.put(key.apply(t), t));
        Map<K, T> second = new TreeMap<>();
        after.forEach(t -> second.put(key.apply(t), t));
        TreeMap<K, Pair<T>> all = new TreeMap<>();
        first.forEach((k, t) -> all.put(k, new Pair<>(t, second.get(k))));
        second.forEach((k, t) -> all.putIfAbsent(k, new Pair<>(null, t)));
        return new ArrayList<>(all.values());
    }

    /** The objects in both lists, as pairs. */
    static <T, K extends Comparable<K>> List<Pair<T>> common(List<T> before, List<T> after, Function<T, K> key) {
        return match(before, after, key).stream().filter(p -> p.before() != null && p.after() != null).toList();
    }
}
