package io.ferry.backfill.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ferry.backfill.JobContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a seed file, each a map from column name to the value's text (null for NULL), in file order:
 * a CSV file with a header row (an empty unquoted field is NULL), or a YAML list of maps (a nested list or
 * map becomes its JSON text). Every row has every column.
 *
 * @param columns the columns, in the order the file names them
 * @param rows    the rows, in file order
 */
record SeedFile(List<String> columns, List<Map<String, String>> rows) {

    /**
     * Reads {@code file}, CSV or YAML by its extension.
     *
     * @throws io.ferry.migration.api.FerryException {@code invalid-backfill} for a file that cannot be read,
     *         is neither kind, or has rows of different shapes
     */
    static SeedFile read(JobContext context, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".csv")) {
                return csv(file);
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return yaml(context, file);
            }
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw context.invalid("cannot read " + file.getFileName() + ": " + detail, "check the file's syntax");
        }
        throw context.invalid("file " + file.getFileName() + " is neither .csv nor .yaml",
                "give a CSV file with a header row, or a YAML list of maps");
    }

    private static SeedFile csv(Path file) throws IOException {
        CsvMapper csv = CsvMapper.builder().enable(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL)
                .enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS)
                .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS).build();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = csv.readerFor(Map.class).with(schema)
                .readValues(file.toFile())) {
            CsvSchema actual = (CsvSchema) it.getParserSchema();
            actual.forEach(col -> header.add(col.getName()));
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return new SeedFile(header, rows);
    }

    private static SeedFile yaml(JobContext context, Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode root = yaml.readTree(Files.readAllBytes(file));
        if (root == null || !root.isArray()) {
            throw context.invalid(file.getFileName() + " must be a YAML list of rows (maps)",
                    "write one '- column: value' map per row");
        }
        List<String> header = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (JsonNode row : root) {
            if (!row.isObject()) {
                throw context.invalid(file.getFileName() + " row " + (rows.size() + 1) + " is not a map",
                        "write one '- column: value' map per row");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : row.properties()) {
                if (!header.contains(e.getKey())) {
                    header.add(e.getKey());
                }
                JsonNode v = e.getValue();
                values.put(e.getKey(), v.isNull() ? null : v.isContainerNode() ? json.writeValueAsString(v)
                        : v.asText());
            }
            rows.add(values);
        }
        for (int r = 0; r < rows.size(); r++) {
            for (String column : header) {
                if (!rows.get(r).containsKey(column)) {
                    throw context.invalid(file.getFileName() + " row " + (r + 1) + " has no '" + column
                            + "' (another row has it)", "give every row the same keys; write null for NULL");
                }
            }
        }
        return new SeedFile(header, rows);
    }
}
