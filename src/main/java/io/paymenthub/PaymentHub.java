package io.paymenthub;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.paymenthub.bamboo.BambooConfiguration;
import io.paymenthub.bancamiga.BancamigaConfiguration;
import io.paymenthub.kafka.EmbeddedKafkaBroker;
import io.paymenthub.luka.LukaConfiguration;
import io.paymenthub.pago46.Pago46Configuration;
import io.paymenthub.settings.InvalidSetting;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.Database;
import io.paymenthub.store.StoreUnreachable;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runner: reads ./application.properties and ./routes/*.camel.yaml from the working directory. */
public final class PaymentHub {

    /**
     * Every bean the routes call, bound by {@code @BindToRegistry} methods whose parameters are the bean's
     * dependencies; the tests run the same list. Camel binds the configurations in this order, all of them before
     * any {@code configure()} (which only adds services, start-up listeners and gauges), so a parameter is either a
     * bean of an earlier configuration, or a bean of the same one whose own parameters all come from earlier ones
     * (within a class Camel binds those first). ConfigurationOrderTest checks that rule. Add them as instances
     * ({@link #newConfigurations()}): a class added by name Camel Main post-processes twice (once as it creates the
     * instance, once more with the instances), so every bean would be built twice.
     */
    public static final List<Class<? extends CamelConfiguration>> CONFIGURATIONS = List.of(
            // settings checked, sandbox applied, metrics registry, each partner's settings (Bancamiga, PAGO46, Bamboo, Luka)
            SettingsConfiguration.class,
            // the embedded broker, booting in the background while the rest is built (kafka.brokers empty)
            KafkaConfiguration.class,
            // database (migrated), outbox, refused bodies, review queue, audit
            StoreConfiguration.class,
            // PAGO46 before the payment store, which queues each received payment's registration
            Pago46Configuration.class,
            // payment store, outbox relay, HTTP guards and error answers, intake operator actions, health
            PaymentHubConfiguration.class,
            BancamigaConfiguration.class,
            BambooConfiguration.class,
            LukaConfiguration.class,
            ConsoleConfiguration.class,
            ReconciliationConfiguration.class);

    /** One new instance of each of {@link #CONFIGURATIONS}, in order, for one CamelContext (the runner's, a test's). */
    public static List<CamelConfiguration> newConfigurations() {
        return CONFIGURATIONS.stream().<CamelConfiguration>map(type -> {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + type.getName(), e);
            }
        }).toList();
    }

    private static final String PROPERTIES = "file:application.properties";
    private static final Logger LOG = LoggerFactory.getLogger(PaymentHub.class);

    private PaymentHub() {
    }

    /**
     * Runs until stopped. A refused setting ends the process with exit code 2, a store unreachable at start with 3;
     * either after one log line, no stack trace.
     */
    public static void main(String... args) throws Exception {
        Main main = new Main();
        newConfigurations().forEach(main.configure()::addConfiguration);
        main.setDefaultPropertyPlaceholderLocation(PROPERTIES);
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
        int refused = 0;
        try {
            checkBeforeCamel();
            main.run(args);
        } catch (Exception e) {
            refused = exitCode(e);
            if (refused == 0) {
                throw e;
            }
            LOG.error(refusal(e).getMessage());
        } finally {
            // also when start failed: the broker's threads would otherwise keep the JVM alive
            if (main.getCamelContext() != null) {
                EmbeddedKafkaBroker broker = main.getCamelContext().hasService(EmbeddedKafkaBroker.class);
                if (broker == null) {
                    broker = main.getCamelContext().getRegistry().findSingleByType(EmbeddedKafkaBroker.class);
                }
                if (broker != null) {
                    broker.stop();
                }
            }
            finished.countDown();
        }
        if (refused != 0) {
            // nothing is left to stop: halt, so that no shutdown hook adds lines after the one that says why
            Runtime.getRuntime().halt(refused);
        }
    }

    /**
     * The settings check of SettingsConfiguration, run once more before Camel Main starts, on the same sources
     * (application.properties, -D, environment), then whether the store answers: a bad value or an unreachable
     * store is then the only line the runner prints, and no Kafka broker of its own has started booting.
     */
    private static void checkBeforeCamel() {
        // never started, so never stopped either (a stop would log three lines)
        DefaultCamelContext probe = new DefaultCamelContext(false);
        probe.build(); // its type converter reads override properties
        probe.getPropertiesComponent().setLocation(PROPERTIES);
        Settings settings = new Settings(probe.getPropertiesComponent());
        settings.verifyAll();
        Database.preflight(settings.text("db.url"), settings.text("db.user"), settings.secret("db.password"),
                settings.duration("db.connection-timeout-ms"));
    }

    /** The exit code of a start refused for a known reason (anywhere in the cause chain), or 0. */
    static int exitCode(Throwable e) {
        Throwable reason = refusal(e);
        return reason instanceof InvalidSetting ? InvalidSetting.EXIT_CODE
                : reason instanceof StoreUnreachable ? StoreUnreachable.EXIT_CODE : 0;
    }

    private static Throwable refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidSetting || t instanceof StoreUnreachable) {
                return t;
            }
        }
        return null;
    }
}
