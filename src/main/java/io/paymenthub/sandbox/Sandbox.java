package io.paymenthub.sandbox;

import java.util.List;

import io.paymenthub.settings.Durations;
import io.paymenthub.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sandbox.enabled=true}: the runner serves simulators of the partner APIs itself, on loopback,
 * and points every partner flow at them with sandbox credentials. It refuses to start when a real
 * partner credential is also set, so a sandbox can never talk to a partner by mistake.
 */
public final class Sandbox {

    /** Settings that hold real partner credentials: all must be empty in sandbox mode. */
    static final List<String> PARTNER_CREDENTIALS = List.of(
            "bancamiga.access-token", "bancamiga.refresh-token",
            "pago46.provider-key", "pago46.provider-secret",
            "bamboo.private-key", "bamboo.webhook.secret",
            "luka.username", "luka.password", "luka.webhook.secret");

    /** Sandbox-only PAGO46 credentials: not secrets, they open nothing but the simulator. */
    static final String PAGO46_SANDBOX_KEY = "sandbox-provider-key";
    static final String PAGO46_SANDBOX_SECRET = "sandbox-provider-secret";
    static final String PAGO46_SANDBOX_CURRENCY = "d9e41e37-3ff4-4dbc-82b6-1ded336910dc";

    /** Sandbox-only Bamboo credentials: not secrets, they open nothing but the simulator. */
    static final String BAMBOO_SANDBOX_PRIVATE_KEY = "sandbox-bamboo-private-key";
    static final String BAMBOO_SANDBOX_WEBHOOK_SECRET = "sandbox-bamboo-webhook-secret";

    /**
     * The merchant API key the sandbox accepts when {@code api.keys} is not set (docs/partners.md: "The partners in the sandbox"; was "Try everything without a
     * partner"): not a secret, it opens nothing but a sandbox. Its id is {@code sandbox}.
     */
    public static final String MERCHANT_API_KEY = "sandbox-merchant-api-key";
    /** {@code api.keys} in the sandbox when none is configured. */
    public static final String MERCHANT_API_KEYS = "sandbox:" + MERCHANT_API_KEY;

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private Sandbox() {
    }

    /** Starts the simulators as services of the context and overrides the partner settings to use them. */
    public static void start(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Settings settings = Settings.of(context);
        for (String key : PARTNER_CREDENTIALS) {
            if (!properties.resolveProperty(key).orElse("").isBlank()) {
                throw new io.paymenthub.settings.InvalidSetting("sandbox.enabled=true but " + key + " is set: the sandbox never runs "
                        + "with real partner credentials. Unset " + key + " or set sandbox.enabled=false.");
            }
        }
        LOG.warn("SANDBOX MODE: every partner is played by a simulator on 127.0.0.1; nothing reaches a real partner");
        startBancamiga(context, properties);

        // ---- PAGO46: POST /bulkTransaction, signature checked, every accepted id counted ----
        String pago46Scheme = properties.resolveProperty("pago46.signature.scheme").orElse("provider");
        Pago46Simulator pago46 = serve(context, new Pago46Simulator(0, PAGO46_SANDBOX_KEY, PAGO46_SANDBOX_SECRET,
                pago46Scheme, properties.resolveProperty("pago46.signature.encoding").orElse("form"),
                properties.resolveProperty("pago46.signature.date-unit").orElse("milliseconds"),
                java.util.Set.of(PAGO46_SANDBOX_CURRENCY)));
        override(context, "pago46.base-url", pago46.baseUrl());
        override(context, "pago46.provider-key", PAGO46_SANDBOX_KEY);
        override(context, "pago46.provider-secret", PAGO46_SANDBOX_SECRET);
        override(context, "pago46.bank-country-currency-id", PAGO46_SANDBOX_CURRENCY);
        if (properties.resolveProperty("pago46.document-id").orElse("").isBlank()) {
            override(context, "pago46.document-id", "J000000000");
        }
        // a lone sandbox payment reaches the simulator within seconds, not after the production wait
        override(context, "pago46.batch.max-wait", "2s");
        LOG.info("Sandbox PAGO46 simulator on {} ({} signature)", pago46.baseUrl(), pago46Scheme);
        // ---- end PAGO46 ----

        // ---- BAMBOO: purchases per method, then signed callbacks to the runner, non-200 retried ----
        BambooSimulator bamboo = serve(context, new BambooSimulator(0, BAMBOO_SANDBOX_PRIVATE_KEY, BAMBOO_SANDBOX_WEBHOOK_SECRET)
                .signatureHeader(properties.resolveProperty("bamboo.webhook.signature-header").orElse("signature"))
                .retrySchedule(java.util.Arrays.stream(settings.text("sandbox.bamboo.retry-schedule").split(","))
                        .map(d -> Durations.parse(d, null)).toList()));
        long payAfter = settings.duration("sandbox.bamboo.pay-after-seconds").toSeconds();
        if (payAfter > 0) {
            bamboo.payAfter(java.time.Duration.ofSeconds(payAfter));
        }
        override(context, "bamboo.base-url", bamboo.baseUrl());
        override(context, "bamboo.private-key", BAMBOO_SANDBOX_PRIVATE_KEY);
        override(context, "bamboo.webhook.secret", BAMBOO_SANDBOX_WEBHOOK_SECRET);
        if (properties.resolveProperty("bamboo.notify-url").orElse("").isBlank()) {
            override(context, "bamboo.notify-url", "http://127.0.0.1:"
                    + properties.resolveProperty("camel.server.port").orElse("8080") + "/webhooks/bamboo");
        }
        LOG.info("Sandbox Bamboo simulator on {}: each purchase is paid (Approved) {} s after it is created", bamboo.baseUrl(), payAfter);
        // ---- end BAMBOO ----
        // ---- LUKA: login, movpay (the reference's last digit picks the outcome, docs/partners.md), pagodiferido, webhooks ----
        // Pending payments settle after sandbox.luka.resolve-after-seconds; the poller runs at the sandbox.luka.deferred.*
        // pace (checks within seconds, expiry after minutes) so every path can be watched. Sandbox-only credentials.
        String lukaWebhookSecret = "sandbox-luka-webhook-secret";
        LukaSimulator luka = serve(context, new LukaSimulator("sandbox-luka-user", "sandbox-luka-password")
                .tokenLifetime(java.time.Duration.ofMinutes(15))
                .resolveAfter(settings.duration("sandbox.luka.resolve-after-seconds"))
                .webhookTo("http://127.0.0.1:" + properties.resolveProperty("camel.server.port").orElse("8080")
                        + "/webhooks/luka", lukaWebhookSecret));
        override(context, "luka.base-url", luka.baseUrl());
        override(context, "luka.username", "sandbox-luka-user");
        override(context, "luka.password", "sandbox-luka-password");
        override(context, "luka.webhook.secret", lukaWebhookSecret);
        for (String key : List.of("luka.deferred.poll.cron", "luka.deferred.pending-after", "luka.deferred.poll-interval",
                "luka.deferred.review-poll-interval", "luka.deferred.expire-after")) {
            properties.resolveProperty("sandbox." + key).ifPresent(value -> override(context, key, value));
        }
        LOG.info("Sandbox Luka simulator on {}: the reference's last digit picks Luka's answer (docs/partners.md)", luka.baseUrl());
        // ---- end LUKA ----
    }

