package io.ferry.migration.spi;

/**
 * A Java migration whose class name says its version and description, as Flyway's does:
 * {@code V1_2__Seed_countries} is version 1.2, "Seed countries".
 */
public abstract class BaseJavaMigration implements JavaMigration {

    private final String version;
    private final String description;

    protected BaseJavaMigration() {
        String name = getClass().getSimpleName();
        int separator = name.indexOf("__");
        if (!name.startsWith("V") || separator < 2) {
            throw new IllegalStateException(getClass().getName() + " is not named V<version>__<Description>;"
                    + " rename it, or implement JavaMigration and say its version yourself");
        }
        this.version = name.substring(1, separator);
        this.description = name.substring(separator + 2).replace('_', ' ');
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }
}
