package io.paymenthub.bancamiga;

import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.X509TrustManager;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.http.BearerTokenCheck;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.CallRateLimits;
import io.paymenthub.store.Database;
import io.paymenthub.store.PaymentStore;
import io.paymenthub.store.RejectedMessages;
import io.paymenthub.store.ReviewQueue;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bancamiga beans (routes/bancamiga-webhook, bancamiga-reconcile and pago-movil-verification call them by name).
 * Derives {@code bancamiga.enabled} (SettingKeys.DERIVED): a base URL and a token, set or already stored.
 */
public class BancamigaConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BancamigaConfiguration.class);

    /** POST /webhooks/bancamiga: the bearer token we gave the bank (current,next during a rotation). */
    @BindToRegistry
    public BearerTokenCheck bancamigaWebhookAuth(CamelContext context) {
        BearerTokenCheck webhookAuth = new BearerTokenCheck("Bancamiga", "bancamiga.webhook.token",
                setting(context, "bancamiga.webhook.token"));
        if (!webhookAuth.configured()) {
            LOG.warn("bancamiga.webhook.token is not set: POST /webhooks/bancamiga answers 401 to every call until it is");
        }
        return webhookAuth;
    }

    /**
     * The stored token pair, seeded from bancamiga.access-token / refresh-token. Reconciliation runs only with a base
     * URL and a token: {@code bancamiga.enabled}.
     */
    @BindToRegistry
    public BancamigaTokens bancamigaTokens(CamelContext context, Database database, Settings settings) throws Exception {
        BancamigaTokens tokens = new BancamigaTokens(database, settings.duration("bancamiga.token.refresh-before-days"));
        boolean hasToken = tokens.seed(setting(context, "bancamiga.access-token"), setting(context, "bancamiga.refresh-token"));
        boolean enabled = hasToken && !setting(context, "bancamiga.base-url").isBlank();
        if (!enabled) {
            LOG.warn("Bancamiga reconciliation is off: set bancamiga.base-url, bancamiga.access-token and "
                    + "bancamiga.refresh-token (or sandbox.enabled=true) to poll find and history");
        }
        settings.derive("bancamiga.enabled", enabled);
        if (setting(context, "bancamiga.base-url").isBlank()) {
            // the call route is still built (never started by a poller): give it a URL that cannot resolve
            context.getPropertiesComponent().addOverrideProperty("bancamiga.base-url", "http://bancamiga-not-configured.invalid");
        }
        return tokens;
    }

    @BindToRegistry
    public BancamigaApi bancamigaApi(BancamigaTokens tokens) {
        return new BancamigaApi(tokens);
    }

    /** A call waits at most 60 s for a refresh in flight (a refresh ends within its own time-outs). */
    @BindToRegistry
    public BancamigaTokenGate bancamigaTokenGate(BancamigaTokens tokens) {
        return new BancamigaTokenGate(tokens, Duration.ofSeconds(60));
    }

    /** Health turns DOWN when the token nears expiry: only while reconciliation is on. */
    @BindToRegistry
    public BancamigaTokenHealthCheck bancamigaTokenHealthCheck(BancamigaTokens tokens, Settings settings) {
        return settings.derived("bancamiga.enabled")
                ? new BancamigaTokenHealthCheck(tokens, settings.duration("bancamiga.token.alert-before-days")) : null;
    }

    /** Records a credit (webhook, find, history): published, or held for review (bancamiga.credited-statuses). */
    @BindToRegistry
    public BancamigaCredits bancamigaCredits(PaymentStore store, ReviewQueue reviewQueue, Settings settings,
                                             @BeanInject(MicrometerConstants.METRICS_REGISTRY_NAME) MeterRegistry meters) {
        return new BancamigaCredits(store, reviewQueue, new BancamigaMovementIdentity(),
                settings.text("bancamiga.credited-statuses"), meters);
    }

    /** Reads find and history answers item by item and records each movement. */
    @BindToRegistry
    public BancamigaMovements bancamigaMovements(BancamigaCredits credits, RejectedMessages rejectedMessages) {
        return new BancamigaMovements(credits, rejectedMessages, BankDirectory.venezuela());
    }

    /** The database-held call limits (history every 10 minutes, verification's find per payer and date). */
    @BindToRegistry
    public CallRateLimits bancamigaCallLimits(Database database) {
        return new CallRateLimits(database);
    }

    @BindToRegistry
    public BancamigaReconciler bancamigaReconciler(CamelContext context, Settings settings, CallRateLimits limits,
                                                   PaymentStore store) {
        return new BancamigaReconciler(
                setting(context, "bancamiga.find.watch"),
                settings.duration("bancamiga.after-midnight-minutes"),
                settings.duration("bancamiga.history.min-interval"),
                settings.duration("bancamiga.history.skip-if-webhook-within-minutes"),
                limits, store);
    }

    @BindToRegistry
    public PagoMovilVerifier pagoMovilVerifier(PaymentStore store, CallRateLimits limits, Settings settings) {
        return new PagoMovilVerifier(store, limits, BankDirectory.venezuela(),
                settings.duration("bancamiga.verify.ask-bank-min-interval-seconds"));
    }

    /** TLS of the bank's calls: a custom trust store first; bancamiga.tls.insecure=true (VPN set-ups) only explicitly, and loudly. */
    @BindToRegistry
    public SSLContextParameters bancamigaTls(CamelContext context, Settings settings) {
        SSLContextParameters tls = new SSLContextParameters();
        String trustStore = setting(context, "bancamiga.tls.trust-store");
        if (settings.flag("bancamiga.tls.insecure")) {
            LOG.warn("bancamiga.tls.insecure=true: Bancamiga's TLS certificate and host name are NOT verified. "
                    + "Use only over the bank's VPN, and prefer bancamiga.tls.trust-store.");
            TrustManagersParameters trustAll = new TrustManagersParameters();
            trustAll.setTrustManager(new TrustEverything());
            tls.setTrustManagers(trustAll);
        } else if (!trustStore.isBlank()) {
            KeyStoreParameters store = new KeyStoreParameters();
            store.setResource(trustStore);
            store.setPassword(setting(context, "bancamiga.tls.trust-store-password"));
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store);
            tls.setTrustManagers(trust);
        }
        return tls;
    }

    @BindToRegistry
    public HostnameVerifier bancamigaHostnameVerifier(Settings settings) {
        return settings.flag("bancamiga.tls.insecure") ? NoopHostnameVerifier.INSTANCE : new DefaultHostnameVerifier();
    }

    private static String setting(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).orElse("").trim();
    }

    /** Accepts any certificate: only behind bancamiga.tls.insecure=true. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
