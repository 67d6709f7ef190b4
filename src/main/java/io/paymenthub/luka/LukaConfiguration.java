package io.paymenthub.luka;

import java.time.Clock;
import java.time.Duration;

import io.paymenthub.bancamiga.BankDirectory;
import io.paymenthub.http.BearerTokenCheck;
import io.paymenthub.partner.TokenHealthCheck;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.Database;
import io.paymenthub.store.PaymentStore;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Luka beans (routes/luka-pago-movil.camel.yaml and routes/luka-deferred.camel.yaml call them by name), on the
 * {@link LukaSettings} SettingsConfiguration read. Derives {@code luka.enabled} (SettingKeys.DERIVED): base URL,
 * username and password set.
 */
public class LukaConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LukaConfiguration.class);
    private static final Clock CLOCK = Clock.systemUTC();

    /** POST /webhooks/luka: {@code Authorization: Bearer <luka.webhook.secret>} (docs/partners.md: an assumption, Luka documents no signature). */
    @BindToRegistry
    public BearerTokenCheck lukaWebhookAuth(LukaSettings settings) {
        BearerTokenCheck webhookAuth = settings.webhookAuth();
        if (!webhookAuth.configured()) {
            LOG.warn("luka.webhook.secret is not set: POST /webhooks/luka answers 401 to every call until it is"
                    + " (pending Luka payments are still settled by polling)");
        }
        return webhookAuth;
    }

    /** Luka's JWT: one login at a time, renewed before it expires. Also decides {@code luka.enabled}. */
    @BindToRegistry
    public LukaSession lukaSession(LukaSettings luka, Settings settings) {
        settings.derive("luka.enabled", luka.enabled());
        if (luka.enabled()) {
            LOG.info("Luka is on: {} ; pending payments are checked from {} after registration, expired after {}",
                    luka.baseUrl, LukaSettings.describe(luka.pendingAfter), LukaSettings.describe(luka.expireAfter));
        } else {
            LOG.info("Luka is off: {} not set; POST /api/v1/luka/pago-movil answers 503 until {}",
                    String.join(", ", luka.missing()), luka.missing().size() == 1 ? "it is" : "they are");
        }
        return new LukaSession(luka, CLOCK);
    }

    @BindToRegistry
    public LukaApi lukaApi(LukaSession session) {
        return new LukaApi(session);
    }

    @BindToRegistry
    public LukaTransactions lukaTransactions(Database database) {
        return new LukaTransactions(database);
    }

    @BindToRegistry
    public LukaPagoMovil lukaPagoMovil(LukaSettings settings, LukaTransactions transactions, PaymentStore store) {
        return new LukaPagoMovil(settings, transactions, store, new LukaPayments(BankDirectory.venezuela()),
                BankDirectory.venezuela(), CLOCK);
    }

    @BindToRegistry
    public LukaDeferred lukaDeferred(LukaSettings settings, LukaTransactions transactions, PaymentStore store) {
        return new LukaDeferred(settings, transactions, store, new LukaPayments(BankDirectory.venezuela()), CLOCK);
    }

    /**
     * Health check {@code luka}: DOWN while Luka refuses our login (or cannot be reached to log in) and no valid token
     * is left, since every registration and every check fails meanwhile; no alert window (a session that lapses is
     * renewed at the next call). Details: the token's expiry and how many registrations wait for a check. Only while
     * Luka can be called.
     */
    @BindToRegistry
    public TokenHealthCheck lukaHealthCheck(LukaSettings settings, LukaSession session, LukaTransactions transactions) {
        return settings.enabled()
                ? TokenHealthCheck.byLogin("luka", "Luka", session::tokenHealth, Duration.ZERO, CLOCK)
                        .withDetail("awaitingCheck", transactions::awaitingCheck)
                : null;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if (context.getRegistry().findSingleByType(LukaSettings.class).baseUrl.isEmpty()) {
            // the call routes are still built (nothing calls them): give them a URL that cannot resolve
            context.getPropertiesComponent().addOverrideProperty("luka.base-url", "http://luka-not-configured.invalid");
        }
    }
}
