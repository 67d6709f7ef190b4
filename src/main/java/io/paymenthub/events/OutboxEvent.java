package io.paymenthub.events;

/**
 * An event ready for the outbox: its stable CloudEvent id, type, Kafka record key and JSON document as UTF-8 bytes,
 * the form it is stored in and sent to Kafka in (a byte array is copied whole; a text column is written character
 * by character, on the one thread that commits every webhook: bench/RESULTS.md).
 */
public record OutboxEvent(String eventId, String type, String recordKey, byte[] payload) {
}
