package io.ferry.alerts;

import io.ferry.migration.testing.Await;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every outcome it is told, in order. */
final class Outcomes implements DeliveryListener {

    record Told(Delivery delivery, String outcome) {
    }

    /** The outcomes that end a delivery. */
    private static final Set<String> ENDS = Set.of("delivered", "dead", "disabled");

    final List<Told> told = new CopyOnWriteArrayList<>();

    @Override
    public void attempted(Delivery delivery, String outcome) {
        told.add(new Told(delivery, outcome));
    }

    /** The outcomes told for one delivery, in order. */
    List<String> of(String id) {
        return told.stream().filter(t -> t.delivery().id().equals(id)).map(Told::outcome).toList();
    }

    /**
     * The outcomes told for one delivery, once its last was told: the spool records a delivery as over just
     * before its listener is told, so a test that saw it over in the spool waits here for the telling.
     */
    List<String> ofEnded(String id) throws Exception {
        Await.until("the listener told the last outcome of " + id, () -> {
            List<String> so = of(id);
            return !so.isEmpty() && ENDS.contains(so.get(so.size() - 1));
        });
        return of(id);
    }
}
