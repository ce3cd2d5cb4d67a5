/**
 * The server's alerts: rules evaluated on each {@link io.ferry.runbook.snapshot.Snapshot} and on a probe of their
 * own, an {@link io.ferry.runbook.alerts.AlertBook} of what fires, and an {@link io.ferry.runbook.alerts.AlertSink}
 * that hands each firing and each resolve to the {@code alerts} module's dispatcher. One replica evaluates the
 * snapshot rules: the one holding the leader lock ({@link io.ferry.runbook.alerts.AdvisoryLeadership}).
 */
package io.ferry.runbook.alerts;
