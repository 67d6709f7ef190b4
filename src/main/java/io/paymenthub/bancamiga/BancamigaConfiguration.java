package io.paymenthub.bancamiga;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.X509TrustManager;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.http.BearerTokenCheck;
import io.paymenthub.partner.TokenHealthCheck;
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
 * Derives {@code bancamiga.enabled} (SettingKeys.DERIVED) from {@link BancamigaSettings#enabled(boolean)}: a base URL
 * and a token, set or already stored.
 */
public class BancamigaConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BancamigaConfiguration.class);

    /** POST /webhooks/bancamiga: the bearer token we gave the bank (current,next during a rotation). */
    @BindToRegistry
    public BearerTokenCheck bancamigaWebhookAuth(BancamigaSettings settings) {
        BearerTokenCheck webhookAuth = settings.webhookAuth();
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
    public BancamigaTokens bancamigaTokens(BancamigaSettings bancamiga, Database database, Settings settings) throws Exception {
        BancamigaTokens tokens = new BancamigaTokens(database, bancamiga.tokenRefreshBefore);
        boolean enabled = bancamiga.enabled(tokens.seed(bancamiga.accessToken, bancamiga.refreshToken));
        if (!enabled) {
            LOG.warn("Bancamiga reconciliation is off: set bancamiga.base-url, bancamiga.access-token and "
                    + "bancamiga.refresh-token (or sandbox.enabled=true) to poll find and history");
        }
        settings.derive("bancamiga.enabled", enabled);
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

    /**
     * Health check {@code bancamiga-token}: DOWN when the token nears its expiry ({@code bancamiga.token.alert-before-days};
     * refreshes must have been failing for weeks by then) or has expired; a single failed refresh far from expiry is a
     * detail only. Only while reconciliation is on.
     */
    @BindToRegistry
    public TokenHealthCheck bancamigaTokenHealthCheck(BancamigaTokens tokens, BancamigaSettings bancamiga, Settings settings) {
        return settings.derived("bancamiga.enabled") ? tokenHealthCheck(tokens, bancamiga.tokenAlertBefore) : null;
    }

    /** The shared token check on the stored pair: the bank issues the first pair by hand only. */
    static TokenHealthCheck tokenHealthCheck(BancamigaTokens tokens, Duration alertBefore) {
        return TokenHealthCheck.byHand("bancamiga-token", "Bancamiga", tokens::tokenHealth, alertBefore,
                "set bancamiga.access-token and bancamiga.refresh-token",
                "obtain a new pair by hand (docs/operations.md: Bancamiga's first token) and configure it", Clock.systemUTC());
    }

    /** Records a credit (webhook, find, history): published, or held for review (bancamiga.credited-statuses). */
    @BindToRegistry
    public BancamigaCredits bancamigaCredits(PaymentStore store, ReviewQueue reviewQueue, BancamigaSettings settings,
                                             @BeanInject(MicrometerConstants.METRICS_REGISTRY_NAME) MeterRegistry meters) {
        return new BancamigaCredits(store, reviewQueue, new BancamigaMovementIdentity(), settings.creditedStatuses, meters);
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
    public BancamigaReconciler bancamigaReconciler(BancamigaSettings settings, CallRateLimits limits, PaymentStore store) {
        return new BancamigaReconciler(settings.findWatch, settings.afterMidnight, settings.historyMinInterval,
                settings.historySkipIfWebhookWithin, limits, store);
    }

    @BindToRegistry
    public PagoMovilVerifier pagoMovilVerifier(PaymentStore store, CallRateLimits limits, BancamigaSettings settings) {
        return new PagoMovilVerifier(store, limits, BankDirectory.venezuela(), settings.verifyAskBankMinInterval);
    }

    /** TLS of the bank's calls: a custom trust store first; bancamiga.tls.insecure=true (VPN set-ups) only explicitly, and loudly. */
    @BindToRegistry
    public SSLContextParameters bancamigaTls(BancamigaSettings settings) {
        SSLContextParameters tls = new SSLContextParameters();
        if (settings.tlsInsecure) {
            LOG.warn("bancamiga.tls.insecure=true: Bancamiga's TLS certificate and host name are NOT verified. "
                    + "Use only over the bank's VPN, and prefer bancamiga.tls.trust-store.");
            TrustManagersParameters trustAll = new TrustManagersParameters();
            trustAll.setTrustManager(new TrustEverything());
            tls.setTrustManagers(trustAll);
        } else if (!settings.trustStore.isEmpty()) {
            KeyStoreParameters store = new KeyStoreParameters();
            store.setResource(settings.trustStore);
            store.setPassword(settings.trustStorePassword);
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store);
            tls.setTrustManagers(trust);
        }
        return tls;
    }

    @BindToRegistry
    public HostnameVerifier bancamigaHostnameVerifier(BancamigaSettings settings) {
        return settings.tlsInsecure ? NoopHostnameVerifier.INSTANCE : new DefaultHostnameVerifier();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if (context.getRegistry().findSingleByType(BancamigaSettings.class).baseUrl.isEmpty()) {
            // the call route is still built (never started by a poller): give it a URL that cannot resolve
            context.getPropertiesComponent().addOverrideProperty("bancamiga.base-url", "http://bancamiga-not-configured.invalid");
        }
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
