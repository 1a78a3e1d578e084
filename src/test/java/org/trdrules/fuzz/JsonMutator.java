package org.trdrules.fuzz;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small seeded mutator of JSON documents, written for the fuzz tests (no fuzzing library). A document is mutated
 * by a chain of {@link Mutation}s: structural ones on the parsed tree (delete a field, set it to an edge value,
 * change its type, duplicate a key, duplicate or drop array entries, deep nesting, odd dates, FHIR-specific shapes),
 * then byte-level ones on the text (truncation, character flips). Every mutation holds concrete parameters, so a
 * chain applied to the same seed always gives the same text, and a chain with some mutations removed can be
 * re-applied (that is how a failing input is minimised). A mutation's {@link Mutation#describe() description}
 * names an operator, a path made of field names and indices, and a named edge value: never a value from the input.
 */
final class JsonMutator {

    /** An edge value: its name (for reports) and its JSON text. */
    record Edge(String name, String json) {}

    /** Values real data and careless exports produce. */
    static final List<Edge> EDGES = List.of(
            new Edge("null", "null"), new Edge("empty-string", "\"\""), new Edge("blank-string", "\" \""),
            new Edge("empty-array", "[]"), new Edge("empty-object", "{}"), new Edge("nested-empty-array", "[[]]"),
            new Edge("0", "0"), new Edge("-1", "-1"), new Edge("1e308", "1e308"), new Edge("-1e308", "-1e308"),
            new Edge("4.9E-324", "4.9E-324"), new Edge("-0.0", "-0.0"), new Edge("1e400", "1e400"),
            new Edge("2147483648", "2147483648"), new Edge("-2147483649", "-2147483649"),
            new Edge("9223372036854775808", "9223372036854775808"), new Edge("0.5", "0.5"), new Edge("true", "true"),
            new Edge("string-NaN", "\"NaN\""), new Edge("string-Infinity", "\"Infinity\""),
            new Edge("string-1e308", "\"1e308\""), new Edge("long-number-200-digits", "1" + "0".repeat(199)),
            new Edge("huge-string-20k", "\"" + "x".repeat(20_000) + "\""),
            new Edge("huge-string-2M", "\"" + "y".repeat(2_000_000) + "\""),
            new Edge("control-chars", "\"\\u0000\\u001f\\ud800\""), new Edge("unicode", "\"\u00e9\u4e2d\ud83d\ude00\""));

    /** Numbers at the edges of double and int, for numeric fields. */
    static final List<Edge> NUMBERS = List.of(new Edge("0", "0"), new Edge("-1", "-1"), new Edge("1e308", "1e308"),
            new Edge("-1e308", "-1e308"), new Edge("4.9E-324", "4.9E-324"), new Edge("-0.0", "-0.0"),
            new Edge("1e-300", "1e-300"), new Edge("0.5", "0.5"), new Edge("2147483647", "2147483647"),
            new Edge("1e15", "1e15"));

    /** Odd forms of a date. */
    static final List<Edge> ODD_DATES = List.of(
            new Edge("year-only", "\"2026\""), new Edge("month-13", "\"2026-13-01\""),
            new Edge("feb-30", "\"2026-02-30\""), new Edge("min-year", "\"-999999999-01-01\""),
            new Edge("max-year", "\"+999999999-12-31\""), new Edge("year-0", "\"0000-01-01\""),
            new Edge("1899-12-31", "\"1899-12-31\""), new Edge("2201-01-01", "\"2201-01-01\""),
            new Edge("9999-12-31", "\"9999-12-31\""), new Edge("blank", "\" \""), new Edge("empty", "\"\""),
            new Edge("date-time", "\"2026-01-01T00:00:00Z\""), new Edge("basic-format", "\"20260101\""),
            new Edge("epoch-day-number", "20000"), new Edge("year-number", "2026"),
            new Edge("slashes", "\"01/02/2026\""), new Edge("padded", "\" 2026-01-01 \""));

