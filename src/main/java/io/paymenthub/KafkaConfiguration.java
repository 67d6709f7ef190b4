package io.paymenthub;

import java.nio.file.Path;

import io.paymenthub.kafka.EmbeddedKafkaBroker;
import io.paymenthub.settings.InvalidSetting;
import io.paymenthub.settings.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event stream: the Kafka cluster of {@code kafka.brokers}, or an embedded single-node broker when that is
 * empty. Right after the settings, so that the embedded broker boots while the store is migrated and the routes load.
 */
public class KafkaConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConfiguration.class);

    /**
     * The embedded broker, started booting here, or nothing bound when kafka.brokers names a cluster. With one, every
     * later reader of kafka.brokers (the relay's producer, the health check) gets the embedded broker's address.
     * Bound so that PaymentHub.main finds and stops it even when the start fails before {@link #configure}.
     *
     * @throws InvalidSetting cluster.enabled=true with kafka.brokers empty
     */
    @BindToRegistry
    public EmbeddedKafkaBroker embeddedKafkaBroker(CamelContext context, Settings settings) {
        String brokers = settings.text("kafka.brokers");
        if (!brokers.isEmpty()) {
            LOG.info("Publishing to the Kafka cluster at {}", brokers);
            return null;
        }
        if (settings.flag("cluster.enabled")) {
            throw new InvalidSetting("cluster.enabled=true needs kafka.brokers: with it empty each instance "
                    + "would start an embedded broker of its own and publish to it alone. Set kafka.brokers to the "
                    + "Kafka cluster every instance shares.");
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings.integer("kafka.embedded.port"),
                settings.integer("kafka.embedded.controller-port"), Path.of(settings.text("kafka.embedded.data-dir")));
        LOG.info("kafka.brokers is empty: starting an embedded Kafka broker on {}", broker.bootstrapServers());
        broker.startInBackground();
        context.getPropertiesComponent().addOverrideProperty("kafka.brokers", broker.bootstrapServers());
        return broker;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        EmbeddedKafkaBroker broker = context.getRegistry().findSingleByType(EmbeddedKafkaBroker.class);
        if (broker != null) {
            // as a service it is ready before any route starts (its start waits for the boot) and stops after them
            context.addService(broker, true, true);
        }
    }
}
