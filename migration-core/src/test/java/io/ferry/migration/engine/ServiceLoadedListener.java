package io.ferry.migration.engine;

import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.event.MigrationListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Registered in META-INF/services for the tests: counts the runs started, per target. */
public class ServiceLoadedListener implements MigrationListener {

    private static final Map<String, Integer> RUNS = new ConcurrentHashMap<>();

    @Override
    public void onEvent(MigrationEvent event) {
        if (event instanceof MigrationEvent.RunStarted started) {
            RUNS.merge(started.target(), 1, Integer::sum);
        }
    }

    static int runsStartedFor(String target) {
        return RUNS.getOrDefault(target, 0);
    }
}