    /** FHIR objects that carry a Quantity-like {@code value}. */
    static final Set<String> QUANTITY_KEYS = Set.of("daysSupply", "expectedSupplyDuration", "doseQuantity",
            "valueQuantity", "quantity", "doseAndRate");

    /** Implausible amounts for a FHIR Quantity value. */
    static final List<Edge> HUGE_AMOUNTS = List.of(new Edge("1e308", "1e308"), new Edge("2147483647", "2147483647"),
            new Edge("2147483648", "2147483648"), new Edge("1e9", "1000000000"), new Edge("-30", "-30"),
            new Edge("0", "0"), new Edge("4.9E-324", "4.9E-324"), new Edge("string-30", "\"30\""));

    static final Pattern DATE = Pattern.compile("[-+]?\\d{4,9}-\\d{2}-\\d{2}.*");

    /** Opaque JSON text spliced into a tree (a duplicated key or a deep nesting), written as is. */
    record Raw(String json) {
        @Override
        public String toString() {
            return json;
        }
    }

    /** One mutation with concrete parameters. */
    interface Mutation {
        /** Operator, path and named value; never an input value. */
        String describe();

        /** True for byte-level mutations, applied to the text after every structural one. */
        default boolean textual() {
            return false;
        }

        /** Applies a structural mutation; returns the (possibly new) root. No-op when the path is gone. */
        default JsonNode apply(JsonNode root) {
            return root;
        }

        /** Applies a byte-level mutation. */
        default String apply(String text) {
            return text;
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final com.fasterxml.jackson.databind.ObjectMapper M = new com.fasterxml.jackson.databind.ObjectMapper();

    private final boolean fhir;

    /** A mutator for patient documents, or (with {@code fhir}) for FHIR Bundles, which adds FHIR shapes. */
    JsonMutator(boolean fhir) {
        this.fhir = fhir;
    }

    // ---------------------------------------------------------------- generating a chain

    /** A chain of 1-4 mutations for this seed tree, structural ones first. */
    List<Mutation> chain(JsonNode seed, Random rnd) {
        int n = 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 6 : 3);
        List<Mutation> structural = new ArrayList<>();
        List<Mutation> text = new ArrayList<>();
        JsonNode tree = seed.deepCopy();
        for (int i = 0; i < n; i++) {
            Mutation m = rnd.nextInt(10) == 0 ? textMutation(rnd, write(tree).length()) : structural(tree, rnd);
            if (m == null) {
                continue;
            }
            if (m.textual()) {
                text.add(m);
            } else {
                structural.add(m);
                tree = m.apply(tree); // later mutations see earlier ones (and may mutate inside them)
            }
        }
        structural.addAll(text);
        return structural;
    }

    /** Applies a chain to a seed tree: structural mutations in order, then the text ones. */
    static String apply(JsonNode seed, List<Mutation> chain) {
        JsonNode tree = seed.deepCopy();
        for (Mutation m : chain) {
            if (!m.textual()) {
                tree = m.apply(tree);
            }
        }
        String text = write(tree);
        for (Mutation m : chain) {
            if (m.textual()) {
                text = m.apply(text);
            }
        }
        return text;
    }

    private Mutation textMutation(Random rnd, int length) {
        if (rnd.nextBoolean()) {
            return new Truncate(rnd.nextInt(Math.max(1, length)));
        }
        char[] chars = {'{', '}', '[', ']', '"', ',', ':', '\\', '0', '-', 'e', 'n', ' ', '\u0000', '\u00ff',
            '\ufffd', '\ud800'};
        return new Flip(rnd.nextInt(Math.max(1, length)), chars[rnd.nextInt(chars.length)]);
    }

