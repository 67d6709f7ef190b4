package io.paymenthub.bancamiga;

import java.time.Duration;

import io.paymenthub.http.BearerTokenCheck;
import io.paymenthub.settings.Settings;

/**
 * The bancamiga.* settings, read once the sandbox has had its say (its overrides apply to these keys).
 * {@link #toString()} never shows a secret. Whether reconciliation runs ({@code bancamiga.enabled}) also depends on a
 * token pair the store may already hold, so {@link #enabled(boolean)} is told whether one is known.
 */
public final class BancamigaSettings {

    /** Empty when unset (then reconciliation and the verification's bank calls stay off). */
    public final String baseUrl;
    final String webhookToken;
    final String accessToken;
    final String refreshToken;
    /** A refresh is due this long before the token's expiry ({@code bancamiga.token.refresh-before-days}). */
    public final Duration tokenRefreshBefore;
    /** Health turns DOWN this long before the token's expiry ({@code bancamiga.token.alert-before-days}). */
    public final Duration tokenAlertBefore;
    /** phone:bank pairs the find poller asks about; empty for none. */
    public final String findWatch;
    public final Duration afterMidnight;
    public final Duration historyMinInterval;
    public final Duration historySkipIfWebhookWithin;
    public final Duration verifyAskBankMinInterval;
    /** Raw {@code Status} values credited; empty or {@code *} for every status. */
    public final String creditedStatuses;
    /** A trust store for the bank's TLS certificate (a Camel resource: file:, classpath:); empty for the JVM's. */
    public final String trustStore;
    final String trustStorePassword;
    /** Skip TLS certificate and host name checks (the bank's VPN advice): explicit and warned about at every start. */
    public final boolean tlsInsecure;

    private BancamigaSettings(Settings settings) {
        baseUrl = settings.text("bancamiga.base-url");
        // listed, masked, in Camel's start-up summary: an operator sees the webhook is protected
        webhookToken = settings.maskedSecret("bancamiga.webhook.token");
        accessToken = settings.secret("bancamiga.access-token");
        refreshToken = settings.secret("bancamiga.refresh-token");
        tokenRefreshBefore = settings.duration("bancamiga.token.refresh-before-days");
        tokenAlertBefore = settings.duration("bancamiga.token.alert-before-days");
        findWatch = settings.text("bancamiga.find.watch");
        afterMidnight = settings.duration("bancamiga.after-midnight-minutes");
        historyMinInterval = settings.duration("bancamiga.history.min-interval");
        historySkipIfWebhookWithin = settings.duration("bancamiga.history.skip-if-webhook-within-minutes");
        verifyAskBankMinInterval = settings.duration("bancamiga.verify.ask-bank-min-interval-seconds");
        creditedStatuses = settings.text("bancamiga.credited-statuses");
        trustStore = settings.text("bancamiga.tls.trust-store");
        trustStorePassword = settings.secret("bancamiga.tls.trust-store-password");
        tlsInsecure = settings.flag("bancamiga.tls.insecure");
    }

    /** Reads every bancamiga.* key once, through the rules of SettingKeys. */
    public static BancamigaSettings from(Settings settings) {
        return new BancamigaSettings(settings);
    }

    /**
     * Whether reconciliation (token, find, history) and the verification's bank calls run: a base URL and a token
     * pair, configured or already stored. {@code pairKnown}: what seeding the store answered
     * ({@link BancamigaTokens#seed}).
     */
    public boolean enabled(boolean pairKnown) {
        return pairKnown && !baseUrl.isEmpty();
    }

    /** The check of Bancamiga's webhook: {@code Authorization: Bearer <bancamiga.webhook.token>} (current,next in a rotation). */
    public BearerTokenCheck webhookAuth() {
        return new BearerTokenCheck("Bancamiga", "bancamiga.webhook.token", webhookToken);
    }

    @Override
    public String toString() {
        return "BancamigaSettings[baseUrl=" + baseUrl + ", webhookToken=" + Settings.masked(webhookToken)
                + ", accessToken=" + Settings.masked(accessToken) + ", refreshToken=" + Settings.masked(refreshToken)
                + ", findWatch=" + findWatch + ", trustStore=" + trustStore
                + ", trustStorePassword=" + Settings.masked(trustStorePassword) + ", tlsInsecure=" + tlsInsecure + "]";
    }
}
