package io.ferry.migration.schema;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot as JSON and back. The snapshot's records map to objects whose keys are their components'
 * names, sorted; lists stay in the snapshot's order; enums are lower-case words ({@code by-default});
 * null components are left out. The top object also holds {@code "format": 1}, the layout's version.
 * Only the snapshot's own shape is supported: records, lists, strings, booleans, whole numbers, enums.
 */
final class SnapshotJson {

    static final long FORMAT = 1;
    private static final String FORMAT_KEY = "format";
    /** A line break and the indent of each depth a snapshot reaches, made once. */
    private static final String[] NEWLINES = {"\n", "\n  ", "\n    ", "\n      ", "\n        ", "\n          "};

    private SnapshotJson() {
    }

    static String write(SchemaSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        writeRecord(out, snapshot, 0, true);
        return out.append('\n').toString();
    }

    static SchemaSnapshot read(String json) {
        Object tree;
        try {
            tree = JsonText.parse(json);
        } catch (JsonText.Malformed e) {
            throw invalid("it is not JSON: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> root)) {
            throw invalid("it is not a JSON object");
        }
        Object format = root.get(FORMAT_KEY);
        if (!Long.valueOf(FORMAT).equals(format)) {
            throw invalid("its \"format\" is " + format + ", and this version of Ferry reads format " + FORMAT);
        }
        Map<String, Object> fields = new HashMap<>();
        root.forEach((k, v) -> fields.put((String) k, v));
        fields.remove(FORMAT_KEY);
        return (SchemaSnapshot) toRecord(SchemaSnapshot.class, fields, "$");
    }

    // ---------------------------------------------------------------- writing

    private static void writeRecord(StringBuilder out, Record value, int depth, boolean withFormat) {
        if (withFormat) {
            writeTopRecord(out, value, depth);
            return;
        }
        out.append('{');
        boolean first = true;
        for (Component component : COMPONENTS.get(value.getClass())) {
            Object v = component.get(value);
            if (v != null) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                newline(out, depth + 1);
                out.append(component.key());
                writeValue(out, v, depth + 1);
            }
        }
        if (!first) {
            newline(out, depth);
        }
        out.append('}');
    }

