package io.paymenthub.pago46;

import io.paymenthub.pago46.Pago46Batches;
import io.paymenthub.pago46.Pago46Events;
import io.paymenthub.pago46.Pago46Forwarder;
import io.paymenthub.pago46.Pago46HealthCheck;
import io.paymenthub.ops.OpsAudit;
import io.paymenthub.pago46.Pago46OperatorEndpoints;
import io.paymenthub.pago46.Pago46Registrations;
import io.paymenthub.pago46.Pago46Settings;
import io.paymenthub.pago46.Pago46Signer;
import io.paymenthub.store.Database;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the PAGO46 beans (routes/pago46-forward.camel.yaml calls them by name). The pago46.* settings are
 * read when first needed, after PaymentHubConfiguration has started the sandbox, whose overrides apply
 * to them; hence the lazy bindings.
 */
public class Pago46Configuration implements CamelConfiguration {

    /** Derived, not a setting: whether the forwarder route starts (all required pago46.* settings present). */
    static final String ACTIVE = "pago46.forward.active";

    private static final Logger LOG = LoggerFactory.getLogger(Pago46Configuration.class);

    @PropertyInject(value = "camel.management.enabled", defaultValue = "false")
    private boolean managementEnabled;

    private Pago46Settings settings;
    private Pago46Batches batches;

    private synchronized Pago46Settings settings(CamelContext context) {
        if (settings == null) {
            settings = Pago46Settings.from(context.getPropertiesComponent());
        }
        return settings;
    }

    private synchronized Pago46Batches batches(CamelContext context) {
        if (batches == null) {
            batches = new Pago46Batches(context.getRegistry().lookupByNameAndType("database", Database.class));
        }
        return batches;
    }

    @BindToRegistry(value = Pago46Registrations.BEAN, lazy = true)
    public Pago46Registrations pago46Registrations(CamelContext context) {
        return new Pago46Registrations(settings(context));
    }

    @BindToRegistry(lazy = true)
    public Pago46Batches pago46Batches(CamelContext context) {
        return batches(context);
    }

    @BindToRegistry(lazy = true)
    public Pago46Signer pago46Signer(CamelContext context) {
        return new Pago46Signer(settings(context));
    }

    @BindToRegistry(lazy = true)
    public Pago46Forwarder pago46Forwarder(CamelContext context) {
        return new Pago46Forwarder(batches(context), new Pago46Events(), settings(context));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Pago46Settings s = settings(context);
        context.getPropertiesComponent().addOverrideProperty(ACTIVE, Boolean.toString(s.enabled()));
        if (!s.enabled()) {
            LOG.info("PAGO46 registration is off: {} not set; received payments are not queued for PAGO46 until {}",
                    String.join(", ", s.missing()), s.missing().size() == 1 ? "it is" : "they are");
            return;
        }
        LOG.info("PAGO46 registration is on: providers {} go to {} in batches of up to {} (at most {} s wait), {} signature",
                s.providers, s.baseUrl + Pago46Settings.BULK_TRANSACTION_PATH, s.batchSize, s.maxWait.toSeconds(), s.scheme.name().toLowerCase(java.util.Locale.ROOT));
        context.getRegistry().bind("pago46HealthCheck", new Pago46HealthCheck(batches(context)));
        if (managementEnabled) {
            Pago46OperatorEndpoints operator = new Pago46OperatorEndpoints(batches(context), s,
                    context.getRegistry().lookupByNameAndType("opsAudit", OpsAudit.class));
            context.getRegistry().bind("pago46OperatorActions", operator); // under /ops/ (OpsEndpoints finds it)
            context.addStartupListener(operator); // the first /observe/pago46 paths
        }
    }
}
