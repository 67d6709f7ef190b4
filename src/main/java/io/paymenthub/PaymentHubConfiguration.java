package io.paymenthub;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.bancamiga.BancamigaMovementIdentity;
import io.paymenthub.bancamiga.BancamigaWebhookParser;
import io.paymenthub.bancamiga.BankDirectory;
import io.paymenthub.events.OutboxRelay;
import io.paymenthub.events.PaymentEvents;
import io.paymenthub.health.DatabaseHealthCheck;
import io.paymenthub.health.KafkaHealthCheck;
import io.paymenthub.http.HttpErrorResponder;
import io.paymenthub.http.JsonBodyGuard;
import io.paymenthub.http.JsonErrorPages;
import io.paymenthub.http.MerchantApiKeys;
import io.paymenthub.http.SlowBodyTimeout;
import io.paymenthub.http.WebhookMetrics;
import io.paymenthub.ops.IntakeOperatorActions;
import io.paymenthub.ops.OpsAudit;
import io.paymenthub.ops.OpsAuth;
import io.paymenthub.ops.OpsEndpoints;
import io.paymenthub.pago46.Pago46Registrations;
import io.paymenthub.sandbox.Sandbox;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.BacklogGauges;
import io.paymenthub.store.Database;
import io.paymenthub.store.OutboxStore;
import io.paymenthub.store.PaymentStore;
import io.paymenthub.store.RejectedMessages;
import io.paymenthub.store.ReviewQueue;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * The runtime the flows share: the payment store, the outbox relay, the HTTP guards and error answers, the
 * operators' intake actions and the runner's own health checks (database, Kafka). Every value comes from
 * application.properties (or its -D / environment overrides); nothing here decides routing.
 */
public class PaymentHubConfiguration implements CamelConfiguration {

    /**
     * Payments and their events, committed together; every newly received payment also queues its PAGO46
     * registration (a no-op while PAGO46 is off) in the same transaction.
     */
    @BindToRegistry
    public PaymentStore paymentStore(Database database, Pago46Registrations pago46Registrations, Settings settings) {
        return new PaymentStore(database, new PaymentEvents(), List.of(pago46Registrations),
                settings.duration("db.group-commit.linger-us").toNanos() / 1000, new BancamigaMovementIdentity());
    }

    @BindToRegistry
    public OutboxRelay outboxRelay(OutboxStore outboxStore, Settings settings) {
        return new OutboxRelay(outboxStore, settings.integer("outbox.batch-size"));
    }

    @BindToRegistry
    public WebhookMetrics webhookMetrics(@BeanInject(MicrometerConstants.METRICS_REGISTRY_NAME) MeterRegistry meters) {
        return new WebhookMetrics(meters);
    }

    @BindToRegistry
    public HttpErrorResponder httpErrorResponder(RejectedMessages rejectedMessages, WebhookMetrics webhookMetrics) {
        return new HttpErrorResponder(rejectedMessages, webhookMetrics);
    }

    /** The merchant API's keys (api.keys); in the sandbox, when none is set, the documented sandbox key. */
    @BindToRegistry
    public MerchantApiKeys merchantApiKeys(CamelContext context, Settings settings) {
        String apiKeys = context.getPropertiesComponent().resolveProperty("api.keys").orElse("");
        MerchantApiKeys keys = new MerchantApiKeys(settings.flag("sandbox.enabled") && apiKeys.isBlank()
                ? Sandbox.MERCHANT_API_KEYS : apiKeys);
        keys.logAtStart();
        return keys;
    }

    @BindToRegistry
    public JsonBodyGuard jsonBodyGuard(Settings settings) {
        return new JsonBodyGuard(settings.number("http.max-body-bytes"));
    }

    @BindToRegistry
    public BancamigaWebhookParser bancamigaWebhookParser(
            @BeanInject(MicrometerConstants.METRICS_REGISTRY_NAME) MeterRegistry meters) {
        return new BancamigaWebhookParser(BankDirectory.venezuela(), meters);
    }

    /** The review queue and refused bodies under /ops/ (OpsEndpoints finds every OpsActions bean). */
    @BindToRegistry
    public IntakeOperatorActions intakeOperatorActions(ReviewQueue reviewQueue, RejectedMessages rejectedMessages,
                                                       OpsAudit opsAudit, BancamigaWebhookParser parser,
                                                       PaymentStore paymentStore, CamelContext context) {
        return new IntakeOperatorActions(reviewQueue, rejectedMessages, opsAudit, parser, paymentStore,
                context.createProducerTemplate());
    }

    @BindToRegistry
    public DatabaseHealthCheck databaseHealthCheck(Database database) {
        return new DatabaseHealthCheck(database);
    }

    /** Readiness of the event stream, at kafka.brokers (the embedded broker's address when that was empty). */
    @BindToRegistry
    public KafkaHealthCheck kafkaHealthCheck(Settings settings) {
        return new KafkaHealthCheck(settings.text("kafka.brokers"));
    }

    /**
     * The backlog gauges, read from the store at every scrape: {@code paymenthub_outbox_pending},
     * {@code paymenthub_review_open}, {@code paymenthub_outbox_oldest_pending_seconds} (NaN while the store is down).
     */
    @BindToRegistry
    public BacklogGauges backlogGauges(OutboxStore outbox, ReviewQueue review,
                                       @BeanInject(MicrometerConstants.METRICS_REGISTRY_NAME) MeterRegistry meters) {
        return new BacklogGauges(outbox, review, meters);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        context.addService(context.getRegistry().findSingleByType(KafkaHealthCheck.class), true, true);
        context.addStartupListener(new OpsEndpoints(new OpsAuth(settings.text("ops.username"),
                context.getPropertiesComponent().resolveProperty("ops.password").orElse("")),
                context.getRegistry().findSingleByType(OpsAudit.class)));
        context.getManagementStrategy().addEventNotifier(new JsonErrorPages(
                new SlowBodyTimeout(settings.duration("http.request-body-timeout-ms").toMillis())));
    }
}
