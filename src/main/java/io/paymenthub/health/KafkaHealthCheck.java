package io.paymenthub.health;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Service;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Readiness of the event stream: the Kafka cluster answers a metadata request within three seconds. */
public final class KafkaHealthCheck extends AbstractHealthCheck implements Service {

    private final String brokers;
    private Admin admin;

    public KafkaHealthCheck(String brokers) {
        super("payment-hub", "kafka");
        this.brokers = brokers;
    }

    @Override
    public boolean isLiveness() {
        // a Kafka outage delays events (they wait in the outbox); restarting the runner would not help
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            int nodes = admin().describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
            builder.detail("brokers", brokers).detail("nodes", nodes).up();
        } catch (Exception e) {
            builder.detail("brokers", brokers).message("Kafka is unreachable at " + brokers).down();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "payment-hub-health");
            admin = Admin.create(p);
        }
        return admin;
    }

    @Override
    public void start() {
        // the admin client is created on the first check
    }

    @Override
    public synchronized void stop() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
