package io.paymenthub.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.paymenthub.events.OutboxEvent;
import io.paymenthub.events.OutboxRelay;
import io.paymenthub.store.OutboxStore;
import io.paymenthub.support.FreePorts;
import io.paymenthub.support.KafkaTestBroker;
import io.paymenthub.support.OutboxSamples;
import io.paymenthub.support.RunnerTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two runner instances on one PostgreSQL schema and one real Kafka topic, both relays working at once (small
 * batches, so their claims interleave): every committed event reaches Kafka exactly once, and the events of one
 * key in commit order, whichever relay claimed each.
 */
class OutboxRelayTwoInstancesPostgresTest extends RunnerTestSupport {

    // small batches and a short sweep: a relay drains a 2,500-event backlog in about a second, so both must be
    // looking often for the test to see them share it
    private static final Map<String, String> SMALL_BATCHES = Map.of("outbox.batch-size", "50",
            "outbox.sweep-interval-ms", "50");

    private Main second;

    @Override
    protected boolean onPostgres() {
        return true;
    }

    @Override
    protected Map<String, String> extraProperties() {
        return SMALL_BATCHES;
    }

    @AfterAll
    void stopSecondInstance() {
        if (second != null) {
            second.stop();
        }
    }

    @Test
    void twoRelaysOnOneDatabasePublishEveryEventOnceAndEachKeyInCommitOrder() throws Exception {
        CamelContext other = startSecondInstance();
        List<NotifyBuilder> published = new ArrayList<>();
        for (CamelContext instance : List.of(context, other)) {
            published.add(new NotifyBuilder(instance).fromRoute("outbox-relay")
                    .filter(OutboxRelayTwoInstancesPostgresTest::publishedABatch).whenDone(2).create());
        }
        List<OutboxEvent> backlog = OutboxSamples.events(2_000);
        List<OutboxEvent> meanwhile = OutboxSamples.events(500);

        // a backlog appears at once (as after a Kafka outage); both relays drain it while more events are committed
        OutboxSamples.commit(dbUrl, dbUser, dbPassword, backlog, backlog.size());
        for (CamelContext instance : List.of(context, other)) {
            instance.createProducerTemplate().sendBody("seda:outbox-wake?discardWhenFull=true", "");
        }
        OutboxSamples.commit(dbUrl, dbUser, dbPassword, meanwhile, 5);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> count("SELECT COUNT(*) FROM outbox") == 0);

        List<OutboxEvent> all = new ArrayList<>(backlog);
        all.addAll(meanwhile);
        OutboxSamples.assertEachPublishedOnceInKeyOrder(all, OutboxSamples.awaitAll(events(), all, Duration.ofSeconds(60)));
        assertTrue(published.get(0).matches() && published.get(1).matches(),
                "both relays published batches (else this test proves nothing about two relays)");
    }

    private static boolean publishedABatch(Exchange exchange) {
        OutboxStore.Claim claim = exchange.getProperty(OutboxRelay.CLAIM, OutboxStore.Claim.class);
        return claim != null && !claim.events().isEmpty();
    }

    /** A second runner in this JVM, as a second instance would be deployed: same store, same topic, ports of its own. */
    private CamelContext startSecondInstance() {
        second = new Main();
        configure(second.configure());
        second.setDefaultPropertyPlaceholderLocation("file:application.properties");
        Map<String, String> p = new java.util.HashMap<>(SMALL_BATCHES);
        p.put("camel.main.name", "payment-hub-second-instance");
        p.put("camel.server.port", Integer.toString(FreePorts.next()));
        p.put("camel.management.port", Integer.toString(FreePorts.next()));
        p.put("kafka.brokers", KafkaTestBroker.shared().bootstrapServers());
        p.put("kafka.topic", topic);
        p.put("db.url", dbUrl);
        p.put("db.user", dbUser);
        p.put("db.password", dbPassword);
        p.put("bancamiga.webhook.token", WEBHOOK_TOKEN);
        p.forEach(second::addOverrideProperty);
        second.start();
        return second.getCamelContext();
    }
}
