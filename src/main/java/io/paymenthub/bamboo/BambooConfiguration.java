package io.paymenthub.bamboo;

import java.util.ArrayList;
import java.util.List;

import io.paymenthub.http.JsonBodyGuard;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.Database;
import io.paymenthub.store.PaymentStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bamboo beans (routes/bamboo-webhook.camel.yaml, routes/bamboo-purchases.camel.yaml). Built in
 * {@link #configure}, after the sandbox (if enabled) has pointed the bamboo.* settings at its simulator.
 */
public class BambooConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BambooConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        Database database = registry.lookupByNameAndType("database", Database.class);
        PaymentStore store = registry.lookupByNameAndType("paymentStore", PaymentStore.class);
        BambooAmounts amounts = new BambooAmounts(setting(context, "bamboo.amount.scales"));
        BambooPurchaseStore purchases = new BambooPurchaseStore(database);

        BambooSignature signature = new BambooSignature(setting(context, "bamboo.webhook.secret"),
                setting(context, "bamboo.webhook.signature-header"),
                Settings.of(context).duration("bamboo.webhook.tolerance"),
                java.time.ZoneId.of(Settings.of(context).text("bamboo.webhook.date-zone")));
        if (!signature.configured()) {
            LOG.warn("bamboo.webhook.secret is not set: POST /webhooks/bamboo answers 401 to every call until it is");
        }
        boolean confirm = Settings.of(context).flag("bamboo.confirm-callbacks");
        registry.bind("bambooWebhook", new BambooWebhook(registry.lookupByNameAndType("jsonBodyGuard", JsonBodyGuard.class),
                signature, amounts, purchases, confirm));

        List<String> missing = new ArrayList<>();
        for (String key : List.of("bamboo.base-url", "bamboo.private-key", "bamboo.notify-url")) {
            if (setting(context, key).isBlank()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            LOG.info("Bamboo purchases are off (POST /api/v1/bamboo/purchases answers 503): {} not set", String.join(", ", missing));
        }
        String baseUrl = setting(context, "bamboo.base-url");
        if (baseUrl.isBlank()) {
            // the call route is still built: give it a URL that cannot resolve
            context.getPropertiesComponent().addOverrideProperty("bamboo.base-url", "http://bamboo-not-configured.invalid");
        } else if (baseUrl.startsWith("http:") && !baseUrl.startsWith("http://127.0.0.1")) {
            LOG.warn("bamboo.base-url is not https: the private key travels in clear text");
        }
        BambooApi api = new BambooApi(setting(context, "bamboo.private-key"));
        registry.bind("bambooApi", api);
        if (missing.isEmpty()) {
            registry.bind("bambooHealthCheck", new io.paymenthub.bamboo.BambooHealthCheck(api, signature, purchases));
        }
        // Apache HttpClient 5 silently re-sends a request answered 503 or 429, POST included: a purchase
        // would be created twice at Bamboo. Bamboo calls are sent exactly once; the caller decides.
        registry.bind("bambooHttpClient", (HttpClientConfigurer) HttpClientBuilder::disableAutomaticRetries);
        io.paymenthub.bamboo.BambooFollowUp.Timing timing = new io.paymenthub.bamboo.BambooFollowUp.Timing(
                Settings.of(context).duration("bamboo.follow-up.after"), Settings.of(context).duration("bamboo.follow-up.interval"),
                Settings.of(context).duration("bamboo.follow-up.expire-after"));
        registry.bind("bambooPurchases", new BambooPurchases(setting(context, "bamboo.notify-url"), missing, amounts, purchases, store,
                timing));
        registry.bind("bambooFollowUp", new io.paymenthub.bamboo.BambooFollowUp(timing, purchases, store, amounts));
        // the follow-up poller runs only while purchases can be created (and read back)
        context.getPropertiesComponent().addOverrideProperty("bamboo.purchases.enabled", Boolean.toString(missing.isEmpty()));
    }

    private static String setting(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).orElse("").trim();
    }
}
