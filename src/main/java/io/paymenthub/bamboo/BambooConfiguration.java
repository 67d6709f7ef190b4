package io.paymenthub.bamboo;

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
 * {@code bamboo.purchases.enabled} (SettingKeys.DERIVED) from {@link BambooSettings#enabled()}: base URL, private key
 * and notify URL set.
 */
public class BambooConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BambooConfiguration.class);

    /** Decimals implied by Bamboo's integer amounts (bamboo.amount.scales). */
    @BindToRegistry
    public BambooAmounts bambooAmounts(BambooSettings settings) {
        return new BambooAmounts(settings.amountScales);
    }

    /** The purchases created here, for the callbacks and the follow-up. */
    @BindToRegistry
    public BambooPurchaseStore bambooPurchaseStore(Database database) {
        return new BambooPurchaseStore(database);
    }

    /** The callbacks' HMAC-SHA256 (bamboo.webhook.*). */
    @BindToRegistry
    public BambooSignature bambooSignature(BambooSettings settings) {
        BambooSignature signature = new BambooSignature(settings.webhookSecret, settings.signatureHeader,
                settings.webhookTolerance, settings.webhookDateZone);
        if (!signature.configured()) {
            LOG.warn("bamboo.webhook.secret is not set: POST /webhooks/bamboo answers 401 to every call until it is");
        }
        return signature;
    }

    @BindToRegistry
    public BambooWebhook bambooWebhook(JsonBodyGuard jsonBodyGuard, BambooSignature signature, BambooAmounts amounts,
                                       BambooPurchaseStore purchases, BambooSettings settings) {
        return new BambooWebhook(jsonBodyGuard, signature, amounts, purchases, settings.confirmCallbacks);
    }

    /** Bamboo's requests and answers; also derives whether purchases are on ({@code bamboo.purchases.enabled}). */
    @BindToRegistry
    public BambooApi bambooApi(BambooSettings bamboo, Settings settings) {
        if (!bamboo.enabled()) {
            LOG.info("Bamboo purchases are off (POST /api/v1/bamboo/purchases answers 503): {} not set",
                    String.join(", ", bamboo.missing()));
        }
        if (bamboo.baseUrl.startsWith("http:") && !bamboo.baseUrl.startsWith("http://127.0.0.1")) {
            LOG.warn("bamboo.base-url is not https: the private key travels in clear text");
        }
        // the follow-up poller runs only while purchases can be created (and read back)
        settings.derive("bamboo.purchases.enabled", bamboo.enabled());
        return new BambooApi(bamboo.privateKey);
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
    public BambooPurchases bambooPurchases(BambooSettings settings, BambooAmounts amounts, BambooPurchaseStore purchases,
                                           PaymentStore store) {
        return new BambooPurchases(settings.notifyUrl, settings.missing(), amounts, purchases, store, settings.followUp);
    }

    @BindToRegistry
    public BambooFollowUp bambooFollowUp(BambooPurchaseStore purchases, PaymentStore store, BambooAmounts amounts,
                                         BambooSettings settings) {
        return new BambooFollowUp(settings.followUp, purchases, store, amounts);
    }

    /** Health of the purchases: only while they are on. */
    @BindToRegistry
    public BambooHealthCheck bambooHealthCheck(BambooSettings settings, BambooApi api, BambooSignature signature,
                                               BambooPurchaseStore purchases) {
        return settings.enabled() ? new BambooHealthCheck(api, signature, purchases) : null;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if (context.getRegistry().findSingleByType(BambooSettings.class).baseUrl.isEmpty()) {
            // the call route is still built: give it a URL that cannot resolve
            context.getPropertiesComponent().addOverrideProperty("bamboo.base-url", "http://bamboo-not-configured.invalid");
        }
    }
}