    private Mutation structural(JsonNode tree, Random rnd) {
        List<List<Object>> all = new ArrayList<>();
        collect(tree, new ArrayList<>(), all);
        if (all.isEmpty()) {
            return new Nest(List.of(), 2 + rnd.nextInt(3), false);
        }
        if (fhir && rnd.nextInt(3) == 0) {
            Mutation m = fhirMutation(tree, all, rnd);
            if (m != null) {
                return m;
            }
        }
        List<Object> path = all.get(rnd.nextInt(all.size()));
        JsonNode node = at(tree, path);
        int op = rnd.nextInt(100);
        if (op < 12) {
            return new Delete(path);
        } else if (op < 34) {
            return new SetValue(path, EDGES.get(rnd.nextInt(EDGES.size())));
        } else if (op < 48) {
            return new Retype(path, rnd.nextInt(Retype.KINDS.length));
        } else if (op < 62) {
            List<Object> num = pick(all, tree, rnd, (p, n) -> n.isNumber());
            return num != null ? new SetValue(num, NUMBERS.get(rnd.nextInt(NUMBERS.size())))
                    : new SetValue(path, NUMBERS.get(rnd.nextInt(NUMBERS.size())));
        } else if (op < 70) {
            List<Object> date = pick(all, tree, rnd, (p, n) -> n.isTextual() && DATE.matcher(n.asText()).matches());
            return date != null ? new SetValue(date, ODD_DATES.get(rnd.nextInt(ODD_DATES.size())))
                    : new SetValue(path, ODD_DATES.get(rnd.nextInt(ODD_DATES.size())));
        } else if (op < 77) {
            List<Object> field = pick(all, tree, rnd, (p, n) -> !p.isEmpty() && p.get(p.size() - 1) instanceof String);
            if (field == null) {
                return new Delete(path);
            }
            return new DuplicateKey(field, rnd.nextBoolean() ? null : EDGES.get(rnd.nextInt(EDGES.size())));
        } else if (op < 88) {
            List<Object> arr = pick(all, tree, rnd, (p, n) -> n.isArray());
            if (arr == null) {
                return new Delete(path);
            }
            int size = at(tree, arr).size();
            int kind = rnd.nextInt(4);
            return new ArrayEdit(arr, kind, size == 0 ? 0 : rnd.nextInt(size), 1 + rnd.nextInt(Math.max(1, size)));
        } else if (op < 94) {
            int[] depths = {2, 65, 101, 1_001, 12_000};
            return new Nest(path, depths[rnd.nextInt(depths.length)], rnd.nextBoolean());
        } else if (op < 98) {
            List<Object> num = pick(all, tree, rnd, (p, n) -> n.isNumber() && !p.isEmpty()
                    && p.get(p.size() - 1) instanceof String);
            return num == null ? new Delete(path)
                    : new SetAll((String) num.get(num.size() - 1), NUMBERS.get(rnd.nextInt(NUMBERS.size())));
        } else {
            return new SetValue(path, EDGES.get(rnd.nextInt(6)));
        }
    }

    private Mutation fhirMutation(JsonNode tree, List<List<Object>> all, Random rnd) {
        switch (rnd.nextInt(6)) {
            case 0 -> { // remove value from a Quantity-like object
                List<Object> q = pick(all, tree, rnd, (p, n) -> n.isObject() && n.has("value") && !p.isEmpty()
                        && p.get(p.size() - 1) instanceof String s && QUANTITY_KEYS.contains(s));
                return q == null ? null : new Delete(child(q, "value"));
            }
            case 1 -> { // extension: [[]] on some object
                List<Object> o = pick(all, tree, rnd, (p, n) -> n.isObject());
                return o == null ? null : new Put(o, "extension", new Edge("[[]]", "[[]]"));
            }
            case 2 -> { // entry: [null, {"resource": null}] spliced in
                return at(tree, List.of("entry")) != null && at(tree, List.of("entry")).isArray()
                        ? new EntryNulls(rnd.nextInt(at(tree, List.of("entry")).size() + 1), rnd.nextBoolean())
                        : null;
            }
            case 3 -> { // a coding without code
                List<Object> c = pick(all, tree, rnd, (p, n) -> n.isObject() && n.has("code") && p.size() >= 2
                        && "coding".equals(p.get(p.size() - 2)));
                return c == null ? null : new Delete(child(c, "code"));
            }
            case 4 -> { // huge daysSupply (or another Quantity value)
                List<Object> v = pick(all, tree, rnd, (p, n) -> p.size() >= 2 && "value".equals(p.get(p.size() - 1))
                        && p.get(p.size() - 2) instanceof String s && QUANTITY_KEYS.contains(s));
                return v == null ? null : new SetValue(v, HUGE_AMOUNTS.get(rnd.nextInt(HUGE_AMOUNTS.size())));
            }
            default -> { // a resource field to an edge value, or a resource removed
                List<Object> r = pick(all, tree, rnd, (p, n) -> p.size() == 3 && "resource".equals(p.get(2)));
                return r == null ? null : rnd.nextBoolean() ? new Delete(r) : new SetValue(r, EDGES.get(rnd.nextInt(6)));
            }
        }
    }