    /** The top object: its components and the format's key, all sorted. */
    private static void writeTopRecord(StringBuilder out, Record value, int depth) {
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        keys.add(FORMAT_KEY);
        values.add(FORMAT);
        for (Component component : COMPONENTS.get(value.getClass())) {
            Object v = component.get(value);
            if (v != null) {
                keys.add(component.name());
                values.add(v);
            }
        }
        sortTogether(keys, values);
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            newline(out, depth + 1);
            JsonText.writeString(out, keys.get(i));
            out.append(": ");
            writeValue(out, values.get(i), depth + 1);
            if (i < keys.size() - 1) {
                out.append(',');
            }
        }
        newline(out, depth);
        out.append('}');
    }

    private static void writeValue(StringBuilder out, Object value, int depth) {
        if (value instanceof String s) {
            JsonText.writeString(out, s);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Enum<?> e) {
            out.append(ENUM_WORDS.get(e.getDeclaringClass())[e.ordinal()]);
        } else if (value instanceof Record r) {
            writeRecord(out, r, depth, false);
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                newline(out, depth + 1);
                writeValue(out, list.get(i), depth + 1);
                if (i < list.size() - 1) {
                    out.append(',');
                }
            }
            newline(out, depth);
            out.append(']');
        } else {
            throw new IllegalArgumentException("a snapshot holds no " + value.getClass().getName());
        }
    }

    private static void newline(StringBuilder out, int depth) {
        if (depth < NEWLINES.length) {
            out.append(NEWLINES[depth]);
            return;
        }
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private static void sortTogether(List<String> keys, List<Object> values) {
        Integer[] order = new Integer[keys.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(keys::get));
        List<String> k = Arrays.stream(order).map(keys::get).toList();
        List<Object> v = Arrays.stream(order).map(values::get).toList();
        keys.clear();
        keys.addAll(k);
        values.clear();
        values.addAll(v);
    }

    // ---------------------------------------------------------------- reading

    private static Object convert(Type type, Object value, String path) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (!(value instanceof List<?> list)) {
                throw invalid(path + " should be a list");
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(convert(p.getActualTypeArguments()[0], list.get(i), path + "[" + i + "]"));
            }
            return out;
        }
        Class<?> cls = (Class<?>) type;
        if (value == null) {
            if (cls.isPrimitive()) {
                throw invalid(path + " is missing");
            }
            return null;
        }
        if (cls == String.class && value instanceof String) {
            return value;
        }
        if ((cls == boolean.class || cls == Boolean.class) && value instanceof Boolean) {
            return value;
        }
        if ((cls == long.class || cls == Long.class) && value instanceof Long) {
            return value;
        }
        if (cls.isEnum() && value instanceof String word) {
            for (Object constant : cls.getEnumConstants()) {
                if (enumWord((Enum<?>) constant).equals(word)) {
                    return constant;
                }
            }
            throw invalid(path + " is \"" + word + "\", which is not one of " + Arrays.stream(cls.getEnumConstants())
                    .map(c -> enumWord((Enum<?>) c)).toList());
        }
        if (cls.isRecord() && value instanceof Map<?, ?> map) {
            Map<String, Object> fields = new HashMap<>();
            map.forEach((k, v) -> fields.put((String) k, v));
            return toRecord(cls, fields, path);
        }
        throw invalid(path + " should be " + expected(cls));
    }

    private static Record toRecord(Class<?> cls, Map<String, Object> fields, String path) {
        RecordComponent[] components = cls.getRecordComponents();
        for (String key : fields.keySet()) {
            if (Arrays.stream(components).noneMatch(c -> c.getName().equals(key))) {
                throw invalid(path + " has an unknown key \"" + key + "\"");
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            args[i] = convert(c.getGenericType(), fields.get(c.getName()), path + "." + c.getName());
        }
        try {
            Constructor<?> constructor = cls.getDeclaredConstructor(types);
            return (Record) constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            String what = e.getCause() instanceof NullPointerException npe && npe.getMessage() != null
                    ? path + "." + npe.getMessage() + " is missing" : path + " is not valid: " + e.getCause();
            throw invalid(what);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + cls.getName(), e);
        }
    }

    private static String expected(Class<?> cls) {
        if (cls == String.class) {
            return "a string";
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return "true or false";
        }
        if (cls == long.class || cls == Long.class) {
            return "a whole number";
        }
        return "an object";
    }

    // ---------------------------------------------------------------- shared

    /**
     * A record component as the writer needs it: its name, its key as written ({@code "name": }), and its
     * accessor. Looked up once per record class, not once per record.
     */
    private record Component(String name, String key, MethodHandle accessor) {

        Object get(Record value) {
            try {
                return (Object) accessor.invokeExact(value);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read " + name + " of " + value.getClass().getName(), e);
            }
        }
    }

    /** Each record class's components, sorted by name. */
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents()).sorted(Comparator.comparing(RecordComponent::getName))
                    .map(c -> {
                        StringBuilder key = new StringBuilder();
                        JsonText.writeString(key, c.getName());
                        Method accessor = c.getAccessor();
                        accessor.setAccessible(true);
                        try {
                            MethodHandle handle = MethodHandles.lookup().unreflect(accessor)
                                    .asType(MethodType.methodType(Object.class, Record.class));
                            return new Component(c.getName(), key.append(": ").toString(), handle);
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException("cannot read " + c, e);
                        }
                    })
                    .toList();
        }
    };

    /** Each enum class's constants as written, quoted, by ordinal. */
    private static final ClassValue<String[]> ENUM_WORDS = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            return Arrays.stream(type.getEnumConstants()).map(c -> {
                StringBuilder word = new StringBuilder();
                JsonText.writeString(word, enumWord((Enum<?>) c));
                return word.toString();
            }).toArray(String[]::new);
        }
    };

    private static String enumWord(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static FerryException invalid(String what) {
        return new FerryException(MigrationErrorCode.INVALID_SCHEMA_SNAPSHOT, "not a schema snapshot: " + what,
                "give the JSON that SchemaSnapshot.toJson() wrote, unedited (or fix the place named)");
    }
}
