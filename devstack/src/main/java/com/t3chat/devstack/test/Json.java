package com.t3chat.devstack.test;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** Reading request bodies (nimbus' JSON parser, already on devstack's classpath) and quoting strings for replies. */
final class Json {

    private Json() {
    }

    /** The body as a JSON object, or null when it is not one. */
    static Map<String, Object> parse(String body) {
        try {
            return body.isBlank() ? null : JSONObjectUtils.parse(body);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** {@code value} as a JSON string literal (quotes included), or {@code null}. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The object under {@code key}, or an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> json, String key) {
        return json != null && json.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The objects in the array under {@code key} (other elements skipped), or an empty list. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> json, String key) {
        if (json == null || !(json.get(key) instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(element -> (Map<String, Object>) element).toList();
    }

    /** The length of the array under {@code key}, 0 when there is none. */
    static int size(Map<String, Object> json, String key) {
        return json != null && json.get(key) instanceof List<?> list ? list.size() : 0;
    }

    /** The string under {@code key}, or null. */
    static String string(Map<String, Object> json, String key) {
        return json != null && json.get(key) instanceof String value ? value : null;
    }

    /** The number under {@code key} as an int, or null. */
    static Integer integer(Map<String, Object> json, String key) {
        return json != null && json.get(key) instanceof Number value ? value.intValue() : null;
    }

    /** Adds up {@code count} over the objects of the array under {@code key}. */
    static int sum(Map<String, Object> json, String key, ToIntFunction<Map<String, Object>> count) {
        return objects(json, key).stream().mapToInt(count).sum();
    }

    /**
     * Counts the parts that match, in the arrays under {@code partsKey} of the objects in the array under
     * {@code key}: e.g. image parts in {@code messages[].content[]}.
     */
    static int countParts(Map<String, Object> json, String key, String partsKey, Predicate<Map<String, Object>> match) {
        return sum(json, key, element -> (int) objects(element, partsKey).stream().filter(match).count());
    }
}
