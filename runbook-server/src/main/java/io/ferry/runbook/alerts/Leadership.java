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
    Leadership ALWAYS = new Leadership() {
        @Override
        public boolean lead() {
            return true;
        }

        @Override
        public boolean leader() {
            return true;
        }

        @Override
        public void close() {
        }
    };
}
