package io.marketflow.deploy;

import java.util.List;
import java.util.Map;

/** Typed access into parsed YAML, failing with the path that was expected rather than a ClassCastException. */
final class Tree {

    private Tree() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String where) {
        if (node instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new AssertionError(where + ": expected a mapping, found " + describe(node));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String where) {
        if (node instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new AssertionError(where + ": expected a list, found " + describe(node));
    }

    /** The node at a dotted path ("spec.template.spec"), or null when any step is missing. */
    static Object at(Object root, String dottedPath) {
        Object node = root;
        for (String key : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    static Map<String, Object> mapAt(Object root, String dottedPath) {
        return map(at(root, dottedPath), dottedPath);
    }

    static List<Object> listAt(Object root, String dottedPath) {
        return list(at(root, dottedPath), dottedPath);
    }

    /** A scalar as text (YAML may have read "5432" or 5432); null stays null. */
    static String text(Object root, String dottedPath) {
        Object node = at(root, dottedPath);
        return node == null ? null : String.valueOf(node);
    }

    private static String describe(Object node) {
        return node == null ? "nothing" : node.getClass().getSimpleName() + " " + node;
    }
}
