package io.paymenthub.kafka;

import java.nio.file.Path;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When {@code kafka.brokers} is empty, starts the embedded single-node broker before the routes are
 * configured and points {@code kafka.brokers} at it; stops it after Camel has stopped.
 */
public final class EmbeddedKafkaStarter extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaStarter.class);

    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        String brokers = properties.resolveProperty("kafka.brokers").orElse("").trim();
        if (!brokers.isEmpty()) {
            LOG.info("Using the Kafka cluster at {}", brokers);
            return;
        }
        int port = Integer.parseInt(properties.resolveProperty("kafka.embedded.port").orElse("9092"));
        int controllerPort = Integer.parseInt(properties.resolveProperty("kafka.embedded.controller-port").orElse("9093"));
        Path dataDir = Path.of(properties.resolveProperty("kafka.embedded.data-dir").orElse("data/kafka"));
        LOG.info("kafka.brokers is empty: starting an embedded Kafka broker on 127.0.0.1:{}", port);
        broker = new EmbeddedKafkaBroker(port, controllerPort, dataDir);
        try {
            broker.start();
        } catch (Exception e) {
            throw new IllegalStateException("The embedded Kafka broker could not start on 127.0.0.1:" + port
                    + " (is the port taken? set kafka.embedded.port, or kafka.brokers to use a cluster)", e);
        }
        properties.addOverrideProperty("kafka.brokers", broker.bootstrapServers());
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        stopBroker();
    }

    /** Stops the broker if one was started; safe to call more than once. */
    public void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
