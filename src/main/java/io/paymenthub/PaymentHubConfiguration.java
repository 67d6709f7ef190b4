package io.paymenthub;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.paymenthub.bancamiga.BancamigaMovementIdentity;
import io.paymenthub.bancamiga.BancamigaWebhookParser;
import io.paymenthub.bancamiga.BankDirectory;
import io.paymenthub.events.OutboxRelay;
import io.paymenthub.events.PaymentEvents;
import io.paymenthub.health.DatabaseHealthCheck;
import io.paymenthub.ops.IntakeOperatorActions;
import io.paymenthub.ops.OpsAudit;
import io.paymenthub.ops.OpsAuth;
import io.paymenthub.ops.OpsEndpoints;
import io.paymenthub.pago46.Pago46Registrations;
import io.paymenthub.sandbox.Sandbox;
import io.paymenthub.http.HttpErrorResponder;
import io.paymenthub.http.JsonBodyGuard;
import io.paymenthub.http.JsonErrorPages;
import io.paymenthub.http.MerchantApiKeys;
import io.paymenthub.http.SlowBodyTimeout;
import io.paymenthub.http.WebhookMetrics;
import io.paymenthub.store.ClusteredJobStore;
import io.paymenthub.store.Database;
import io.paymenthub.store.OutboxStore;
import io.paymenthub.store.PaymentStore;
import io.paymenthub.store.RejectedMessages;
import io.paymenthub.store.ReviewQueue;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * Binds the beans the routes call by name. Every value comes from application.properties (or its
 * -D / environment overrides); nothing here decides routing.
 */
public class PaymentHubConfiguration implements CamelConfiguration {

    @PropertyInject("db.url")
    private String dbUrl;
    @PropertyInject(value = "db.user", defaultValue = "")
    private String dbUser;
    @PropertyInject(value = "db.password", defaultValue = "")
    private String dbPassword;
    @PropertyInject("db.pool-size")
    private int dbPoolSize;
    @PropertyInject("db.connection-timeout-ms")
    private long dbConnectionTimeoutMs;
    @PropertyInject("db.group-commit.linger-us")
    private long groupCommitLingerMicros;
    @PropertyInject("outbox.batch-size")
    private int outboxBatchSize;
    @PropertyInject("http.max-body-bytes")
    private long maxBodyBytes;
    @PropertyInject("http.request-body-timeout-ms")
    private long requestBodyTimeoutMs;
    @PropertyInject("rejected.max-stored-bytes")
    private int rejectedMaxStoredBytes;
    @PropertyInject(value = "sandbox.enabled", defaultValue = "false")
    private boolean sandboxEnabled;
    @PropertyInject(value = "cluster.enabled", defaultValue = "false")
    private boolean clusterEnabled;
    @PropertyInject(value = "cluster.instance-id", defaultValue = "AUTO")
    private String clusterInstanceId;
    @PropertyInject(value = "cluster.checkin-interval-ms", defaultValue = "5000")
    private long clusterCheckinIntervalMs;
    @PropertyInject(value = "cluster.misfire-threshold-ms", defaultValue = "60000")
    private long clusterMisfireThresholdMs;
    @PropertyInject(value = "ops.username", defaultValue = "ops")
    private String opsUsername;
    @PropertyInject(value = "ops.password", defaultValue = "")
    private String opsPassword;

    @PropertyInject(value = "api.keys", defaultValue = "")
    private String apiKeys;

    private Database database;
    private MerchantApiKeys merchantApiKeys;
    private OutboxStore outboxStore;
    private RejectedMessages rejectedMessages;

    @BindToRegistry
    public Database database() {
        if (database == null) {
            database = new Database(dbUrl, dbUser, dbPassword, dbPoolSize, dbConnectionTimeoutMs);
            database.migrate();
        }
        return database;
    }

    @BindToRegistry
    public OutboxStore outboxStore() {
        if (outboxStore == null) {
            outboxStore = new OutboxStore(database());
        }
        return outboxStore;
    }

    @BindToRegistry
    public PaymentStore paymentStore(CamelContext camelContext) {
        return new PaymentStore(database(), new PaymentEvents(), List.of(Pago46Registrations.lookup(camelContext)),
                groupCommitLingerMicros, new BancamigaMovementIdentity());
    }

    @BindToRegistry
    public OutboxRelay outboxRelay() {
        return new OutboxRelay(outboxStore(), outboxBatchSize);
    }

    /** Refused inbound bodies, kept for inspection (also the one-insert floor of bench/). */
    @BindToRegistry
    public RejectedMessages rejectedMessages() {
        if (rejectedMessages == null) {
            rejectedMessages = new RejectedMessages(database(), rejectedMaxStoredBytes);
        }
        return rejectedMessages;
    }

