package io.paymenthub.events;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.paymenthub.store.OutboxStore;
import io.paymenthub.store.OutboxStore.PendingEvent;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay's steps (routes/outbox-relay.camel.yaml): take the oldest committed events as Kafka
 * records, mark them published once Kafka acknowledged them, and report an outage once, not per attempt.
 */
public final class OutboxRelay {

    public static final String IDS = "outboxIds";
    public static final String MORE = "outboxMorePending";
    /** CloudEvents Kafka binding, structured mode. */
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxStore outbox;
    private final int batchSize;
    private int failuresInARow;

    public OutboxRelay(OutboxStore outbox, int batchSize) {
        this.outbox = outbox;
        this.batchSize = batchSize;
    }

    /** The next batch as one Kafka record per event, keyed by payment, in commit order. */
    public List<Message> nextBatch(Exchange exchange) throws SQLException {
        List<PendingEvent> pending = outbox.pending(batchSize);
        List<Long> ids = new ArrayList<>(pending.size());
        List<Message> records = new ArrayList<>(pending.size());
        for (PendingEvent event : pending) {
            ids.add(event.id());
            Message record = new DefaultMessage(exchange.getContext());
            record.setHeader(KafkaConstants.KEY, event.recordKey());
            record.setHeader("content-type", CONTENT_TYPE);
            record.setBody(event.payload());
            records.add(record);
        }
        exchange.setProperty(IDS, ids);
        exchange.setProperty(MORE, pending.size() == batchSize);
        return records;
    }

    public void published(@ExchangeProperty(IDS) List<Long> ids) throws SQLException {
        outbox.markPublished(ids);
        if (failuresInARow > 0) {
            LOG.info("Outbox relay recovered after {} failed attempts; events flow to Kafka again", failuresInARow);
            failuresInARow = 0;
        }
    }

    /** One line when publishing starts failing, then silence until it recovers; the events stay in the outbox. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failuresInARow++ == 0) {
            LOG.warn("Outbox relay cannot publish: {}. Events stay in the outbox and are retried.",
                    cause == null ? "unknown error" : cause.getMessage());
        }
    }
}
