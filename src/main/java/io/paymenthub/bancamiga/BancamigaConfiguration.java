package io.paymenthub.bancamiga;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

import io.paymenthub.http.BearerTokenCheck;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.CallRateLimits;
import io.paymenthub.store.Database;
import io.paymenthub.store.PaymentStore;
import io.paymenthub.store.RejectedMessages;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bancamiga beans. Built in {@link #configure}, after the sandbox (if enabled) has pointed the
 * settings at its simulator; each reads its settings there, so both paths see the same values.
 */
public class BancamigaConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BancamigaConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        Settings settings = Settings.of(context);
        Database database = registry.lookupByNameAndType("database", Database.class);
        PaymentStore store = registry.lookupByNameAndType("paymentStore", PaymentStore.class);
        BankDirectory banks = BankDirectory.venezuela();
        CallRateLimits limits = new CallRateLimits(database);

        BearerTokenCheck webhookAuth = new BearerTokenCheck("Bancamiga", "bancamiga.webhook.token",
                setting(context, "bancamiga.webhook.token"));
        if (!webhookAuth.configured()) {
            LOG.warn("bancamiga.webhook.token is not set: POST /webhooks/bancamiga answers 401 to every call until it is");
        }
        registry.bind("bancamigaWebhookAuth", webhookAuth);

        BancamigaTokens tokens = new BancamigaTokens(database,
                settings.duration("bancamiga.token.refresh-before-days"));
        boolean hasToken = tokens.seed(setting(context, "bancamiga.access-token"), setting(context, "bancamiga.refresh-token"));
        boolean enabled = hasToken && !setting(context, "bancamiga.base-url").isBlank();
        if (!enabled) {
            LOG.warn("Bancamiga reconciliation is off: set bancamiga.base-url, bancamiga.access-token and "
                    + "bancamiga.refresh-token (or sandbox.enabled=true) to poll find and history");
        }
        context.getPropertiesComponent().addOverrideProperty("bancamiga.enabled", Boolean.toString(enabled));
        if (setting(context, "bancamiga.base-url").isBlank()) {
            // the call route is still built (never started by a poller): give it a URL that cannot resolve
            context.getPropertiesComponent().addOverrideProperty("bancamiga.base-url", "http://bancamiga-not-configured.invalid");
        }
        registry.bind("bancamigaTokens", tokens);
        registry.bind("bancamigaApi", new BancamigaApi(tokens));
        // a call waits at most this long for a refresh in flight (a refresh ends within its own time-outs)
        registry.bind("bancamigaTokenGate", new io.paymenthub.bancamiga.BancamigaTokenGate(tokens, java.time.Duration.ofSeconds(60)));
        io.paymenthub.bancamiga.BancamigaCredits credits = new io.paymenthub.bancamiga.BancamigaCredits(store,
                new io.paymenthub.store.ReviewQueue(database), new io.paymenthub.bancamiga.BancamigaMovementIdentity(),
                settings.text("bancamiga.credited-statuses"), () -> registry.lookupByNameAndType(
                        org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME,
                        io.micrometer.core.instrument.MeterRegistry.class));
        registry.bind("bancamigaCredits", credits);
        registry.bind("bancamigaMovements", new BancamigaMovements(credits,
                new RejectedMessages(database, settings.integer("rejected.max-stored-bytes")), banks));
        registry.bind("bancamigaReconciler", new BancamigaReconciler(
                setting(context, "bancamiga.find.watch"),
                settings.duration("bancamiga.after-midnight-minutes"),
                settings.duration("bancamiga.history.min-interval"),
                settings.duration("bancamiga.history.skip-if-webhook-within-minutes"),
                limits, store));
        registry.bind("pagoMovilVerifier", new PagoMovilVerifier(store, limits, banks,
                settings.duration("bancamiga.verify.ask-bank-min-interval-seconds")));
        if (enabled) {
            registry.bind("bancamigaTokenHealthCheck", new BancamigaTokenHealthCheck(tokens,
                    settings.duration("bancamiga.token.alert-before-days")));
        }
        bindTls(context, registry);
    }

    /** A custom trust store first; bancamiga.tls.insecure=true (VPN set-ups) only explicitly, and loudly. */
    private static void bindTls(CamelContext context, Registry registry) {
        SSLContextParameters tls = new SSLContextParameters();
        String trustStore = setting(context, "bancamiga.tls.trust-store");
        boolean insecure = Settings.of(context).flag("bancamiga.tls.insecure");
        if (insecure) {
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
        registry.bind("bancamigaTls", tls);
        registry.bind("bancamigaHostnameVerifier", insecure ? NoopHostnameVerifier.INSTANCE : new DefaultHostnameVerifier());
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
