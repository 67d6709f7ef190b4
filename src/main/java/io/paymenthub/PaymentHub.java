package io.paymenthub;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.paymenthub.kafka.EmbeddedKafkaBroker;
import org.apache.camel.main.Main;

/** The runner: reads ./application.properties and ./routes/*.camel.yaml from the working directory. */
public final class PaymentHub {

    private PaymentHub() {
    }

    public static void main(String... args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(KafkaConfiguration.class);
        main.configure().addConfiguration(PaymentHubConfiguration.class);
        main.configure().addConfiguration(BancamigaConfiguration.class);
        main.configure().addConfiguration(Pago46Configuration.class);
        main.configure().addConfiguration(BambooConfiguration.class);
        main.configure().addConfiguration(LukaConfiguration.class);
        main.configure().addConfiguration(ConsoleConfiguration.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        // Camel's shutdown hook waits for the CamelContext only; this one keeps the JVM up until
        // main() has returned, so the embedded broker is never cut off in the middle of its shutdown.
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
            if (main.getCamelContext() != null) {
                EmbeddedKafkaBroker broker = main.getCamelContext().hasService(EmbeddedKafkaBroker.class);
                if (broker != null) {
                    broker.stop();
                }
            }
            finished.countDown();
        }
    }
}
