package io.paymenthub.events;

/** An event ready for the outbox: its stable CloudEvent id, type, Kafka record key and JSON document. */
public record OutboxEvent(String eventId, String type, String recordKey, String payload) {
}
