package io.paymenthub.pago46;

import java.util.Locale;

import io.paymenthub.ops.OpsAudit;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.Database;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PAGO46 beans (routes/pago46-forward.camel.yaml calls them by name). Before PaymentHubConfiguration: the
 * payment store takes {@link Pago46Registrations}, which queues every received payment's registration in the
 * payment's own transaction. Derives {@code pago46.forward.active} (SettingKeys.DERIVED).
 */
public class Pago46Configuration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(Pago46Configuration.class);

    /** Queues registrations while the flow is on (all required pago46.* settings set); does nothing otherwise. */
    @BindToRegistry(Pago46Registrations.BEAN)
    public Pago46Registrations pago46Registrations(Pago46Settings s, Settings settings) {
        settings.derive("pago46.forward.active", s.enabled());
        if (s.enabled()) {
            LOG.info("PAGO46 registration is on: providers {} go to {} in batches of up to {} (at most {} s wait), {} signature",
                    s.providers, s.baseUrl + Pago46Settings.BULK_TRANSACTION_PATH, s.batchSize, s.maxWait.toSeconds(),
                    s.scheme.name().toLowerCase(Locale.ROOT));
        } else {
            LOG.info("PAGO46 registration is off: {} not set; received payments are not queued for PAGO46 until {}",
                    String.join(", ", s.missing()), s.missing().size() == 1 ? "it is" : "they are");
        }
        return new Pago46Registrations(s);
    }

    @BindToRegistry
    public Pago46Batches pago46Batches(Database database) {
        return new Pago46Batches(database);
    }

    @BindToRegistry
    public Pago46Signer pago46Signer(Pago46Settings settings) {
        return new Pago46Signer(settings);
    }

    /** Reads PAGO46's answers: an acceptance, or a PartnerError that routes/error-handling.camel.yaml turns into a retry or a parked batch. */
    @BindToRegistry
    public Pago46Api pago46Api() {
        return new Pago46Api();
    }

    @BindToRegistry
    public Pago46Forwarder pago46Forwarder(Pago46Batches batches, Pago46Settings settings) {
        return new Pago46Forwarder(batches, new Pago46Events(), settings);
    }

    /** Health of the forwarder: only while the flow is on. */
    @BindToRegistry
    public Pago46HealthCheck pago46HealthCheck(Pago46Batches batches, Pago46Settings settings) {
        return settings.enabled() ? new Pago46HealthCheck(batches) : null;
    }

    /** Parked batches under /ops/ (OpsEndpoints finds every OpsActions bean): only while the flow is on and management is. */
    @BindToRegistry
    public Pago46OperatorEndpoints pago46OperatorActions(Pago46Batches batches, Pago46Settings settings, OpsAudit audit,
                                                         CamelContext context) {
        boolean management = context.getPropertiesComponent().resolveProperty("camel.management.enabled")
                .map(Boolean::parseBoolean).orElse(false);
        return settings.enabled() && management ? new Pago46OperatorEndpoints(batches, settings, audit) : null;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Pago46OperatorEndpoints operator = context.getRegistry().findSingleByType(Pago46OperatorEndpoints.class);
        if (operator != null) {
            context.addStartupListener(operator); // the first /observe/pago46 paths
        }
    }
}
