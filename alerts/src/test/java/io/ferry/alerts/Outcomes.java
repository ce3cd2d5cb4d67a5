package io.ferry.alerts;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every outcome it is told, in order. */
final class Outcomes implements DeliveryListener {

    record Told(Delivery delivery, String outcome) {
    }

    final List<Told> told = new CopyOnWriteArrayList<>();

    @Override
    public void attempted(Delivery delivery, String outcome) {
        told.add(new Told(delivery, outcome));
    }

    /** The outcomes told for one delivery, in order. */
    List<String> of(String id) {
        return told.stream().filter(t -> t.delivery().id().equals(id)).map(Told::outcome).toList();
    }
}
