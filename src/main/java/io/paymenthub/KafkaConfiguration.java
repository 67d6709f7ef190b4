package io.paymenthub;

import java.nio.file.Path;

import io.paymenthub.health.KafkaHealthCheck;
import io.paymenthub.kafka.EmbeddedKafkaBroker;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event stream: the Kafka cluster of {@code kafka.brokers}, or an embedded single-node broker when that is
 * empty. Added first, so that the embedded broker boots while the store is migrated and the routes load.
 */
public class KafkaConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConfiguration.class);

    @PropertyInject(value = "kafka.brokers", defaultValue = "")
    private String kafkaBrokers;
    @PropertyInject(value = "cluster.enabled", defaultValue = "false")
    private boolean clusterEnabled;
    @PropertyInject("kafka.embedded.port")
    private int embeddedKafkaPort;
    @PropertyInject("kafka.embedded.controller-port")
    private int embeddedKafkaControllerPort;
    @PropertyInject("kafka.embedded.data-dir")
    private String embeddedKafkaDataDir;

    private EmbeddedKafkaBroker embeddedBroker;
    private KafkaHealthCheck kafkaHealthCheck;

    /**
     * Readiness of the event stream. Bound while the configuration is read, before the store is migrated: when
     * kafka.brokers is empty, the embedded broker starts booting here, so that its boot overlaps the rest.
     */
    @BindToRegistry
    public synchronized KafkaHealthCheck kafkaHealthCheck(CamelContext camelContext) {
        if (kafkaHealthCheck != null) {
            return kafkaHealthCheck;
        }
        String brokers = kafkaBrokers.trim();
        if (brokers.isEmpty() && clusterEnabled) {
            throw new io.paymenthub.settings.InvalidSetting("cluster.enabled=true needs kafka.brokers: with it empty each instance "
                    + "would start an embedded broker of its own and publish to it alone. Set kafka.brokers to the "
                    + "Kafka cluster every instance shares.");
        }
        if (brokers.isEmpty()) {
            embeddedBroker = new EmbeddedKafkaBroker(
                    embeddedKafkaPort, embeddedKafkaControllerPort, Path.of(embeddedKafkaDataDir));
            LOG.info("kafka.brokers is empty: starting an embedded Kafka broker on {}", embeddedBroker.bootstrapServers());
            embeddedBroker.startInBackground();
            // found by PaymentHub.main even when start fails before configure() adds it as a service
            camelContext.getRegistry().bind("embeddedKafkaBroker", embeddedBroker);
            brokers = embeddedBroker.bootstrapServers();
            camelContext.getPropertiesComponent().addOverrideProperty("kafka.brokers", brokers);
        } else {
            LOG.info("Publishing to the Kafka cluster at {}", brokers);
        }
        kafkaHealthCheck = new KafkaHealthCheck(brokers);
        return kafkaHealthCheck;
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        if (embeddedBroker != null) {
            // as a service it is ready before any route starts (its start waits for the boot) and stops after them
            camelContext.addService(embeddedBroker, true, true);
        }
        camelContext.addService(kafkaHealthCheck(camelContext), true, true);
    }
}