    /** Sandbox payer whose credits the Bancamiga simulator generates and the find poller watches. */
    static final String SANDBOX_PHONE = "584140000001";
    static final String SANDBOX_BANK = "0172";

    private static void startBancamiga(CamelContext context, PropertiesComponent properties) throws Exception {
        BancamigaSimulator bank = serve(context, new BancamigaSimulator());
        String[] pair = bank.issueInitialPair();
        override(context, "bancamiga.base-url", bank.baseUrl());
        override(context, "bancamiga.access-token", pair[0]);
        override(context, "bancamiga.refresh-token", pair[1]);
        override(context, "bancamiga.find.watch", SANDBOX_PHONE + ":" + SANDBOX_BANK);
        override(context, "bancamiga.find.cron", properties.resolveProperty("sandbox.bancamiga.find.cron").orElse("0/20 * * * * ?"));
        String webhookToken = properties.resolveProperty("bancamiga.webhook.token").orElse("");
        if (webhookToken.isBlank()) {
            webhookToken = "sandbox-bancamiga-webhook-token";
            override(context, "bancamiga.webhook.token", webhookToken);
        }
        String webhookUrl = "http://127.0.0.1:" + properties.resolveProperty("camel.server.port").orElse("8080") + "/webhooks/bancamiga";
        long every = Settings.of(context).duration("sandbox.bancamiga.payment-interval-seconds").toSeconds();
        bank.generatePayments(java.time.Duration.ofSeconds(every), SANDBOX_PHONE, SANDBOX_BANK, webhookUrl, webhookToken);
        LOG.info("Sandbox Bancamiga at {}: a payment from {}/{} every {} s, two in three also by webhook",
                bank.baseUrl(), SANDBOX_PHONE, SANDBOX_BANK, every);
    }

    /** Starts a simulator as a service of the context (stopped with it) and returns it. */
    static <T extends PartnerSimulator> T serve(CamelContext context, T simulator) throws Exception {
        context.addService(simulator, true, true);
        simulator.start();
        return simulator;
    }

    static void override(CamelContext context, String key, String value) {
        context.getPropertiesComponent().addOverrideProperty(key, value);
    }
}
