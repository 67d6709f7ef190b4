package io.paymenthub.bamboo;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.paymenthub.http.JsonBodyGuard;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.Database;
import io.paymenthub.store.PaymentStore;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bamboo beans (routes/bamboo-webhook, bamboo-purchases and bamboo-follow-up call them by name). Derives
 * {@code bamboo.purchases.enabled} (SettingKeys.DERIVED): base URL, private key and notify URL set.
 */
public class BambooConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BambooConfiguration.class);

    /** The settings without which purchases cannot be created (nor read back). */
    private static final List<String> PURCHASE_SETTINGS = List.of("bamboo.base-url", "bamboo.private-key", "bamboo.notify-url");

    /** Decimals implied by Bamboo's integer amounts (bamboo.amount.scales). */
    @BindToRegistry
    public BambooAmounts bambooAmounts(CamelContext context) {
        return new BambooAmounts(setting(context, "bamboo.amount.scales"));
    }

    /** The purchases created here, for the callbacks and the follow-up. */
    @BindToRegistry
    public BambooPurchaseStore bambooPurchaseStore(Database database) {
        return new BambooPurchaseStore(database);
    }

    /** The callbacks' HMAC-SHA256 (bamboo.webhook.*). */
    @BindToRegistry
    public BambooSignature bambooSignature(CamelContext context, Settings settings) {
        BambooSignature signature = new BambooSignature(setting(context, "bamboo.webhook.secret"),
                setting(context, "bamboo.webhook.signature-header"), settings.duration("bamboo.webhook.tolerance"),
                ZoneId.of(settings.text("bamboo.webhook.date-zone")));
        if (!signature.configured()) {
            LOG.warn("bamboo.webhook.secret is not set: POST /webhooks/bamboo answers 401 to every call until it is");
        }
        return signature;
    }

    @BindToRegistry
    public BambooWebhook bambooWebhook(JsonBodyGuard jsonBodyGuard, BambooSignature signature, BambooAmounts amounts,
                                       BambooPurchaseStore purchases, Settings settings) {
        return new BambooWebhook(jsonBodyGuard, signature, amounts, purchases, settings.flag("bamboo.confirm-callbacks"));
    }

    /** Bamboo's requests and answers; also decides whether purchases are on ({@code bamboo.purchases.enabled}). */
    @BindToRegistry
    public BambooApi bambooApi(CamelContext context, Settings settings) {
        List<String> missing = missing(context);
        if (!missing.isEmpty()) {
            LOG.info("Bamboo purchases are off (POST /api/v1/bamboo/purchases answers 503): {} not set", String.join(", ", missing));
        }
        String baseUrl = setting(context, "bamboo.base-url");
        if (baseUrl.startsWith("http:") && !baseUrl.startsWith("http://127.0.0.1")) {
            LOG.warn("bamboo.base-url is not https: the private key travels in clear text");
        }
        // the follow-up poller runs only while purchases can be created (and read back)
        settings.derive("bamboo.purchases.enabled", missing.isEmpty());
        return new BambooApi(setting(context, "bamboo.private-key"));
    }

    /**
     * Apache HttpClient 5 silently re-sends a request answered 503 or 429, POST included: a purchase would be created
     * twice at Bamboo. Bamboo calls are sent exactly once; the caller decides.
     */
    @BindToRegistry
    public HttpClientConfigurer bambooHttpClient() {
        return HttpClientBuilder::disableAutomaticRetries;
    }

    @BindToRegistry
    public BambooPurchases bambooPurchases(CamelContext context, BambooAmounts amounts, BambooPurchaseStore purchases,
                                           PaymentStore store, Settings settings) {
        return new BambooPurchases(setting(context, "bamboo.notify-url"), missing(context), amounts, purchases, store,
                timing(settings));
    }

    @BindToRegistry
    public BambooFollowUp bambooFollowUp(BambooPurchaseStore purchases, PaymentStore store, BambooAmounts amounts,
                                         Settings settings) {
        return new BambooFollowUp(timing(settings), purchases, store, amounts);
    }

    /** Health of the purchases: only while they are on. */
    @BindToRegistry
    public BambooHealthCheck bambooHealthCheck(CamelContext context, BambooApi api, BambooSignature signature,
                                               BambooPurchaseStore purchases) {
        return missing(context).isEmpty() ? new BambooHealthCheck(api, signature, purchases) : null;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if (setting(context, "bamboo.base-url").isBlank()) {
            // the call route is still built: give it a URL that cannot resolve
            context.getPropertiesComponent().addOverrideProperty("bamboo.base-url", "http://bamboo-not-configured.invalid");
        }
    }

    private static List<String> missing(CamelContext context) {
        List<String> missing = new ArrayList<>();
        for (String key : PURCHASE_SETTINGS) {
            if (setting(context, key).isBlank()) {
                missing.add(key);
            }
        }
        return missing;
    }

    private static BambooFollowUp.Timing timing(Settings settings) {
        return new BambooFollowUp.Timing(settings.duration("bamboo.follow-up.after"),
                settings.duration("bamboo.follow-up.interval"), settings.duration("bamboo.follow-up.expire-after"));
    }

    private static String setting(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).orElse("").trim();
    }
}