    private interface PathFilter {
        boolean test(List<Object> path, JsonNode node);
    }

    private static List<Object> pick(List<List<Object>> all, JsonNode tree, Random rnd, PathFilter f) {
        List<List<Object>> hits = new ArrayList<>();
        for (List<Object> p : all) {
            JsonNode n = at(tree, p);
            if (n != null && f.test(p, n)) {
                hits.add(p);
            }
        }
        return hits.isEmpty() ? null : hits.get(rnd.nextInt(hits.size()));
    }

    private static List<Object> child(List<Object> path, Object key) {
        List<Object> c = new ArrayList<>(path);
        c.add(key);
        return List.copyOf(c);
    }

    /** Every node's path, the root's (empty) included. Raw splices are opaque. */
    private static void collect(JsonNode n, List<Object> path, List<List<Object>> out) {
        out.add(List.copyOf(path));
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                path.add(e.getKey());
                collect(e.getValue(), path, out);
                path.remove(path.size() - 1);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                path.add(i);
                collect(n.get(i), path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    // ---------------------------------------------------------------- tree access

    static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode n = root;
        for (Object k : path) {
            if (n == null) {
                return null;
            }
            n = k instanceof String s ? (n.isObject() ? n.get(s) : null) : (n.isArray() ? n.get((Integer) k) : null);
        }
        return n;
    }

    /** Replaces the node at the path (the root when the path is empty); returns the new root. */
    static JsonNode replace(JsonNode root, List<Object> path, JsonNode value) {
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object k = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o && k instanceof String s && o.has(s)) {
            o.set(s, value);
        } else if (parent instanceof ArrayNode a && k instanceof Integer i && i < a.size()) {
            a.set(i, value);
        }
        return root;
    }

    static String pathText(List<Object> path) {
        if (path.isEmpty()) {
            return "(root)";
        }
        StringBuilder b = new StringBuilder();
        for (Object k : path) {
            if (k instanceof Integer i) {
                b.append('[').append(i).append(']');
            } else {
                b.append(b.length() == 0 ? "" : ".").append(k);
            }
        }
        return b.toString();
    }

    static JsonNode parse(String json) {
        try {
            return M.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("edge value is not JSON", e);
        }
    }

    /** Parsed edge values, for the structural mutations that need a tree node; others splice the text. */
    static JsonNode node(Edge e) {
        JsonNode n = e.json().length() > 64 ? null : parse(e.json());
        // values that would not be written back as they were given (1e400, long numbers, odd escapes) stay text
        return n != null && write(n).equals(e.json()) ? n : new POJONode(new Raw(e.json()));
    }

    // ---------------------------------------------------------------- writing

    /** Compact JSON text of a tree; {@link Raw} splices are written as they are. */
    static String write(JsonNode n) {
        StringBuilder b = new StringBuilder();
        write(n, b);
        return b.toString();
    }

