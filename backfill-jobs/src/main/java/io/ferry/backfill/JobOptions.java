package io.ferry.backfill;

import io.ferry.migration.api.Durations;
import io.ferry.migration.api.FerryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys of one job's entry in {@code ferry.yaml}, read with the job's name in every error. A job
 * first calls {@link #rejectUnknown} with the keys it knows, so a misspelt key is an error rather than
 * a setting silently ignored, then reads them.
 */
public final class JobOptions {

    private final String job;
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();

    public JobOptions(String job, Map<String, ?> values) {
        this.job = job;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Every key and value as declared, for the run's recorded parameters. */
    public Map<String, Object> asMap() {
        return values;
    }

    public String job() {
        return job;
    }

    /** A required text value. */
    public String string(String key) {
        return optionalString(key).orElseThrow(() -> invalid("key '" + key + "' is missing", "add it to the job"));
    }

    public Optional<String> optionalString(String key) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw invalid("key '" + key + "' must be a single value, not " + (v instanceof Map ? "a map" : "a list"),
                    "write " + key + ": <value>");
        }
        String s = v.toString().strip();
        if (s.isEmpty()) {
            throw invalid("key '" + key + "' is empty", "give it a value or remove it");
        }
        return Optional.of(s);
    }

    /** One name or a list of names ({@code key: id} or {@code key: [tenant_id, id]}); required. */
    public List<String> names(String key) {
        return optionalNames(key).orElseThrow(() -> invalid("key '" + key + "' is missing", "add it to the job"));
    }

    public Optional<List<String>> optionalNames(String key) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o == null || o instanceof Map || o instanceof List || o.toString().isBlank()) {
                    throw invalid("key '" + key + "' must list names, and " + o + " is not one", "write " + key
                            + ": [a, b]");
                }
                names.add(o.toString().strip());
            }
        } else if (v instanceof Map) {
            throw invalid("key '" + key + "' must be a name or a list of names, not a map", "write " + key + ": [a, b]");
        } else {
            names.add(v.toString().strip());
        }
        if (names.isEmpty()) {
            throw invalid("key '" + key + "' lists no names", "list at least one");
        }
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw invalid("key '" + key + "' names a column twice: " + names, "list each column once");
        }
        return Optional.of(List.copyOf(names));
    }

    public Optional<Duration> optionalDuration(String key) {
        return optionalString(key).map(s -> {
            try {
                return Durations.parse(s);
            } catch (IllegalArgumentException e) {
                throw invalid("key '" + key + "': " + e.getMessage(), "write durations as 30d, 12h or 90min");
            }
        });
    }

    /** A whole number of at least {@code min}. */
    public Optional<Long> optionalLong(String key, long min) {
        return optionalString(key).map(s -> {
            long n;
            try {
                n = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw invalid("key '" + key + "' must be a whole number, not " + s, "write " + key + ": 1000");
            }
            if (n < min) {
                throw invalid("key '" + key + "' must be " + min + " or more, not " + n, "write " + key + ": 1000");
            }
            return n;
        });
    }

    /** The raw value of a key (a map, a list, text, a number), for jobs with structured settings. */
    public Optional<Object> raw(String key) {
        read.add(key);
        return Optional.ofNullable(values.get(key));
    }

    /**
     * Fails when the entry has a key that is neither one of {@code documented} nor one every job accepts.
     * Jobs call it first, so that a misspelt key is reported as such rather than as a missing one.
     *
     * @param documented the keys this job type accepts, comma-separated, as the message shows them
     */
    public void rejectUnknown(String documented) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        for (String known : (documented + ", " + Backfills.runnerKeys() + ", type, description").split(",")) {
            unknown.remove(known.strip());
        }
        if (!unknown.isEmpty()) {
            throw invalid("unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown),
                    "this job type accepts " + documented + ", and every job " + Backfills.runnerKeys()
                            + " (see docs/backfills.md)");
        }
    }

    /** An {@link BackfillErrorCode#INVALID_BACKFILL} error about this job. */
    public FerryException invalid(String problem, String hint) {
        return new FerryException(BackfillErrorCode.INVALID_BACKFILL, "backfill '" + job + "': " + problem, hint);
    }
}