    @BindToRegistry
    public HttpErrorResponder httpErrorResponder(WebhookMetrics webhookMetrics) {
        return new HttpErrorResponder(rejectedMessages(), webhookMetrics);
    }

    @BindToRegistry
    public WebhookMetrics webhookMetrics(CamelContext camelContext) {
        return new WebhookMetrics(meterRegistry(camelContext));
    }

    /** The merchant API's keys (api.keys); in the sandbox, when none is set, the documented sandbox key. */
    @BindToRegistry
    public MerchantApiKeys merchantApiKeys() {
        if (merchantApiKeys == null) {
            merchantApiKeys = new MerchantApiKeys(sandboxEnabled && apiKeys.isBlank() ? Sandbox.MERCHANT_API_KEYS : apiKeys);
        }
        return merchantApiKeys;
    }

    @BindToRegistry
    public JsonBodyGuard jsonBodyGuard() {
        return new JsonBodyGuard(maxBodyBytes);
    }

    @BindToRegistry
    public BancamigaWebhookParser bancamigaWebhookParser(CamelContext camelContext) {
        return new BancamigaWebhookParser(BankDirectory.venezuela(), meterRegistry(camelContext));
    }

    /** Reports acknowledged but held back for review (README: Review queue). */
    @BindToRegistry
    public ReviewQueue reviewQueue() {
        return new ReviewQueue(database());
    }

    /** The audit trail of operator actions (/ops/ and the older /observe/pago46 paths). */
    @BindToRegistry
    public OpsAudit opsAudit(CamelContext camelContext) {
        return new OpsAudit(database(), meterRegistry(camelContext));
    }

    @BindToRegistry
    public DatabaseHealthCheck databaseHealthCheck() {
        return new DatabaseHealthCheck(database());
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        if (clusterEnabled) {
            // before anything starts: a setup that cannot cluster is refused, not half-run
            ClusteredJobStore.checkSettings(dbUrl);
            ClusteredJobStore.install(camelContext, database(), clusterInstanceId,
                    clusterCheckinIntervalMs, clusterMisfireThresholdMs);
        }
        if (sandboxEnabled) {
            Sandbox.start(camelContext);
        }
        merchantApiKeys().logAtStart();
        // the pool closes when Camel stops, after the routes
        camelContext.addService(database(), true, true);
        // review queue and refused bodies under /ops/ (OpsEndpoints finds every OpsActions bean)
        camelContext.getRegistry().bind("intakeOperatorActions", new IntakeOperatorActions(
                camelContext.getRegistry().lookupByNameAndType("reviewQueue", ReviewQueue.class), rejectedMessages(),
                camelContext.getRegistry().lookupByNameAndType("opsAudit", OpsAudit.class),
                camelContext.getRegistry().lookupByNameAndType("bancamigaWebhookParser", BancamigaWebhookParser.class),
                camelContext.getRegistry().lookupByNameAndType("paymentStore", PaymentStore.class),
                camelContext.createProducerTemplate()));
        camelContext.addStartupListener(new OpsEndpoints(new OpsAuth(opsUsername, opsPassword),
                camelContext.getRegistry().lookupByNameAndType("opsAudit", OpsAudit.class)));
        camelContext.getManagementStrategy().addEventNotifier(new JsonErrorPages(new SlowBodyTimeout(requestBodyTimeoutMs)));
        MeterRegistry meters = meterRegistry(camelContext);
        Gauge.builder("paymenthub.outbox.pending", outboxStore(), o -> orNaN(o::pendingCount))
                .description("Committed events not yet published to Kafka")
                .register(meters);
        Gauge.builder("paymenthub.review.open", camelContext.getRegistry().lookupByNameAndType("reviewQueue", ReviewQueue.class),
                        q -> orNaN(q::openCount))
                .description("Reports acknowledged and held for review, not yet resolved, released or discarded (GET /ops/review)")
                .register(meters);
        Gauge.builder("paymenthub.outbox.oldest.pending.seconds", outboxStore(), o -> orNaN(o::oldestPendingAgeSeconds))
                .description("Age of the oldest event waiting for Kafka (0 when none waits)")
                .register(meters);
    }

    /** The registry camel-micrometer-prometheus serves on /observe/metrics (created here if it is not yet). */
    private static MeterRegistry meterRegistry(CamelContext camelContext) {
        MeterRegistry registry = camelContext.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            camelContext.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        return registry;
    }

    /** A gauge reads the store on every scrape; while the store is down it shows NaN rather than failing the scrape. */
    private static double orNaN(java.util.concurrent.Callable<? extends Number> reading) {
        try {
            return reading.call().doubleValue();
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
