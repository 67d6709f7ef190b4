package io.paymenthub.events;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.paymenthub.core.Failures;
import io.paymenthub.core.OutageLog;
import io.paymenthub.store.OutboxStore.PendingEvent;
import io.paymenthub.store.OutboxStore;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay's steps (routes/outbox-relay.camel.yaml): claim the oldest committed events as Kafka
 * records, delete them from the outbox once Kafka acknowledged them, and report an outage once, not per attempt.
 * A claim holds its rows locked in an open transaction until then, so relays of several runner instances
 * sharing the store never publish the same row; when the exchange ends without it (Kafka down, shutdown)
 * the transaction is rolled back and the rows wait for the next claim.
 */
public final class OutboxRelay {

    public static final String CLAIM = "outboxClaim";
    public static final String MORE = "outboxMorePending";
    public static final String FULL = "outboxBatchFull";
    /** CloudEvents Kafka binding, structured mode. */
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxStore outbox;
    private final int batchSize;
    private final OutageLog outage = new OutageLog(LOG);

    public OutboxRelay(OutboxStore outbox, int batchSize) {
        this.outbox = outbox;
        this.batchSize = batchSize;
    }

    /** The next batch as one Kafka record per event, keyed by payment, in commit order. */
    public List<Message> nextBatch(Exchange exchange) throws SQLException {
        OutboxStore.Claim claim = outbox.claim(batchSize);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                claim.close();
            }
        });
        List<Message> records = new ArrayList<>(claim.events().size());
        for (PendingEvent event : claim.events()) {
            Message record = new DefaultMessage(exchange.getContext());
            record.setHeader(KafkaConstants.KEY, event.recordKey());
            record.setHeader("content-type", CONTENT_TYPE);
            record.setBody(event.payload());
            records.add(record);
        }
        exchange.setProperty(CLAIM, claim);
        // a key's next event becomes claimable only once this batch is published: after any batch, look again
        exchange.setProperty(MORE, !records.isEmpty());
        exchange.setProperty(FULL, records.size() == batchSize);
        return records;
    }

    /** After {@link #nextBatch}: more may wait (a fuller backlog, or a key's next event freed by this batch). */
    public boolean morePending(@ExchangeProperty(MORE) Boolean more) {
        return Boolean.TRUE.equals(more);
    }

    /** After {@link #nextBatch}: the batch filled (the relay then goes again at once, without lingering). */
    public boolean batchFull(@ExchangeProperty(FULL) Boolean full) {
        return Boolean.TRUE.equals(full);
    }

    public void published(@ExchangeProperty(CLAIM) OutboxStore.Claim claim) throws SQLException {
        claim.deletePublished();
        outage.recoveredOnce("Outbox relay recovered after {} failed attempts; events flow to Kafka again");
    }

    /** One line when publishing starts failing, then silence until it recovers; the events stay in the outbox. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        outage.failedOnce("Outbox relay cannot publish: {}. Events stay in the outbox and are retried.", Failures.describe(cause));
    }
}
