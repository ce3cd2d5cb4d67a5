package io.ferry.runbook.alerts;

/** Whether this replica is the one that evaluates the snapshot rules. */
public interface Leadership extends AutoCloseable {

    /** Takes the lead when it is free, or checks that this replica still has it; never throws. */
    boolean lead();

    /** What the last {@link #lead()} found, without asking the database. */
    boolean leader();

    /** Lets the lead go. */
    @Override
    void close();

    /** A replica that always leads: for a single server that shares its database with no other. */
    Leadership ALWAYS = fixed(true);

    /** A replica whose lead never changes: {@code leads} says whether it has it. */
    static Leadership fixed(boolean leads) {
        return new Leadership() {
            @Override
            public boolean lead() {
                return leads;
            }

            @Override
            public boolean leader() {
                return leads;
            }

            @Override
            public void close() {
            }
        };
    }
}
