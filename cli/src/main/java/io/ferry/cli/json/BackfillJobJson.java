package io.ferry.cli.json;

import io.ferry.backfill.JobDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code backfill list}: one declared job.
 *
 * @param settings every key of the job in {@code ferry.yaml} but {@code type} and {@code description}, as
 *                 declared
 */
public record BackfillJobJson(String job, String type, Object table, Object description,
                              Map<String, Object> settings) {

    public static BackfillJobJson of(JobDefinition job) {
        Map<String, Object> declared = job.options().asMap();
        Map<String, Object> settings = new LinkedHashMap<>(declared);
        settings.remove("type");
        settings.remove("description");
        return new BackfillJobJson(job.name(), job.type(), declared.get("table"), declared.get("description"),
                settings);
    }
}
