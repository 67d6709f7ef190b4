package io.paymenthub;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.ops.OpsAudit;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.ClusteredJobStore;
import io.paymenthub.store.Database;
import io.paymenthub.store.OutboxStore;
import io.paymenthub.store.RejectedMessages;
import io.paymenthub.store.ReviewQueue;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * The store (db.*), migrated when it is bound, and the tables every flow shares: the outbox, refused bodies, the
 * review queue and the operators' audit trail. With cluster.enabled=true, Quartz's timers move into the store.
 */
public class StoreConfiguration implements CamelConfiguration {

    /** The connection pool, the schema migrated (Flyway) before any other bean uses it. */
    @BindToRegistry
    public Database database(CamelContext context, Settings settings) {
        Database database = new Database(settings.text("db.url"), settings.text("db.user"),
                context.getPropertiesComponent().resolveProperty("db.password").orElse(""),
                settings.integer("db.pool-size"), settings.duration("db.connection-timeout-ms").toMillis());
        database.migrate();
        return database;
    }

    /** Committed events waiting for Kafka (the relay reads them, the gauges count them). */
    @BindToRegistry
    public OutboxStore outboxStore(Database database) {
        return new OutboxStore(database);
    }

    /** Refused inbound bodies, kept for inspection (also the one-insert floor of bench/). */
    @BindToRegistry
    public RejectedMessages rejectedMessages(Database database, Settings settings) {
        return new RejectedMessages(database, settings.integer("rejected.max-stored-bytes"));
    }

    /** Reports acknowledged but held back for review (docs/operations.md: Review queue). */
    @BindToRegistry
    public ReviewQueue reviewQueue(Database database) {
        return new ReviewQueue(database);
    }

    /** The audit trail of operator actions (/ops/ and the older /observe/pago46 paths). */
    @BindToRegistry
    public OpsAudit opsAudit(Database database,
                             @BeanInject(MicrometerConstants.METRICS_REGISTRY_NAME) MeterRegistry meters) {
        return new OpsAudit(database, meters);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        Database database = context.getRegistry().findSingleByType(Database.class);
        if (settings.flag("cluster.enabled")) {
            // before anything starts: a setup that cannot cluster is refused, not half-run
            ClusteredJobStore.checkSettings(settings.text("db.url"));
            ClusteredJobStore.install(context, database, settings.text("cluster.instance-id"),
                    settings.duration("cluster.checkin-interval-ms").toMillis(),
                    settings.duration("cluster.misfire-threshold-ms").toMillis());
        }
        // the pool closes when Camel stops, after the routes
        context.addService(database, true, true);
    }
}