    private static void write(JsonNode n, StringBuilder b) {
        if (n instanceof POJONode p && p.getPojo() instanceof Raw r) {
            b.append(r.json());
        } else if (n.isObject()) {
            b.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(first ? "" : ",");
                first = false;
                quote(e.getKey(), b);
                b.append(':');
                write(e.getValue(), b);
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                b.append(i == 0 ? "" : ",");
                write(n.get(i), b);
            }
            b.append(']');
        } else if (n.isTextual()) {
            quote(n.asText(), b);
        } else {
            b.append(n.toString());
        }
    }

    private static void quote(String s, StringBuilder b) {
        b.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
    }

    // ---------------------------------------------------------------- the mutations

    record Delete(List<Object> path) implements Mutation {
        public String describe() {
            return "delete " + pathText(path);
        }

        public JsonNode apply(JsonNode root) {
            if (path.isEmpty()) {
                return root;
            }
            JsonNode parent = at(root, path.subList(0, path.size() - 1));
            Object k = path.get(path.size() - 1);
            if (parent instanceof ObjectNode o && k instanceof String s) {
                o.remove(s);
            } else if (parent instanceof ArrayNode a && k instanceof Integer i && i < a.size()) {
                a.remove(i);
            }
            return root;
        }
    }

    record SetValue(List<Object> path, Edge value) implements Mutation {
        public String describe() {
            return "set " + pathText(path) + " = " + value.name();
        }

        public JsonNode apply(JsonNode root) {
            return at(root, path) == null ? root : replace(root, path, node(value));
        }
    }

    /** Sets every field of this name, anywhere in the document, to one value (an export that got a column wrong). */
    record SetAll(String field, Edge value) implements Mutation {
        public String describe() {
            return "set every " + field + " = " + value.name();
        }

        public JsonNode apply(JsonNode root) {
            List<List<Object>> all = new ArrayList<>();
            collect(root, new ArrayList<>(), all);
            for (List<Object> p : all) {
                if (!p.isEmpty() && field.equals(p.get(p.size() - 1)) && at(root, p) != null) {
                    root = replace(root, p, node(value));
                }
            }
            return root;
        }
    }

    /** Adds or replaces a field of an object. */
    record Put(List<Object> path, String field, Edge value) implements Mutation {
        public String describe() {
            return "put " + pathText(child(path, field)) + " = " + value.name();
        }

        public JsonNode apply(JsonNode root) {
            if (at(root, path) instanceof ObjectNode o) {
                o.set(field, node(value));
            }
            return root;
        }
    }

    /** Changes a value's type: number to string and back, value to array or object, container unwrapped. */
    record Retype(List<Object> path, int kind) implements Mutation {
        static final String[] KINDS = {"to-string", "to-number", "wrap-in-array", "wrap-in-object", "unwrap",
            "to-boolean"};

        public String describe() {
            return "retype " + pathText(path) + " " + KINDS[kind];
        }

        public JsonNode apply(JsonNode root) {
            JsonNode n = at(root, path);
            if (n == null) {
                return root;
            }
            JsonNode v = switch (kind) {
                case 0 -> n.isContainerNode() ? F.textNode(write(n)) : F.textNode(n.asText());
                case 1 -> n.isTextual() ? number(n.asText()) : n.isContainerNode() ? F.numberNode(n.size())
                        : n.isBoolean() ? F.numberNode(n.asBoolean() ? 1 : 0) : F.numberNode(0);
                case 2 -> F.arrayNode().add(n);
                case 3 -> F.objectNode().set("value", n);
                case 4 -> n.isArray() ? (n.isEmpty() ? F.nullNode() : n.get(0))
                        : n.isObject() ? F.arrayNode().addAll(values(n)) : F.nullNode();
                default -> F.booleanNode(n.asBoolean());
            };
            return replace(root, path, v);
        }

        private static JsonNode number(String s) {
            try {
                return F.numberNode(new java.math.BigDecimal(s.trim()));
            } catch (NumberFormatException e) {
                return F.numberNode(s.length());
            }
        }

        private static List<JsonNode> values(JsonNode o) {
            List<JsonNode> out = new ArrayList<>();
            o.elements().forEachRemaining(out::add);
            return out;
        }
    }

