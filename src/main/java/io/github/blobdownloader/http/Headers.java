package io.github.blobdownloader.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** HTTP header fields: names compared without case, values kept in order. Immutable. */
public final class Headers {

    private static final Headers EMPTY = new Headers(Map.of());

    /** Lower-cased name → values; the first spelling of each name is kept for sending. */
    private final Map<String, List<String>> values;

    private Headers(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from a map of single values (request headers). */
    public static Headers of(Map<String, String> map) {
        Headers h = EMPTY;
        for (Map.Entry<String, String> e : map.entrySet()) {
            h = h.with(e.getKey(), e.getValue());
        }
        return h;
    }

    /** A copy with {@code name} set to {@code value} alone. */
    public Headers with(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        copy.remove(key(name));
        copy.put(key(name), List.of(name, value));
        return new Headers(Collections.unmodifiableMap(copy));
    }

    /** A copy without {@code name}. */
    public Headers without(String name) {
        if (!values.containsKey(key(name))) {
            return this;
        }
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        copy.remove(key(name));
        return new Headers(Collections.unmodifiableMap(copy));
    }

    public Optional<String> firstValue(String name) {
        List<String> list = values.get(key(name));
        return list == null ? Optional.empty() : Optional.of(list.get(1));
    }

    public OptionalLong firstValueAsLong(String name) {
        Optional<String> value = firstValue(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public List<String> allValues(String name) {
        List<String> list = values.get(key(name));
        return list == null ? List.of() : list.subList(1, list.size());
    }

    public boolean contains(String name) {
        return values.containsKey(key(name));
    }

    /** Each field as {@code name → values}, in the names' first spelling. */
    public Map<String, List<String>> map() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        values.values().forEach(list -> out.put(list.get(0), list.subList(1, list.size())));
        return out;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Collects received fields, several values per name allowed. */
    static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        void add(String name, String value) {
            values.computeIfAbsent(key(name), k -> new ArrayList<>(List.of(name)))
                    .add(value);
        }

        Headers build() {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            values.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            return new Headers(Collections.unmodifiableMap(frozen));
        }
    }

    @Override
    public String toString() {
        // Values may hold secrets (Authorization): names only.
        return "Headers" + map().keySet();
    }
}
