package io.paymenthub;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.paymenthub.kafka.EmbeddedKafkaStarter;
import org.apache.camel.main.Main;

/** The runner: reads ./application.properties and ./routes/*.camel.yaml from the working directory. */
public final class PaymentHub {

    private PaymentHub() {
    }

    public static void main(String... args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(PaymentHubConfiguration.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        EmbeddedKafkaStarter kafka = new EmbeddedKafkaStarter();
        main.addMainListener(kafka);

        // Camel's own shutdown hook waits for Camel only; this one keeps the JVM up until the
        // embedded broker (stopped after Camel) has flushed and closed its logs.
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "payment-hub-shutdown"));
        try {
            main.run(args);
        } finally {
            // also when start failed: the broker's threads would otherwise keep the JVM alive
            kafka.stopBroker();
            finished.countDown();
        }
    }
}