    /** Writes a field twice: the second time with the same value, or with an edge value. */
    record DuplicateKey(List<Object> path, Edge second) implements Mutation {
        public String describe() {
            return "duplicate key " + pathText(path) + (second == null ? " (same value)" : " (second = "
                    + second.name() + ")");
        }

        public JsonNode apply(JsonNode root) {
            List<Object> parentPath = path.subList(0, path.size() - 1);
            String key = (String) path.get(path.size() - 1);
            if (!(at(root, parentPath) instanceof ObjectNode o) || !o.has(key)) {
                return root;
            }
            String obj = write(o);
            StringBuilder extra = new StringBuilder(",");
            quote(key, extra);
            extra.append(':').append(second == null ? write(o.get(key)) : second.json());
            String spliced = obj.substring(0, obj.length() - 1) + extra + "}";
            return replace(root, parentPath, new POJONode(new Raw(spliced)));
        }
    }

    /** Array edits: duplicate an entry, drop entries, insert a null entry, empty the array. */
    record ArrayEdit(List<Object> path, int kind, int index, int count) implements Mutation {
        public String describe() {
            String[] k = {"duplicate entry " + index + " of", "drop " + count + " entries from " + index + " of",
                "insert null entry at " + index + " in", "empty"};
            return k[kind] + " " + pathText(path);
        }

        public JsonNode apply(JsonNode root) {
            if (!(at(root, path) instanceof ArrayNode a)) {
                return root;
            }
            int i = Math.min(index, a.size());
            switch (kind) {
                case 0 -> {
                    if (i < a.size()) {
                        a.insert(i + 1, a.get(i).deepCopy());
                    }
                }
                case 1 -> {
                    for (int j = 0; j < count && i < a.size(); j++) {
                        a.remove(i);
                    }
                }
                case 2 -> a.insert(i, F.nullNode());
                default -> a.removeAll();
            }
            return root;
        }
    }

    /** Wraps a value in {@code depth} arrays (or objects {@code {"a": ...}}). */
    record Nest(List<Object> path, int depth, boolean objects) implements Mutation {
        public String describe() {
            return "nest " + pathText(path) + " " + depth + " levels of " + (objects ? "objects" : "arrays");
        }

        public JsonNode apply(JsonNode root) {
            JsonNode n = at(root, path);
            if (n == null) {
                return root;
            }
            String open = objects ? "{\"a\":" : "[";
            String close = objects ? "}" : "]";
            String inner = write(n);
            StringBuilder b = new StringBuilder(inner.length() + depth * (open.length() + 1));
            b.append(open.repeat(depth)).append(inner).append(close.repeat(depth));
            return replace(root, path, new POJONode(new Raw(b.toString())));
        }
    }

    /** FHIR: {@code null} and {@code {"resource": null}} entries spliced into Bundle.entry. */
    record EntryNulls(int index, boolean both) implements Mutation {
        public String describe() {
            return "insert " + (both ? "null and {resource: null}" : "{resource: null}") + " at entry[" + index + "]";
        }

        public JsonNode apply(JsonNode root) {
            if (root.get("entry") instanceof ArrayNode a) {
                int i = Math.min(index, a.size());
                a.insert(i, F.objectNode().putNull("resource"));
                if (both) {
                    a.insert(i, F.nullNode());
                }
            }
            return root;
        }
    }

    record Truncate(int at) implements Mutation {
        public String describe() {
            return "truncate at char " + at;
        }

        public boolean textual() {
            return true;
        }

        public String apply(String text) {
            return text.substring(0, Math.min(at, text.length()));
        }
    }

    record Flip(int at, char to) implements Mutation {
        public String describe() {
            return "flip char " + at + " to U+" + String.format("%04X", (int) to);
        }

        public boolean textual() {
            return true;
        }

        public String apply(String text) {
            if (at >= text.length()) {
                return text;
            }
            return text.substring(0, at) + to + text.substring(at + 1);
        }
    }
}
