package io.ferry.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.backfill.BackfillErrorCode;
import io.ferry.backfill.JobDefinition;
import io.ferry.backfill.JobOptions;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the {@code backfills:} section of {@code ferry.yaml}: a map from job name to the job's keys,
 * {@code type} among them. The keys of each type are checked when the job runs, against the database.
 */
final class BackfillConfig {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BackfillConfig() {
    }

    @SuppressWarnings("unchecked")
    static List<JobDefinition> jobs(JsonNode section, Path file) {
        List<JobDefinition> jobs = new ArrayList<>();
        if (section == null || section.isNull()) {
            return jobs;
        }
        if (!section.isObject()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, file + ": backfills must be a map of job names"
                    + " to their settings", "write backfills:, then each job as 'name:' with its keys indented below");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!NAME.matcher(name).matches() || name.equals("all")) {
                throw new FerryException(BackfillErrorCode.INVALID_BACKFILL, "backfill name '" + name + "' in " + file
                        + " is not allowed", "name jobs with letters, digits, '.', '_' and '-' (at most 63), not 'all'");
            }
            if (!e.getValue().isObject()) {
                throw new FerryException(BackfillErrorCode.INVALID_BACKFILL, "backfill '" + name + "' in " + file
                        + " must be a map of settings", "give it type: and the keys of that type (see docs/backfills.md)");
            }
            Map<String, Object> options = MAPPER.convertValue(e.getValue(), LinkedHashMap.class);
            Object type = options.get("type");
            if (!(type instanceof String t) || t.isBlank()) {
                throw new FerryException(BackfillErrorCode.INVALID_BACKFILL, "backfill '" + name + "' in " + file
                        + " has no type", "add type: hash, json-normalize, seed, orphan-cleanup or a custom type");
            }
            jobs.add(new JobDefinition(name, t.strip(), new JobOptions(name, options)));
        }
        return jobs;
    }
}
