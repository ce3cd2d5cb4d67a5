package io.ferry.backfill;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Work that walks a table by its key: holds the walker and the job's definition for its subclasses. */
public abstract class KeysetWork implements BatchWork {

    private final KeysetWalker walker;
    private final Map<String, Object> definition;

    protected KeysetWork(KeysetWalker walker, Map<String, Object> definition) {
        this.walker = walker;
        this.definition = new LinkedHashMap<>(definition);
    }

    @Override
    public KeysetWalker walker() {
        return walker;
    }

    @Override
    public Map<String, Object> definition() {
        return definition;
    }

    /** Reads a sample's key from {@code rs}, one column per key column from {@code first}, as text. */
    protected Map<String, String> key(ResultSet rs, int first) throws SQLException {
        List<String> names = walker.keyNames();
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            key.put(names.get(i), rs.getString(first + i));
        }
        return key;
    }
}
