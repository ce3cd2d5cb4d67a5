package io.ferry.compat.flyway.bench;

import io.ferry.migration.Ferry;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.history.flyway.FlywayHistory;
import io.ferry.migration.source.flyway.FlywayChecksum;
import io.ferry.migration.source.flyway.FlywayProject;
import io.ferry.migration.source.flyway.FlywaySource;
import io.ferry.migration.source.flyway.Placeholders;
import io.ferry.migration.sql.SqlSplitter;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.StatementTraits;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * Where the time of Ferry's {@code info} goes: each piece of work, timed on its own in the benchmark's warm
 * JVM, over the benchmark's project and database. The pieces overlap the whole they are part of (reading the
 * project includes listing, reading, decoding, ... the files); the whole is timed too. Splitting, the
 * statement traits and the graph are listed because {@code info} did them before it read lazily: they show
 * what that saves.
 */
final class InfoBreakdown {

    private final Path dir;
    private final DataSource dataSource;
    private final Map<String, String> placeholders;
    private final int rounds;

    InfoBreakdown(Path dir, DataSource dataSource, int rounds) {
        this.dir = dir;
        this.dataSource = dataSource;
        this.placeholders = FlywaySource.defaults("public", null, null);
        this.rounds = rounds;
    }

    /** Each piece's median over the rounds, in milliseconds, in the order the work happens. */
    Map<String, Double> measure() throws Exception {
        List<Path> files = list();
        List<byte[]> bytes = new ArrayList<>();
        for (Path f : files) {
            bytes.add(Files.readAllBytes(f));
        }
        List<String> texts = bytes.stream().map(InfoBreakdown::decode).toList();
        FlywayProject project = new FlywaySource(dir, placeholders, false).read();
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("list the files (one walk)", median(() -> list().size()));
        result.put("read their bytes", median(() -> {
            long n = 0;
            for (Path f : files) {
                n += Files.readAllBytes(f).length;
            }
            return n;
        }));
        result.put("decode UTF-8 (strict decoder)", median(() -> bytes.stream().mapToInt(b -> decode(b).length()).sum()));
        result.put("replace placeholders (files with ${)", median(() -> texts.stream()
                .mapToInt(t -> t.contains("${") ? Placeholders.replace(t, placeholders).length() : 0).sum()));
        result.put("Flyway checksums", median(() -> texts.stream().mapToInt(FlywayChecksum::of).sum()));
        result.put("keyword filter for transactions", median(() -> texts.stream()
                .filter(StatementTraits::mayBeRefusedInTransaction).count()));
        result.put("read the project (all of the above)", median(() -> new FlywaySource(dir, placeholders, false).read()));
        result.put("split statements (no longer done)", median(() -> texts.stream()
                .mapToInt(t -> SqlSplitter.split(t).size()).sum()));
        List<List<SqlStatement>> split = texts.stream().map(SqlSplitter::split).toList();
        result.put("statement traits (no longer done)", median(() -> split.stream().flatMap(List::stream)
                .filter(s -> StatementTraits.of(s).refusedInTransaction().isPresent()).count()));
        result.put("build the graph (no longer done)", median(() -> RevisionGraph.of(project.revisions())));
        result.put("Ferry.configure()...load()", median(() -> ferry()));
        result.put("connect and release", median(() -> {
            try (Connection c = dataSource.getConnection()) {
                return c.isValid(1);
            }
        }));
        try (Connection c = dataSource.getConnection()) {
            FlywayHistory table = new FlywayHistory("public", FlywayHistory.DEFAULT_TABLE);
            result.put("read flyway_schema_history", median(() -> table.rows(c).size()));
        }
        Ferry loaded = ferry();
        result.put("flyway().info() after load", median(() -> loaded.flyway().info()));
        result.put("whole info (load + info)", median(() -> ferry().flyway().info()));
        return result;
    }

    private Ferry ferry() {
        return Ferry.configure().dataSource(dataSource).locations(dir).flyway().load();
    }

    private List<Path> list() throws Exception {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && file.getFileName().toString().endsWith(".sql")) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    private static String decode(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double median(Callable<?> work) throws Exception {
        work.call();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            work.call();
            times.add(System.nanoTime() - t0);
        }
        times.sort(null);
        return times.get(times.size() / 2) / 1e6;
    }
}
