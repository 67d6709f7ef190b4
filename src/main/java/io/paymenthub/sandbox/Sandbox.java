package io.paymenthub.sandbox;

import java.util.List;

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

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private Sandbox() {
    }

    /** Starts the simulators as services of the context and overrides the partner settings to use them. */
    public static void start(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        for (String key : PARTNER_CREDENTIALS) {
            if (!properties.resolveProperty(key).orElse("").isBlank()) {
                throw new IllegalStateException("sandbox.enabled=true but " + key + " is set: the sandbox never runs "
                        + "with real partner credentials. Unset " + key + " or set sandbox.enabled=false.");
            }
        }
        LOG.warn("SANDBOX MODE: every partner is played by a simulator on 127.0.0.1; nothing reaches a real partner");
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
