package io.paymenthub.bamboo;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import io.paymenthub.settings.Settings;

/**
 * The bamboo.* settings, read once the sandbox has had its say (its overrides apply to these keys).
 * {@link #toString()} never shows a secret.
 */
public final class BambooSettings {

    /** Empty when unset. */
    public final String baseUrl;
    final String privateKey;
    final String webhookSecret;
    /** The callback header carrying the HMAC-SHA256, e.g. {@code signature}. */
    public final String signatureHeader;
    /** How far a callback's {@code dateSent} may be from now. */
    public final Duration webhookTolerance;
    /** The zone of a {@code dateSent} written without offset. */
    public final ZoneId webhookDateZone;
    /** Our public URL of POST /webhooks/bamboo, sent as every purchase's {@code Url_Notify}; empty when unset. */
    public final String notifyUrl;
    /** Whether a signed callback's status is read back from Bamboo before it is recorded. */
    public final boolean confirmCallbacks;
    /** CUR:scale pairs, e.g. {@code COP:2,USD:2}: the decimals implied by Bamboo's integer amounts. */
    public final String amountScales;
    /** When and for how long the follow-up asks Bamboo about a purchase still pending. */
    public final BambooFollowUp.Timing followUp;
    private final List<String> missing;

    private BambooSettings(Settings settings) {
        baseUrl = settings.text("bamboo.base-url");
        privateKey = settings.secret("bamboo.private-key");
        webhookSecret = settings.secret("bamboo.webhook.secret");
        signatureHeader = settings.text("bamboo.webhook.signature-header");
        webhookTolerance = settings.duration("bamboo.webhook.tolerance");
        webhookDateZone = ZoneId.of(settings.text("bamboo.webhook.date-zone"));
        notifyUrl = settings.text("bamboo.notify-url");
        confirmCallbacks = settings.flag("bamboo.confirm-callbacks");
        amountScales = settings.text("bamboo.amount.scales");
        followUp = new BambooFollowUp.Timing(settings.duration("bamboo.follow-up.after"),
                settings.duration("bamboo.follow-up.interval"), settings.duration("bamboo.follow-up.expire-after"));
        // in this order in the log line and the 503's message
        missing = settings.unset("bamboo.base-url", "bamboo.private-key", "bamboo.notify-url");
    }

    /** Reads every bamboo.* key once, through the rules of SettingKeys. */
    public static BambooSettings from(Settings settings) {
        return new BambooSettings(settings);
    }

    /** True when purchases can be created and read back: base URL, private key and notify URL set ({@code bamboo.purchases.enabled}). */
    public boolean enabled() {
        return missing.isEmpty();
    }

    /** The settings without which purchases cannot be created, base URL, private key, notify URL. */
    public List<String> missing() {
        return missing;
    }

    @Override
    public String toString() {
        return "BambooSettings[baseUrl=" + baseUrl + ", privateKey=" + Settings.masked(privateKey)
                + ", webhookSecret=" + Settings.masked(webhookSecret) + ", notifyUrl=" + notifyUrl
                + ", confirmCallbacks=" + confirmCallbacks + ", followUp=" + followUp + "]";
    }
}
