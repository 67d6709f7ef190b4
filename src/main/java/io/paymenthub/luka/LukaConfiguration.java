package io.paymenthub.luka;

import java.time.Clock;

import io.paymenthub.bancamiga.BankDirectory;
import io.paymenthub.http.BearerTokenCheck;
import io.paymenthub.store.Database;
import io.paymenthub.store.PaymentStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Luka beans (routes/luka-pago-movil.camel.yaml and routes/luka-deferred.camel.yaml call them by name).
 * Built in {@link #configure}, after the sandbox (if enabled) has pointed the luka.* settings at its simulator.
 */
public class LukaConfiguration implements CamelConfiguration {

    /** Derived, not a setting: whether Luka can be called (base URL and credentials set); the poller starts only then. */
    static final String ENABLED = "luka.enabled";

    private static final Logger LOG = LoggerFactory.getLogger(LukaConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        LukaSettings settings = LukaSettings.from(context.getPropertiesComponent());
        Database database = registry.lookupByNameAndType("database", Database.class);
        PaymentStore store = registry.lookupByNameAndType("paymentStore", PaymentStore.class);
        Clock clock = Clock.systemUTC();

        BearerTokenCheck webhookAuth = settings.webhookAuth();
        if (!webhookAuth.configured()) {
            LOG.warn("luka.webhook.secret is not set: POST /webhooks/luka answers 401 to every call until it is"
                    + " (pending Luka payments are still settled by polling)");
        }
        registry.bind("lukaWebhookAuth", webhookAuth);

        context.getPropertiesComponent().addOverrideProperty(ENABLED, Boolean.toString(settings.enabled()));
        if (settings.baseUrl.isEmpty()) {
            // the call routes are still built (nothing calls them): give them a URL that cannot resolve
            context.getPropertiesComponent().addOverrideProperty("luka.base-url", "http://luka-not-configured.invalid");
        }
        if (settings.enabled()) {
            LOG.info("Luka is on: {} ; pending payments are checked from {} after registration, expired after {}",
                    settings.baseUrl, LukaSettings.describe(settings.pendingAfter), LukaSettings.describe(settings.expireAfter));
        } else {
            LOG.info("Luka is off: {} not set; POST /api/v1/luka/pago-movil answers 503 until {}",
                    String.join(", ", settings.missing()), settings.missing().size() == 1 ? "it is" : "they are");
        }

        LukaSession session = new LukaSession(settings, clock);
        LukaTransactions transactions = new LukaTransactions(database);
        LukaPayments payments = new LukaPayments(BankDirectory.venezuela());
        registry.bind("lukaSession", session);
        registry.bind("lukaApi", new LukaApi(session));
        registry.bind("lukaTransactions", transactions);
        registry.bind("lukaPagoMovil", new LukaPagoMovil(settings, transactions, store, payments, BankDirectory.venezuela(), clock));
        registry.bind("lukaDeferred", new LukaDeferred(settings, transactions, store, payments, clock));
        if (settings.enabled()) {
            registry.bind("lukaHealthCheck", new LukaHealthCheck(session, transactions));
        }
    }
}
